import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha1 as nobleSha1 } from "npm:@noble/hashes@1.8.0/sha1";
import { sha1 } from "./sha1.ts";
import { toHex } from "./bytes.ts";
import { block, state } from "./merkle_damgard.ts";
import {
  encodedDuring,
  LENGTHS,
  LONG_LENGTH,
  NON_ASCII,
  randomAscii,
  randomBytes,
} from "./_test_inputs.ts";

const utf8 = new TextEncoder();

function nodeSha1(message: string | Uint8Array): string {
  return createHash("sha1").update(message).digest("hex");
}

function assertAgrees(message: string | Uint8Array, what: string): void {
  const ours = toHex(sha1(message));
  assert.equal(ours, nodeSha1(message), `${what}: node:crypto`);
  const bytes = typeof message === "string" ? utf8.encode(message) : message;
  assert.equal(ours, toHex(nobleSha1(bytes)), `${what}: @noble/hashes`);
}

// FIPS 180-2 Appendix A (A.1, A.2, A.3) and RFC 3174 §7.3, written out.
const VECTORS: [string, string][] = [
  ["", "da39a3ee5e6b4b0d3255bfef95601890afd80709"],
  ["abc", "a9993e364706816aba3e25717850c26c9cd0d89d"],
  [
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
  ],
  ["a".repeat(1_000_000), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"],
  [
    "0123456701234567012345670123456701234567012345670123456701234567".repeat(10),
    "dea356a2cddd90c7a7ecedc5ebb563934f460452",
  ],
];

test("sha1() matches the FIPS 180-2 and RFC 3174 test vectors", () => {
  for (const [message, digest] of VECTORS) {
    assert.equal(toHex(sha1(message)), digest, `${message.slice(0, 20)}… (${message.length})`);
    assert.equal(toHex(sha1(utf8.encode(message))), digest, `bytes of ${message.length}`);
  }
});

test("sha1() returns 20 fresh bytes every call", () => {
  const first = sha1("abc");
  const second = sha1("abc");
  assert.ok(first instanceof Uint8Array);
  assert.equal(first.length, 20);
  assert.notEqual(first.buffer, second.buffer);
  first.fill(0);
  assert.equal(toHex(second), "a9993e364706816aba3e25717850c26c9cd0d89d");
});

test("sha1() agrees with node:crypto and @noble/hashes at every length 0–300", () => {
  for (const length of LENGTHS) {
    assertAgrees(randomAscii(length, length), `ASCII string of ${length}`);
    assertAgrees(utf8.encode(randomAscii(length, length)), `ASCII bytes of ${length}`);
    assertAgrees(randomBytes(1000 + length, length), `random bytes of ${length}`);
  }
});

test("sha1() agrees with node:crypto and @noble/hashes on 3 MiB + 7 bytes", () => {
  assertAgrees(randomBytes(1, LONG_LENGTH), "random bytes");
  assertAgrees(randomAscii(2, LONG_LENGTH), "ASCII string");
  // Non-ASCII only at the very end: every block is read as ASCII, then redone.
  assertAgrees(randomAscii(3, LONG_LENGTH) + "中", "ASCII string ending in 中");
});

test("sha1() hashes a non-ASCII string as its UTF-8 bytes", () => {
  for (const { text, utf8: bytes } of NON_ASCII) {
    const expected = toHex(sha1(new Uint8Array(bytes)));
    assert.equal(toHex(sha1(text)), expected, JSON.stringify(text));
    assertAgrees(text, JSON.stringify(text));
  }
});

test("sha1() finds a non-ASCII character anywhere in a string", () => {
  // Every position in the first, second and partial third block.
  const base = randomAscii(4, 150);
  for (const char of ["é", "\u0100", "中", "😀"]) {
    for (let i = 0; i <= base.length; i++) {
      assertAgrees(base.slice(0, i) + char + base.slice(i), `${char} at ${i}`);
    }
  }
});

test("sha1() hashes a lone surrogate as U+FFFD, as TextEncoder does", () => {
  for (
    const [text, replaced] of [
      ["a\ud800b", "a\ufffdb"],
      ["\udc00", "\ufffd"],
      ["x".repeat(70) + "\ud83d", "x".repeat(70) + "\ufffd"],
    ]
  ) {
    assert.equal(toHex(sha1(text!)), toHex(sha1(replaced!)), JSON.stringify(text));
  }
});

test("sha1() leaves its scratch block and state zeroed", () => {
  sha1(randomBytes(5, 200));
  sha1("密钥".repeat(40));
  assert.ok(block.every((word) => word === 0), "block");
  assert.ok(state.every((word) => word === 0), "state");
});

test("sha1() zeroes its UTF-8 copy of a string", () => {
  const copies = encodedDuring(() => {
    sha1("密钥");
    sha1("x".repeat(100) + "é");
    sha1("y".repeat(20000));
  });
  assert.equal(copies.length, 3);
  for (const copy of copies) {
    assert.ok(copy.every((byte) => byte === 0), `${copy.length} bytes`);
  }
});

test("sha1() does not change its input", () => {
  const bytes = randomBytes(6, 130);
  const copy = bytes.slice();
  sha1(bytes);
  assert.deepEqual(bytes, copy);
});
