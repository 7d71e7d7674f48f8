/**
 * The HMAC-SHA256 signature of a V3 (`ACS3-HMAC-SHA256`) request.
 *
 * @module
 */

import { toHex } from "../_internal/bytes.ts";
import { hmacSha256, hmacSha256Key } from "../_internal/hmac.ts";
import { checkSecret, checkStringToSign } from "../_internal/sign_inputs.ts";

/**
 * Signs a V3 string to sign: the lower-case hex HMAC-SHA256 of its UTF-8
 * bytes, keyed with the bare access key secret (no `&`, unlike the RPC
 * signature). Synchronous.
 *
 * @param stringToSign From {@linkcode buildStringToSignV3}.
 * @param accessKeySecret The access key secret. It never appears in an error.
 * @returns 64 lower-case hex digits.
 * @throws {AcsTypeError} `invalid-credentials` when the secret is empty, not
 * a string, or not well-formed Unicode; `invalid-unicode` when the string to
 * sign holds a lone surrogate; `invalid-option` when it is not a string.
 *
 * @example The documentation's example
 * ```ts
 * import { signV3 } from "@acs/rpc/v3";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   signV3(
 *     "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
 *     "YourAccessKeySecret",
 *   ),
 *   "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
 * );
 * ```
 */
export function signV3(stringToSign: string, accessKeySecret: string): string {
  checkSecret(accessKeySecret);
  checkStringToSign(stringToSign);
  return toHex(hmacSha256(hmacSha256Key(accessKeySecret), stringToSign));
}
