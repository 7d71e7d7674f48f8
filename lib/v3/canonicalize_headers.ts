/**
 * The canonical headers and signed headers of a V3 (`ACS3-HMAC-SHA256`)
 * request.
 *
 * @module
 */

import { canonicalHeadersOf, readHeaders } from "./_headers.ts";

/** Request headers: a plain object, a `Headers`, or an iterable of name/value pairs. */
export type HeadersInput =
  | Readonly<Record<string, string>>
  | Iterable<readonly [name: string, value: string]>;

/** What {@linkcode canonicalizeHeaders} returns. */
export interface CanonicalHeaders {
  /** `name:value\n` for each signed header, sorted by name. */
  readonly canonicalHeaders: string;
  /** The signed header names, sorted, joined with `;`. */
  readonly signedHeaders: string;
}

/**
 * Builds the `CanonicalHeaders` and `SignedHeaders` of signature V3 from the
 * headers a request sends: of those, `host`, `content-type` and every
 * `x-acs-*` header are signed, with their names in lower case and their
 * values trimmed of leading and trailing spaces and tabs (inner white space
 * is kept), sorted by name, each written `name:value\n`; the signed headers
 * are the same names joined with `;`. Other headers (`accept`, `user-agent`)
 * are sent unsigned.
 *
 * @param headers The headers to send, `host` included.
 * @returns The canonical headers and the signed header names.
 * @throws {AcsTypeError} `invalid-header` for a name that is not an HTTP
 * token or a value with a control character (other than tab) or a non-ASCII
 * character, which a request cannot carry as signed; `duplicate-parameter`
 * for a name given twice in any case; `invalid-option` for headers that are
 * not an object, a `Headers` or pairs, or that cannot be read.
 *
 * @example Lower case, trimming, sorting; `accept` is not signed
 * ```ts
 * import { canonicalizeHeaders } from "@acs/rpc/v3";
 * import assert from "node:assert/strict";
 *
 * const { canonicalHeaders, signedHeaders } = canonicalizeHeaders({
 *   "X-Acs-Action": "DescribeRegions",
 *   host: "ecs.aliyuncs.com",
 *   accept: "application/json",
 *   "x-acs-version": "  2014-05-26 ",
 * });
 * assert.equal(
 *   canonicalHeaders,
 *   "host:ecs.aliyuncs.com\nx-acs-action:DescribeRegions\nx-acs-version:2014-05-26\n",
 * );
 * assert.equal(signedHeaders, "host;x-acs-action;x-acs-version");
 * ```
 */
export function canonicalizeHeaders(headers: HeadersInput): CanonicalHeaders {
  return canonicalHeadersOf(readHeaders(headers));
}
