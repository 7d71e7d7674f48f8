// Test helper: reproducible inputs for the hash tests (a failure names its
// seed and length, and the same bytes come back on every run and runtime),
// and the tests sha1() and sha256() share.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { toHex } from "./bytes.ts";
import { block, state } from "./merkle_damgard.ts";

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

/** A hash function under test, with its independent references and test vectors. */
export interface HashUnderTest {
  /** Its name, as the tests are named: `sha1`. */
  readonly name: string;
  readonly hash: (message: string | Uint8Array) => Uint8Array;
  /** The name `node:crypto` knows it by. */
  readonly node: string;
  /** The `@noble/hashes` function. */
  readonly noble: (bytes: Uint8Array) => Uint8Array;
  /** The digest's length in bytes. */
  readonly length: number;
  /** Where the vectors come from, as the test is named. */
  readonly source: string;
  /** Messages and their digests in hex, written out. */
  readonly vectors: readonly (readonly [string, string])[];
  /** The digest of "abc", in hex. */
  readonly abc: string;
}

/** Registers the tests of a hash function: its vectors, the references, the scratch buffers. */
export function testHash(
  { name, hash, node, noble, length: digestLength, source, vectors, abc }: HashUnderTest,
): void {
  const utf8 = new TextEncoder();

  function assertAgrees(message: string | Uint8Array, what: string): void {
    const ours = toHex(hash(message));
    assert.equal(ours, createHash(node).update(message).digest("hex"), `${what}: node:crypto`);
    const bytes = typeof message === "string" ? utf8.encode(message) : message;
    assert.equal(ours, toHex(noble(bytes)), `${what}: @noble/hashes`);
  }

  test(`${name}() matches the ${source} test vectors`, () => {
    for (const [message, digest] of vectors) {
      assert.equal(toHex(hash(message)), digest, `${message.slice(0, 20)}… (${message.length})`);
      assert.equal(toHex(hash(utf8.encode(message))), digest, `bytes of ${message.length}`);
    }
  });

  test(`${name}() returns ${digestLength} fresh bytes every call`, () => {
    const first = hash("abc");
    const second = hash("abc");
    assert.ok(first instanceof Uint8Array);
    assert.equal(first.length, digestLength);
    assert.notEqual(first.buffer, second.buffer);
    first.fill(0);
    assert.equal(toHex(second), abc);
  });

  test(`${name}() agrees with node:crypto and @noble/hashes at every length 0–300`, () => {
    for (const length of LENGTHS) {
      assertAgrees(randomAscii(length, length), `ASCII string of ${length}`);
      assertAgrees(utf8.encode(randomAscii(length, length)), `ASCII bytes of ${length}`);
      assertAgrees(randomBytes(1000 + length, length), `random bytes of ${length}`);
    }
  });

  test(`${name}() agrees with node:crypto and @noble/hashes on 3 MiB + 7 bytes`, () => {
    assertAgrees(randomBytes(1, LONG_LENGTH), "random bytes");
    assertAgrees(randomAscii(2, LONG_LENGTH), "ASCII string");
    // Non-ASCII only at the very end: every block is read as ASCII, then redone.
    assertAgrees(randomAscii(3, LONG_LENGTH) + "中", "ASCII string ending in 中");
  });

  test(`${name}() hashes a non-ASCII string as its UTF-8 bytes`, () => {
    for (const { text, utf8: bytes } of NON_ASCII) {
      const expected = toHex(hash(new Uint8Array(bytes)));
      assert.equal(toHex(hash(text)), expected, JSON.stringify(text));
      assertAgrees(text, JSON.stringify(text));
    }
  });

  test(`${name}() finds a non-ASCII character anywhere in a string`, () => {
    // Every position in the first, second and partial third block.
    const base = randomAscii(4, 150);
    for (const char of ["é", "\u0100", "中", "😀"]) {
      for (let i = 0; i <= base.length; i++) {
        assertAgrees(base.slice(0, i) + char + base.slice(i), `${char} at ${i}`);
      }
    }
  });

  test(`${name}() hashes a lone surrogate as U+FFFD, as TextEncoder does`, () => {
    for (
      const [text, replaced] of [
        ["a\ud800b", "a\ufffdb"],
        ["\udc00", "\ufffd"],
        ["x".repeat(70) + "\ud83d", "x".repeat(70) + "\ufffd"],
      ]
    ) {
      assert.equal(toHex(hash(text!)), toHex(hash(replaced!)), JSON.stringify(text));
    }
  });

  test(`${name}() leaves its scratch block and state zeroed`, () => {
    hash(randomBytes(5, 200));
    hash("密钥".repeat(40));
    assert.ok(block.every((word) => word === 0), "block");
    assert.ok(state.every((word) => word === 0), "state");
  });

  test(`${name}() zeroes its UTF-8 copy of a string`, () => {
    const copies = encodedDuring(() => {
      hash("密钥");
      hash("x".repeat(100) + "é");
      hash("y".repeat(20000));
    });
    assert.equal(copies.length, 3);
    for (const copy of copies) {
      assert.ok(copy.every((byte) => byte === 0), `${copy.length} bytes`);
    }
  });

  test(`${name}() does not change its input`, () => {
    const bytes = randomBytes(6, 130);
    const copy = bytes.slice();
    hash(bytes);
    assert.deepEqual(bytes, copy);
  });
}
