/**
 * UTF-8 percent-encoding as Alibaba Cloud's RPC signature requires it.
 *
 * @module
 */

import { encodeText } from "./_encode.ts";
import { AcsTypeError } from "../../../lib/errors/mod.ts";

/**
 * Percent-encodes a string the way the RPC signature requires: its UTF-8 bytes,
 * with `A-Z a-z 0-9 - _ . ~` kept as they are and every other byte written as
 * `%XX` in upper-case hex. A space becomes `%20` (never `+`), `*` becomes
 * `%2A`, and `!'()` are encoded too.
 *
 * @param value The text to encode.
 * @returns The encoded text.
 * @throws {AcsTypeError} With code `invalid-unicode` when `value` holds a lone
 * surrogate, which has no UTF-8 form (the message gives its index), and
 * `unsupported-value` when `value` is not a string.
 *
 * @example Encoding the characters users most often get wrong
 * ```ts
 * import { percentEncode } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.equal(percentEncode("a b*c~d"), "a%20b%2Ac~d");
 * assert.equal(percentEncode("!'()"), "%21%27%28%29");
 * assert.equal(percentEncode("杭州"), "%E6%9D%AD%E5%B7%9E");
 * ```
 */
export function percentEncode(value: string): string {
  if (typeof value !== "string") {
    throw new AcsTypeError(
      "unsupported-value",
      `Cannot encode value: expected a string, got ${typeof value}`,
    );
  }
  return encodeText(value, "text");
}
