// Internal: the checks of what an HMAC signature is computed from, shared by
// sign() and signRequest (RPC, HMAC-SHA1) and signV3 (V3, HMAC-SHA256), so
// that both refuse the same secret and the same string to sign alike. mod.ts
// never re-exports this file.

import { AcsTypeError } from "../errors/mod.ts";
import { isWellFormed, loneSurrogateIndex } from "./encode.ts";

/** Checks an access key secret: a non-empty, well-formed string. The message never quotes it. */
export function checkSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== "string" || secret === "") {
    throw new AcsTypeError(
      "invalid-credentials",
      "Cannot sign: the access key secret must be a non-empty string",
      { parameter: "accessKeySecret" },
    );
  }
  if (!isWellFormed(secret)) {
    throw new AcsTypeError(
      "invalid-credentials",
      "Cannot sign: the access key secret is not well-formed Unicode",
      { parameter: "accessKeySecret" },
    );
  }
}

/** Checks a string to sign: a well-formed string (no lone surrogate, which UTF-8 cannot carry). */
export function checkStringToSign(stringToSign: unknown): asserts stringToSign is string {
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
}
