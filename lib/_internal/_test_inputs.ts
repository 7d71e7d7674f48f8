// Test helper: reproducible inputs for the hash tests. A failure names its
// seed and length, and the same bytes come back on every run and runtime.

/** A mulberry32 generator: 32-bit state, uniform 32-bit outputs. */
export function prng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = a + 0x6d2b79f5 | 0;
    let t = Math.imul(a ^ a >>> 15, 1 | a);
    t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
    return (t ^ t >>> 14) >>> 0;
  };
}

/** `length` pseudo-random bytes from `seed`. */
export function randomBytes(seed: number, length: number): Uint8Array {
  const next = prng(seed);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = next() & 0xff;
  return bytes;
}

/** `length` pseudo-random ASCII characters (U+0000–U+007F) from `seed`. */
export function randomAscii(seed: number, length: number): string {
  const next = prng(seed);
  let text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(next() & 0x7f);
  return text;
}

/** The byte lengths the hash tests cover one by one: every block boundary up to 300. */
export const LENGTHS: readonly number[] = Array.from({ length: 301 }, (_, i) => i);

/** The key lengths the HMAC tests cover: empty, short, and around the 64-byte block. */
export const KEY_LENGTHS: readonly number[] = [0, 1, 63, 64, 65, 100, 200];

/** 3 MiB + 7 bytes: many blocks, a length in bits past 2^24, and a partial last block. */
export const LONG_LENGTH = 3 * 1024 * 1024 + 7;

/**
 * Strings that are not ASCII, each with its UTF-8 bytes written out: two-,
 * three- and four-byte characters, at the start, the end and across block
 * boundaries, and the edges of each UTF-8 length.
 */
export const NON_ASCII: readonly { text: string; utf8: readonly number[] }[] = [
  { text: "é", utf8: [0xc3, 0xa9] },
  { text: "\u0080", utf8: [0xc2, 0x80] },
  { text: "\u0100", utf8: [0xc4, 0x80] },
  { text: "\u07ff\u0800", utf8: [0xdf, 0xbf, 0xe0, 0xa0, 0x80] },
  { text: "中文", utf8: [0xe4, 0xb8, 0xad, 0xe6, 0x96, 0x87] },
  { text: "\uffff", utf8: [0xef, 0xbf, 0xbf] },
  { text: "😀", utf8: [0xf0, 0x9f, 0x98, 0x80] },
  { text: "\u{10ffff}", utf8: [0xf4, 0x8f, 0xbf, 0xbf] },
  {
    text: "web server 杭州-01 🚀 ok",
    utf8: [
      ...[0x77, 0x65, 0x62, 0x20, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72, 0x20],
      ...[0xe6, 0x9d, 0xad, 0xe5, 0xb7, 0x9e, 0x2d, 0x30, 0x31, 0x20],
      ...[0xf0, 0x9f, 0x9a, 0x80, 0x20, 0x6f, 0x6b],
    ],
  },
];

/**
 * Runs `run` and returns every array that `TextEncoder` wrote meanwhile, from
 * `encode` or `encodeInto`.
 */
export function encodedDuring(run: () => void): Uint8Array[] {
  const { encode, encodeInto } = TextEncoder.prototype;
  const written: Uint8Array[] = [];
  TextEncoder.prototype.encode = function (this: TextEncoder, input?: string) {
    const bytes = encode.call(this, input);
    written.push(bytes);
    return bytes;
  };
  TextEncoder.prototype.encodeInto = function (this: TextEncoder, input, destination) {
    written.push(destination);
    return encodeInto.call(this, input, destination);
  };
  try {
    run();
  } finally {
    Object.assign(TextEncoder.prototype, { encode, encodeInto });
  }
  return written;
}
