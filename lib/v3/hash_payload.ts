/**
 * The hashed payload of a V3 (`ACS3-HMAC-SHA256`) request.
 *
 * @module
 */

import { toHex } from "../_internal/bytes.ts";
import { isWellFormed, loneSurrogateIndex } from "../_internal/encode.ts";
import { sha256 } from "../_internal/sha256.ts";
import { AcsTypeError } from "../errors/mod.ts";

/**
 * Hashes a request body for signature V3: the lower-case hex SHA-256 of its
 * bytes (a string as UTF-8), or of no bytes at all for a request without a
 * body. It is sent as `x-acs-content-sha256` and ends the canonical request.
 *
 * @param body The body: a string, bytes, or `null` for none.
 * @returns 64 lower-case hex digits.
 * @throws {AcsTypeError} `invalid-unicode` for a string with a lone
 * surrogate (it has no UTF-8 form), `invalid-option` for anything but a
 * string, a `Uint8Array` or `null`.
 *
 * @example No body, and a form body
 * ```ts
 * import { hashPayload } from "@acs/rpc/v3";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   hashPayload(null),
 *   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
 * );
 * assert.equal(hashPayload("abc"), hashPayload(new TextEncoder().encode("abc")));
 * ```
 */
export function hashPayload(body: string | Uint8Array | null): string {
  if (body === null) return EMPTY;
  if (typeof body === "string") {
    if (!isWellFormed(body)) {
      throw new AcsTypeError(
        "invalid-unicode",
        `Cannot hash body: lone surrogate at index ${loneSurrogateIndex(body)}`,
        { parameter: "body" },
      );
    }
    return toHex(sha256(body));
  }
  // isView first: it reads no property, so a Proxy (even a revoked one) or an
  // object that only inherits from Uint8Array is refused rather than read.
  if (!ArrayBuffer.isView(body) || !(body instanceof Uint8Array)) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot hash body: expected a string, a Uint8Array or null, got ${typeof body}`,
      { parameter: "body" },
    );
  }
  return toHex(sha256(body));
}

const EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
