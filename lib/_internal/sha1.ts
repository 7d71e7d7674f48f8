// Internal: SHA-1 (FIPS 180-4 §6.1), synchronous and allocation-free apart
// from the digest it returns. Used for HMAC-SHA1 signatures, where SHA-1's
// collision weakness does not apply; do not use it for anything new.

import { digestInto, state, takeDigest } from "./merkle_damgard.ts";

/** SHA-1's initial hash value H(0) (FIPS 180-4 §5.3.1). Never written. */
export const SHA1_IV: Int32Array = new Int32Array([
  0x67452301,
  0xefcdab89,
  0x98badcfe,
  0x10325476,
  0xc3d2e1f0,
]);

/**
 * Folds one 64-byte block (16 big-endian words) into a 5-word SHA-1 state, in
 * place. Generated, fully unrolled, by scripts/gen_hash_rounds.ts.
 */
// deno-fmt-ignore
export function sha1Compress(state: Int32Array, block: Int32Array): void {
  // BEGIN gen_hash_rounds sha1Compress
  let a = state[0]! | 0, b = state[1]! | 0, c = state[2]! | 0, d = state[3]! | 0, e = state[4]! | 0;
  let w0 = block[0]! | 0, w1 = block[1]! | 0, w2 = block[2]! | 0, w3 = block[3]! | 0;
  let w4 = block[4]! | 0, w5 = block[5]! | 0, w6 = block[6]! | 0, w7 = block[7]! | 0;
  let w8 = block[8]! | 0, w9 = block[9]! | 0, w10 = block[10]! | 0, w11 = block[11]! | 0;
  let w12 = block[12]! | 0, w13 = block[13]! | 0, w14 = block[14]! | 0, w15 = block[15]! | 0;
  let x = 0;
  // Rounds 0–19: f = Ch, K = 0x5a827999
  e = (a << 5 | a >>> 27) + (d ^ b & (c ^ d)) + e + w0 + 0x5a827999 | 0; b = b << 30 | b >>> 2;
  d = (e << 5 | e >>> 27) + (c ^ a & (b ^ c)) + d + w1 + 0x5a827999 | 0; a = a << 30 | a >>> 2;
  c = (d << 5 | d >>> 27) + (b ^ e & (a ^ b)) + c + w2 + 0x5a827999 | 0; e = e << 30 | e >>> 2;
  b = (c << 5 | c >>> 27) + (a ^ d & (e ^ a)) + b + w3 + 0x5a827999 | 0; d = d << 30 | d >>> 2;
  a = (b << 5 | b >>> 27) + (e ^ c & (d ^ e)) + a + w4 + 0x5a827999 | 0; c = c << 30 | c >>> 2;
  e = (a << 5 | a >>> 27) + (d ^ b & (c ^ d)) + e + w5 + 0x5a827999 | 0; b = b << 30 | b >>> 2;
  d = (e << 5 | e >>> 27) + (c ^ a & (b ^ c)) + d + w6 + 0x5a827999 | 0; a = a << 30 | a >>> 2;
  c = (d << 5 | d >>> 27) + (b ^ e & (a ^ b)) + c + w7 + 0x5a827999 | 0; e = e << 30 | e >>> 2;
  b = (c << 5 | c >>> 27) + (a ^ d & (e ^ a)) + b + w8 + 0x5a827999 | 0; d = d << 30 | d >>> 2;
  a = (b << 5 | b >>> 27) + (e ^ c & (d ^ e)) + a + w9 + 0x5a827999 | 0; c = c << 30 | c >>> 2;
  e = (a << 5 | a >>> 27) + (d ^ b & (c ^ d)) + e + w10 + 0x5a827999 | 0; b = b << 30 | b >>> 2;
  d = (e << 5 | e >>> 27) + (c ^ a & (b ^ c)) + d + w11 + 0x5a827999 | 0; a = a << 30 | a >>> 2;
  c = (d << 5 | d >>> 27) + (b ^ e & (a ^ b)) + c + w12 + 0x5a827999 | 0; e = e << 30 | e >>> 2;
  b = (c << 5 | c >>> 27) + (a ^ d & (e ^ a)) + b + w13 + 0x5a827999 | 0; d = d << 30 | d >>> 2;
  a = (b << 5 | b >>> 27) + (e ^ c & (d ^ e)) + a + w14 + 0x5a827999 | 0; c = c << 30 | c >>> 2;
  e = (a << 5 | a >>> 27) + (d ^ b & (c ^ d)) + e + w15 + 0x5a827999 | 0; b = b << 30 | b >>> 2;
  x = w13 ^ w8 ^ w2 ^ w0; w0 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (c ^ a & (b ^ c)) + d + w0 + 0x5a827999 | 0; a = a << 30 | a >>> 2;
  x = w14 ^ w9 ^ w3 ^ w1; w1 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (b ^ e & (a ^ b)) + c + w1 + 0x5a827999 | 0; e = e << 30 | e >>> 2;
  x = w15 ^ w10 ^ w4 ^ w2; w2 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (a ^ d & (e ^ a)) + b + w2 + 0x5a827999 | 0; d = d << 30 | d >>> 2;
  x = w0 ^ w11 ^ w5 ^ w3; w3 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (e ^ c & (d ^ e)) + a + w3 + 0x5a827999 | 0; c = c << 30 | c >>> 2;
  // Rounds 20–39: f = Parity, K = 0x6ed9eba1
  x = w1 ^ w12 ^ w6 ^ w4; w4 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b ^ c ^ d) + e + w4 + 0x6ed9eba1 | 0; b = b << 30 | b >>> 2;
  x = w2 ^ w13 ^ w7 ^ w5; w5 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a ^ b ^ c) + d + w5 + 0x6ed9eba1 | 0; a = a << 30 | a >>> 2;
  x = w3 ^ w14 ^ w8 ^ w6; w6 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e ^ a ^ b) + c + w6 + 0x6ed9eba1 | 0; e = e << 30 | e >>> 2;
  x = w4 ^ w15 ^ w9 ^ w7; w7 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d ^ e ^ a) + b + w7 + 0x6ed9eba1 | 0; d = d << 30 | d >>> 2;
  x = w5 ^ w0 ^ w10 ^ w8; w8 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c ^ d ^ e) + a + w8 + 0x6ed9eba1 | 0; c = c << 30 | c >>> 2;
  x = w6 ^ w1 ^ w11 ^ w9; w9 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b ^ c ^ d) + e + w9 + 0x6ed9eba1 | 0; b = b << 30 | b >>> 2;
  x = w7 ^ w2 ^ w12 ^ w10; w10 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a ^ b ^ c) + d + w10 + 0x6ed9eba1 | 0; a = a << 30 | a >>> 2;
  x = w8 ^ w3 ^ w13 ^ w11; w11 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e ^ a ^ b) + c + w11 + 0x6ed9eba1 | 0; e = e << 30 | e >>> 2;
  x = w9 ^ w4 ^ w14 ^ w12; w12 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d ^ e ^ a) + b + w12 + 0x6ed9eba1 | 0; d = d << 30 | d >>> 2;
  x = w10 ^ w5 ^ w15 ^ w13; w13 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c ^ d ^ e) + a + w13 + 0x6ed9eba1 | 0; c = c << 30 | c >>> 2;
  x = w11 ^ w6 ^ w0 ^ w14; w14 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b ^ c ^ d) + e + w14 + 0x6ed9eba1 | 0; b = b << 30 | b >>> 2;
  x = w12 ^ w7 ^ w1 ^ w15; w15 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a ^ b ^ c) + d + w15 + 0x6ed9eba1 | 0; a = a << 30 | a >>> 2;
  x = w13 ^ w8 ^ w2 ^ w0; w0 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e ^ a ^ b) + c + w0 + 0x6ed9eba1 | 0; e = e << 30 | e >>> 2;
  x = w14 ^ w9 ^ w3 ^ w1; w1 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d ^ e ^ a) + b + w1 + 0x6ed9eba1 | 0; d = d << 30 | d >>> 2;
  x = w15 ^ w10 ^ w4 ^ w2; w2 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c ^ d ^ e) + a + w2 + 0x6ed9eba1 | 0; c = c << 30 | c >>> 2;
  x = w0 ^ w11 ^ w5 ^ w3; w3 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b ^ c ^ d) + e + w3 + 0x6ed9eba1 | 0; b = b << 30 | b >>> 2;
  x = w1 ^ w12 ^ w6 ^ w4; w4 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a ^ b ^ c) + d + w4 + 0x6ed9eba1 | 0; a = a << 30 | a >>> 2;
  x = w2 ^ w13 ^ w7 ^ w5; w5 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e ^ a ^ b) + c + w5 + 0x6ed9eba1 | 0; e = e << 30 | e >>> 2;
  x = w3 ^ w14 ^ w8 ^ w6; w6 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d ^ e ^ a) + b + w6 + 0x6ed9eba1 | 0; d = d << 30 | d >>> 2;
  x = w4 ^ w15 ^ w9 ^ w7; w7 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c ^ d ^ e) + a + w7 + 0x6ed9eba1 | 0; c = c << 30 | c >>> 2;
  // Rounds 40–59: f = Maj, K = 0x8f1bbcdc
  x = w5 ^ w0 ^ w10 ^ w8; w8 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b & c | d & (b | c)) + e + w8 + 0x8f1bbcdc | 0; b = b << 30 | b >>> 2;
  x = w6 ^ w1 ^ w11 ^ w9; w9 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a & b | c & (a | b)) + d + w9 + 0x8f1bbcdc | 0; a = a << 30 | a >>> 2;
  x = w7 ^ w2 ^ w12 ^ w10; w10 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e & a | b & (e | a)) + c + w10 + 0x8f1bbcdc | 0; e = e << 30 | e >>> 2;
  x = w8 ^ w3 ^ w13 ^ w11; w11 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d & e | a & (d | e)) + b + w11 + 0x8f1bbcdc | 0; d = d << 30 | d >>> 2;
  x = w9 ^ w4 ^ w14 ^ w12; w12 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c & d | e & (c | d)) + a + w12 + 0x8f1bbcdc | 0; c = c << 30 | c >>> 2;
  x = w10 ^ w5 ^ w15 ^ w13; w13 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b & c | d & (b | c)) + e + w13 + 0x8f1bbcdc | 0; b = b << 30 | b >>> 2;
  x = w11 ^ w6 ^ w0 ^ w14; w14 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a & b | c & (a | b)) + d + w14 + 0x8f1bbcdc | 0; a = a << 30 | a >>> 2;
  x = w12 ^ w7 ^ w1 ^ w15; w15 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e & a | b & (e | a)) + c + w15 + 0x8f1bbcdc | 0; e = e << 30 | e >>> 2;
  x = w13 ^ w8 ^ w2 ^ w0; w0 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d & e | a & (d | e)) + b + w0 + 0x8f1bbcdc | 0; d = d << 30 | d >>> 2;
  x = w14 ^ w9 ^ w3 ^ w1; w1 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c & d | e & (c | d)) + a + w1 + 0x8f1bbcdc | 0; c = c << 30 | c >>> 2;
  x = w15 ^ w10 ^ w4 ^ w2; w2 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b & c | d & (b | c)) + e + w2 + 0x8f1bbcdc | 0; b = b << 30 | b >>> 2;
  x = w0 ^ w11 ^ w5 ^ w3; w3 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a & b | c & (a | b)) + d + w3 + 0x8f1bbcdc | 0; a = a << 30 | a >>> 2;
  x = w1 ^ w12 ^ w6 ^ w4; w4 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e & a | b & (e | a)) + c + w4 + 0x8f1bbcdc | 0; e = e << 30 | e >>> 2;
  x = w2 ^ w13 ^ w7 ^ w5; w5 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d & e | a & (d | e)) + b + w5 + 0x8f1bbcdc | 0; d = d << 30 | d >>> 2;
  x = w3 ^ w14 ^ w8 ^ w6; w6 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c & d | e & (c | d)) + a + w6 + 0x8f1bbcdc | 0; c = c << 30 | c >>> 2;
  x = w4 ^ w15 ^ w9 ^ w7; w7 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b & c | d & (b | c)) + e + w7 + 0x8f1bbcdc | 0; b = b << 30 | b >>> 2;
  x = w5 ^ w0 ^ w10 ^ w8; w8 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a & b | c & (a | b)) + d + w8 + 0x8f1bbcdc | 0; a = a << 30 | a >>> 2;
  x = w6 ^ w1 ^ w11 ^ w9; w9 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e & a | b & (e | a)) + c + w9 + 0x8f1bbcdc | 0; e = e << 30 | e >>> 2;
  x = w7 ^ w2 ^ w12 ^ w10; w10 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d & e | a & (d | e)) + b + w10 + 0x8f1bbcdc | 0; d = d << 30 | d >>> 2;
  x = w8 ^ w3 ^ w13 ^ w11; w11 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c & d | e & (c | d)) + a + w11 + 0x8f1bbcdc | 0; c = c << 30 | c >>> 2;
  // Rounds 60–79: f = Parity, K = 0xca62c1d6
  x = w9 ^ w4 ^ w14 ^ w12; w12 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b ^ c ^ d) + e + w12 + 0xca62c1d6 | 0; b = b << 30 | b >>> 2;
  x = w10 ^ w5 ^ w15 ^ w13; w13 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a ^ b ^ c) + d + w13 + 0xca62c1d6 | 0; a = a << 30 | a >>> 2;
  x = w11 ^ w6 ^ w0 ^ w14; w14 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e ^ a ^ b) + c + w14 + 0xca62c1d6 | 0; e = e << 30 | e >>> 2;
  x = w12 ^ w7 ^ w1 ^ w15; w15 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d ^ e ^ a) + b + w15 + 0xca62c1d6 | 0; d = d << 30 | d >>> 2;
  x = w13 ^ w8 ^ w2 ^ w0; w0 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c ^ d ^ e) + a + w0 + 0xca62c1d6 | 0; c = c << 30 | c >>> 2;
  x = w14 ^ w9 ^ w3 ^ w1; w1 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b ^ c ^ d) + e + w1 + 0xca62c1d6 | 0; b = b << 30 | b >>> 2;
  x = w15 ^ w10 ^ w4 ^ w2; w2 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a ^ b ^ c) + d + w2 + 0xca62c1d6 | 0; a = a << 30 | a >>> 2;
  x = w0 ^ w11 ^ w5 ^ w3; w3 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e ^ a ^ b) + c + w3 + 0xca62c1d6 | 0; e = e << 30 | e >>> 2;
  x = w1 ^ w12 ^ w6 ^ w4; w4 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d ^ e ^ a) + b + w4 + 0xca62c1d6 | 0; d = d << 30 | d >>> 2;
  x = w2 ^ w13 ^ w7 ^ w5; w5 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c ^ d ^ e) + a + w5 + 0xca62c1d6 | 0; c = c << 30 | c >>> 2;
  x = w3 ^ w14 ^ w8 ^ w6; w6 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b ^ c ^ d) + e + w6 + 0xca62c1d6 | 0; b = b << 30 | b >>> 2;
  x = w4 ^ w15 ^ w9 ^ w7; w7 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a ^ b ^ c) + d + w7 + 0xca62c1d6 | 0; a = a << 30 | a >>> 2;
  x = w5 ^ w0 ^ w10 ^ w8; w8 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e ^ a ^ b) + c + w8 + 0xca62c1d6 | 0; e = e << 30 | e >>> 2;
  x = w6 ^ w1 ^ w11 ^ w9; w9 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d ^ e ^ a) + b + w9 + 0xca62c1d6 | 0; d = d << 30 | d >>> 2;
  x = w7 ^ w2 ^ w12 ^ w10; w10 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c ^ d ^ e) + a + w10 + 0xca62c1d6 | 0; c = c << 30 | c >>> 2;
  x = w8 ^ w3 ^ w13 ^ w11; w11 = x << 1 | x >>> 31;
  e = (a << 5 | a >>> 27) + (b ^ c ^ d) + e + w11 + 0xca62c1d6 | 0; b = b << 30 | b >>> 2;
  x = w9 ^ w4 ^ w14 ^ w12; w12 = x << 1 | x >>> 31;
  d = (e << 5 | e >>> 27) + (a ^ b ^ c) + d + w12 + 0xca62c1d6 | 0; a = a << 30 | a >>> 2;
  x = w10 ^ w5 ^ w15 ^ w13; w13 = x << 1 | x >>> 31;
  c = (d << 5 | d >>> 27) + (e ^ a ^ b) + c + w13 + 0xca62c1d6 | 0; e = e << 30 | e >>> 2;
  x = w11 ^ w6 ^ w0 ^ w14; w14 = x << 1 | x >>> 31;
  b = (c << 5 | c >>> 27) + (d ^ e ^ a) + b + w14 + 0xca62c1d6 | 0; d = d << 30 | d >>> 2;
  x = w12 ^ w7 ^ w1 ^ w15; w15 = x << 1 | x >>> 31;
  a = (b << 5 | b >>> 27) + (c ^ d ^ e) + a + w15 + 0xca62c1d6 | 0; c = c << 30 | c >>> 2;
  state[0] = state[0]! + a | 0; state[1] = state[1]! + b | 0; state[2] = state[2]! + c | 0; state[3] = state[3]! + d | 0;
  state[4] = state[4]! + e | 0;
  // END gen_hash_rounds sha1Compress
}

/**
 * The SHA-1 digest of `message`, a string (hashed as UTF-8) or bytes.
 *
 * A string holding a lone surrogate is hashed as `TextEncoder` encodes it,
 * with U+FFFD in its place; callers that must reject one check first.
 */
export function sha1(message: string | Uint8Array): Uint8Array {
  for (let i = 0; i < 5; i++) state[i] = SHA1_IV[i]!;
  digestInto(sha1Compress, state, 0, message);
  return takeDigest(state, 5);
}
