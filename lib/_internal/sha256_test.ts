import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { sha256 as nobleSha256 } from "npm:@noble/hashes@1.8.0/sha2";
import { sha256 } from "./sha256.ts";
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

function nodeSha256(message: string | Uint8Array): string {
  return createHash("sha256").update(message).digest("hex");
}

function assertAgrees(message: string | Uint8Array, what: string): void {
  const ours = toHex(sha256(message));
  assert.equal(ours, nodeSha256(message), `${what}: node:crypto`);
  const bytes = typeof message === "string" ? utf8.encode(message) : message;
  assert.equal(ours, toHex(nobleSha256(bytes)), `${what}: @noble/hashes`);
}

// FIPS 180-2 Appendix B (B.1, B.2, B.3) and RFC 6234 §8.5 (TEST4), written out.
const VECTORS: [string, string][] = [
  ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
  ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  [
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  ],
  ["a".repeat(1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"],
  [
    "0123456701234567012345670123456701234567012345670123456701234567".repeat(10),
    "594847328451bdfa85056225462cc1d867d877fb388df0ce35f25ab5562bfbb5",
  ],
];

test("sha256() matches the FIPS 180-2 and RFC 6234 test vectors", () => {
  for (const [message, digest] of VECTORS) {
    assert.equal(toHex(sha256(message)), digest, `${message.slice(0, 20)}… (${message.length})`);
    assert.equal(toHex(sha256(utf8.encode(message))), digest, `bytes of ${message.length}`);
  }
});

test("sha256() returns 32 fresh bytes every call", () => {
  const first = sha256("abc");
  const second = sha256("abc");
  assert.ok(first instanceof Uint8Array);
  assert.equal(first.length, 32);
  assert.notEqual(first.buffer, second.buffer);
  first.fill(0);
  assert.equal(toHex(second), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

test("sha256() agrees with node:crypto and @noble/hashes at every length 0–300", () => {
  for (const length of LENGTHS) {
    assertAgrees(randomAscii(length, length), `ASCII string of ${length}`);
    assertAgrees(utf8.encode(randomAscii(length, length)), `ASCII bytes of ${length}`);
    assertAgrees(randomBytes(1000 + length, length), `random bytes of ${length}`);
  }
});

test("sha256() agrees with node:crypto and @noble/hashes on 3 MiB + 7 bytes", () => {
  assertAgrees(randomBytes(1, LONG_LENGTH), "random bytes");
  assertAgrees(randomAscii(2, LONG_LENGTH), "ASCII string");
  // Non-ASCII only at the very end: every block is read as ASCII, then redone.
  assertAgrees(randomAscii(3, LONG_LENGTH) + "中", "ASCII string ending in 中");
});

test("sha256() hashes a non-ASCII string as its UTF-8 bytes", () => {
  for (const { text, utf8: bytes } of NON_ASCII) {
    const expected = toHex(sha256(new Uint8Array(bytes)));
    assert.equal(toHex(sha256(text)), expected, JSON.stringify(text));
    assertAgrees(text, JSON.stringify(text));
  }
});

test("sha256() finds a non-ASCII character anywhere in a string", () => {
  // Every position in the first, second and partial third block.
  const base = randomAscii(4, 150);
  for (const char of ["é", "\u0100", "中", "😀"]) {
    for (let i = 0; i <= base.length; i++) {
      assertAgrees(base.slice(0, i) + char + base.slice(i), `${char} at ${i}`);
    }
  }
});

test("sha256() hashes a lone surrogate as U+FFFD, as TextEncoder does", () => {
  for (
    const [text, replaced] of [
      ["a\ud800b", "a\ufffdb"],
      ["\udc00", "\ufffd"],
      ["x".repeat(70) + "\ud83d", "x".repeat(70) + "\ufffd"],
    ]
  ) {
    assert.equal(toHex(sha256(text!)), toHex(sha256(replaced!)), JSON.stringify(text));
  }
});

test("sha256() leaves its scratch block and state zeroed", () => {
  sha256(randomBytes(5, 200));
  sha256("密钥".repeat(40));
  assert.ok(block.every((word) => word === 0), "block");
  assert.ok(state.every((word) => word === 0), "state");
});

test("sha256() zeroes its UTF-8 copy of a string", () => {
  const copies = encodedDuring(() => {
    sha256("密钥");
    sha256("x".repeat(100) + "é");
    sha256("y".repeat(20000));
  });
  assert.equal(copies.length, 3);
  for (const copy of copies) {
    assert.ok(copy.every((byte) => byte === 0), `${copy.length} bytes`);
  }
});

test("sha256() does not change its input", () => {
  const bytes = randomBytes(6, 130);
  const copy = bytes.slice();
  sha256(bytes);
  assert.deepEqual(bytes, copy);
});
