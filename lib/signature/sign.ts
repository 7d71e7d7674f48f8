/**
 * The HMAC-SHA1 signature of an RPC request.
 *
 * @module
 */

import { checkSecret, checkStringToSign } from "../_internal/sign_inputs.ts";
import { signWith } from "./_keyed.ts";

/**
 * Signs a string to sign: the Base64 of its HMAC-SHA1, keyed with the access
 * key secret followed by `&`. Synchronous, unlike WebCrypto, because the async
 * hop costs several times the HMAC itself. It keys the HMAC on every call and
 * keeps nothing of the secret; `signRequest` keeps the keyed state of each
 * credentials object instead, for as long as that object lives.
 *
 * @param stringToSign The string to sign, from {@linkcode buildStringToSign}.
 * @param accessKeySecret The access key secret. It never appears in an error.
 * @returns The signature, in Base64.
 * @throws {AcsTypeError} `invalid-credentials` when the secret is empty, not a
 * string, or not well-formed Unicode; `invalid-unicode` when the string to sign
 * holds a lone surrogate.
 *
 * @example The documentation's worked example
 * ```ts
 * import { sign } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const stringToSign = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions" +
 *   "%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
 *   "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
 *   "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z" +
 *   "%26Version%3D2014-05-26";
 * assert.equal(sign(stringToSign, "testsecret"), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
 * ```
 */
export function sign(stringToSign: string, accessKeySecret: string): string {
  checkSecret(accessKeySecret);
  checkStringToSign(stringToSign);
  return signWith(accessKeySecret, stringToSign);
}
