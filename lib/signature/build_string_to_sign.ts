/**
 * The string to sign of an RPC request.
 *
 * @module
 */

import { encodeText } from "../_internal/encode.ts";
import { AcsTypeError } from "../errors/mod.ts";
import { quotePrefix } from "../_internal/suggest.ts";

/** The HTTP methods an RPC request can use. */
export type HttpMethod = "GET" | "POST";

/**
 * Builds the string to sign: the method, `&`, the encoded path `%2F`, `&`,
 * and the percent-encoded canonicalized query string.
 *
 * @param method `GET` or `POST`, in upper case.
 * @param canonicalQuery The canonicalized query string, from
 * {@linkcode canonicalize}.
 * @returns The string to sign.
 * @throws {AcsTypeError} `invalid-option` for any other method;
 * `invalid-unicode` when the query holds a lone surrogate.
 *
 * @example The documentation's example request
 * ```ts
 * import { buildStringToSign } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   buildStringToSign("GET", "AccessKeyId=testid&Action=DescribeRegions"),
 *   "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions",
 * );
 * ```
 */
export function buildStringToSign(
  method: HttpMethod,
  canonicalQuery: string,
): string {
  if (method !== "GET" && method !== "POST") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot build string to sign: method must be "GET" or "POST", got ${
        typeof method === "string" ? quotePrefix(method) : typeof method
      }`,
      { parameter: "method" },
    );
  }
  if (typeof canonicalQuery !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot build string to sign: canonical query must be a string, got ${typeof canonicalQuery}`,
      { parameter: "canonicalQuery" },
    );
  }
  try {
    return `${method}&%2F&${encodeText(canonicalQuery, "canonical query")}`;
  } catch (error) {
    // The encoder's lone-surrogate error, naming the argument at fault.
    const { message } = error as Error;
    throw new AcsTypeError("invalid-unicode", message, {
      parameter: "canonicalQuery",
      cause: error,
    });
  }
}
