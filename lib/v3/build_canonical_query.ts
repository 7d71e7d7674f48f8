/**
 * The canonical query string of a V3 (`ACS3-HMAC-SHA256`) request.
 *
 * @module
 */

import { canonicalize } from "../signature/mod.ts";

/**
 * Builds the `CanonicalQueryString` of signature V3: the query parameters
 * sorted by name (UTF-16 code unit order of the unencoded names), each written
 * `percentEncode(name)=percentEncode(value)` with the same UTF-8 rule as the
 * RPC signature (an empty value gives `name=`), joined with `&`. It is the RPC
 * signature's canonicalized query string, applied to the API parameters only:
 * V3 carries the action, version, key and nonce in headers. `""` for no
 * parameters.
 *
 * @param pairs Flat name/value pairs (see `flattenParams`), values as text.
 * @returns The canonical query string.
 * @throws {AcsTypeError} `duplicate-parameter` for a name given twice,
 * `invalid-unicode` for a lone surrogate, `invalid-parameter-name` for an
 * empty name, `unsupported-value` for a value that is not a string, and
 * `invalid-option` for an entry that is not a pair.
 *
 * @example The documentation's example
 * ```ts
 * import { buildCanonicalQuery } from "@acs/rpc/v3";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   buildCanonicalQuery([
 *     ["RegionId", "cn-shanghai"],
 *     ["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
 *   ]),
 *   "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
 * );
 * assert.equal(buildCanonicalQuery([["Name", "a b*"], ["Empty", ""]]), "Empty=&Name=a%20b%2A");
 * ```
 */
export function buildCanonicalQuery(
  pairs: Iterable<readonly [name: string, value: string]>,
): string {
  return canonicalize(pairs);
}
