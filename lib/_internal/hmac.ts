// Internal: HMAC (RFC 2104, FIPS 198-1) over SHA-1 and SHA-256, with the
// key's two pad blocks compressed once. A keyed state holds only the hash
// states after `K0 ^ ipad` and `K0 ^ opad` (5 or 8 words each): nothing else
// of the key, not even a reference to the caller's bytes. Those states are as
// good as the key for computing MACs, so they live in a private field.

import {
  block,
  type Compress,
  digestInto,
  encodeUtf8,
  state,
  takeDigest,
} from "./merkle_damgard.ts";
import { SHA1_IV, sha1Compress } from "./sha1.ts";
import { SHA256_IV, sha256Compress } from "./sha256.ts";

const IPAD = 0x36363636;
const OPAD = 0x5c5c5c5c;

/**
 * The hash states after `K0 ^ ipad` and after `K0 ^ opad`, one after the
 * other (FIPS 198-1 §4 steps 1–4 and 7, up to the first compression of each
 * hash). K0 is the key as UTF-8 (a string) or bytes, hashed first if longer
 * than the 64-byte block, then zero-padded. The key's length decides the
 * path; its bytes never do.
 */
function keyStates(compress: Compress, iv: Int32Array, key: string | Uint8Array): Int32Array {
  const words = iv.length;
  const bytes = typeof key === "string" ? encodeUtf8(key) : key;
  if (bytes.length > 64) {
    for (let i = 0; i < words; i++) state[i] = iv[i]!;
    digestInto(compress, state, 0, bytes);
    for (let i = 0; i < words; i++) block[i] = state[i]!;
    state.fill(0);
  } else {
    for (let i = 0; i < bytes.length; i++) {
      block[i >> 2]! |= bytes[i]! << (24 - ((i & 3) << 3));
    }
  }
  // The UTF-8 copy, never the caller's bytes.
  if (bytes !== key) bytes.fill(0);
  // One array for both: a typed array costs more to make than to fill.
  const states = new Int32Array(words * 2);
  const inner = states.subarray(0, words);
  const outer = states.subarray(words);
  inner.set(iv);
  outer.set(iv);
  for (let i = 0; i < 16; i++) block[i]! ^= IPAD;
  compress(inner, block);
  for (let i = 0; i < 16; i++) block[i]! ^= IPAD ^ OPAD;
  compress(outer, block);
  block.fill(0);
  return states;
}

/**
 * The MAC of `message` under `states` (from {@linkcode keyStates}): the inner
 * hash continues from the first state, one block absorbed; the outer hash of
 * its digest is a single block, built here.
 */
function mac(
  compress: Compress,
  states: Int32Array,
  words: number,
  message: string | Uint8Array,
): Uint8Array {
  for (let i = 0; i < words; i++) state[i] = states[i]!;
  digestInto(compress, state, 64, message);
  for (let i = 0; i < words; i++) block[i] = state[i]!;
  block[words] = 0x80000000;
  // The outer message: the 64-byte pad block and the inner digest, in bits.
  block[15] = (64 + words * 4) * 8;
  for (let i = 0; i < words; i++) state[i] = states[words + i]!;
  compress(state, block);
  for (let i = 0; i < 16; i++) block[i] = 0;
  return takeDigest(state, words);
}

/** An HMAC-SHA1 key with its pad blocks absorbed: make one with {@linkcode hmacSha1Key}. */
export class HmacSha1Key {
  readonly #states: Int32Array;

  /** Keys HMAC-SHA1 with `key`; see {@linkcode hmacSha1Key}. */
  constructor(key: string | Uint8Array) {
    this.#states = keyStates(sha1Compress, SHA1_IV, key);
  }

  /** The HMAC-SHA1 of `message` under `keyed`; see {@linkcode hmacSha1}. */
  static mac(keyed: HmacSha1Key, message: string | Uint8Array): Uint8Array {
    return mac(sha1Compress, keyed.#states, 5, message);
  }
}

/** An HMAC-SHA256 key with its pad blocks absorbed: make one with {@linkcode hmacSha256Key}. */
export class HmacSha256Key {
  readonly #states: Int32Array;

  /** Keys HMAC-SHA256 with `key`; see {@linkcode hmacSha256Key}. */
  constructor(key: string | Uint8Array) {
    this.#states = keyStates(sha256Compress, SHA256_IV, key);
  }

  /** The HMAC-SHA256 of `message` under `keyed`; see {@linkcode hmacSha256}. */
  static mac(keyed: HmacSha256Key, message: string | Uint8Array): Uint8Array {
    return mac(sha256Compress, keyed.#states, 8, message);
  }
}

/**
 * Prepares an HMAC-SHA1 key for any number of messages.
 *
 * @param key The key: a string (as UTF-8) or bytes, of any length. A key
 * longer than 64 bytes is hashed first (RFC 2104 §2). Nothing keeps a
 * reference to it.
 * @returns The keyed state, for {@linkcode hmacSha1}.
 */
export function hmacSha1Key(key: string | Uint8Array): HmacSha1Key {
  return new HmacSha1Key(key);
}

/**
 * The HMAC-SHA1 of `message`.
 *
 * @param keyed A key from {@linkcode hmacSha1Key}.
 * @param message The message: a string (as UTF-8) or bytes. A string with a
 * lone surrogate is read as `TextEncoder` encodes it, with U+FFFD in its
 * place; callers that must reject one check first.
 * @returns The 20-byte MAC.
 * @throws {TypeError} If `keyed` is not an {@linkcode HmacSha1Key}.
 */
export function hmacSha1(keyed: HmacSha1Key, message: string | Uint8Array): Uint8Array {
  return HmacSha1Key.mac(keyed, message);
}

/**
 * Prepares an HMAC-SHA256 key for any number of messages.
 *
 * @param key The key: a string (as UTF-8) or bytes, of any length. A key
 * longer than 64 bytes is hashed first (RFC 2104 §2). Nothing keeps a
 * reference to it.
 * @returns The keyed state, for {@linkcode hmacSha256}.
 */
export function hmacSha256Key(key: string | Uint8Array): HmacSha256Key {
  return new HmacSha256Key(key);
}

/**
 * The HMAC-SHA256 of `message`.
 *
 * @param keyed A key from {@linkcode hmacSha256Key}.
 * @param message The message: a string (as UTF-8) or bytes. A string with a
 * lone surrogate is read as `TextEncoder` encodes it, with U+FFFD in its
 * place; callers that must reject one check first.
 * @returns The 32-byte MAC.
 * @throws {TypeError} If `keyed` is not an {@linkcode HmacSha256Key}.
 */
export function hmacSha256(keyed: HmacSha256Key, message: string | Uint8Array): Uint8Array {
  return HmacSha256Key.mac(keyed, message);
}
