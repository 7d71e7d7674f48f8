/**
 * The HMAC-SHA1 signature of an RPC request.
 *
 * @module
 */

import { hmac } from "@noble/hashes/hmac";
import { sha1 } from "@noble/hashes/sha1";
import { isWellFormed, loneSurrogateIndex } from "./_encode.ts";
import { AcsTypeError } from "../../../lib/errors/mod.ts";

const utf8 = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) {
    binary += String.fromCharCode(bytes[i]!);
  }
  return btoa(binary);
}

/**
 * Signs a string to sign: the Base64 of its HMAC-SHA1, keyed with the access
 * key secret followed by `&`. Synchronous, unlike WebCrypto, because the async
 * hop costs several times the HMAC itself.
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
  if (typeof accessKeySecret !== "string" || accessKeySecret === "") {
    throw new AcsTypeError(
      "invalid-credentials",
      "Cannot sign: the access key secret must be a non-empty string",
      { parameter: "accessKeySecret" },
    );
  }
  if (!isWellFormed(accessKeySecret)) {
    throw new AcsTypeError(
      "invalid-credentials",
      "Cannot sign: the access key secret is not well-formed Unicode",
      { parameter: "accessKeySecret" },
    );
  }
  if (typeof stringToSign !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot sign: the string to sign must be a string, got ${typeof stringToSign}`,
      { parameter: "stringToSign" },
    );
  }
  if (!isWellFormed(stringToSign)) {
    throw new AcsTypeError(
      "invalid-unicode",
      `Cannot sign: the string to sign has a lone surrogate at index ${
        loneSurrogateIndex(stringToSign)
      }`,
      { parameter: "stringToSign" },
    );
  }
  const mac = hmac(
    sha1,
    utf8.encode(accessKeySecret + "&"),
    utf8.encode(stringToSign),
  );
  return toBase64(mac);
}
