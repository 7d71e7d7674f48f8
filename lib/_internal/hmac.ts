// TEMP: replaced by branch hash at merge
// Internal: HMAC-SHA256, synchronous, with the key prepared once. Backed by
// @noble/hashes until the project's own implementation (branch hash) lands
// with exactly these names.

import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";

const utf8 = new TextEncoder();

/** An HMAC-SHA256 key: make one with {@linkcode hmacSha256Key}. */
export class HmacSha256Key {
  readonly #key: Uint8Array;

  /** Keys HMAC-SHA256 with `key`; see {@linkcode hmacSha256Key}. */
  constructor(key: string | Uint8Array) {
    this.#key = typeof key === "string" ? utf8.encode(key) : key.slice();
  }

  /** The HMAC-SHA256 of `message` under `keyed`; see {@linkcode hmacSha256}. */
  static mac(keyed: HmacSha256Key, message: string | Uint8Array): Uint8Array {
    return hmac(sha256, keyed.#key, typeof message === "string" ? utf8.encode(message) : message);
  }
}

/** Prepares an HMAC-SHA256 key (a string, as UTF-8, or bytes) for any number of messages. */
export function hmacSha256Key(key: string | Uint8Array): HmacSha256Key {
  return new HmacSha256Key(key);
}

/** The 32-byte HMAC-SHA256 of `message` (a string, as UTF-8, or bytes). */
export function hmacSha256(keyed: HmacSha256Key, message: string | Uint8Array): Uint8Array {
  return HmacSha256Key.mac(keyed, message);
}
