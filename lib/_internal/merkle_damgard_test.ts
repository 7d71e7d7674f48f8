import { test } from "node:test";
import assert from "node:assert/strict";
import { block, type Compress, digestInto, state } from "./merkle_damgard.ts";
import { randomBytes } from "./_test_inputs.ts";

/** Runs digestInto() with a compression function that records every block. */
function blocksOf(message: string | Uint8Array, absorbed = 0): number[][] {
  const blocks: number[][] = [];
  const record: Compress = (_state, block) => void blocks.push([...block]);
  digestInto(record, state, absorbed, message);
  state.fill(0);
  return blocks;
}

test("digestInto() pads with 0x80, zeros and the length in bits (FIPS 180-4 §5.1.1)", () => {
  // "abc": 61626380, zeros, length 24 bits (FIPS 180-4's own example).
  assert.deepEqual(blocksOf("abc"), [[0x61626380, ...Array(14).fill(0), 24]]);
  // 55 bytes fit with their padding in one block; 56 need a second.
  assert.equal(blocksOf(new Uint8Array(55)).length, 1);
  const two = blocksOf(new Uint8Array(56).fill(0xff));
  assert.equal(two.length, 2);
  assert.deepEqual(two[0], [...Array(14).fill(-1), 0x80000000 | 0, 0]);
  assert.deepEqual(two[1], [...Array(15).fill(0), 56 * 8]);
  assert.deepEqual(blocksOf(""), [[0x80000000 | 0, ...Array(15).fill(0)]]);
});

test("digestInto() writes lengths past 2^32 bits in both length words", () => {
  // absorbed stands in for that many bytes already compressed.
  for (
    const [absorbed, high, low] of [
      [2 ** 29 - 64, 0, (2 ** 29 - 64 + 3) * 8],
      [2 ** 29, 1, 24],
      [2 ** 32, 8, 24],
      [2 ** 53 - 64, 2 ** 24 - 1, ((2 ** 53 - 61) % 2 ** 29) * 8 | 0],
    ] as const
  ) {
    const [last] = blocksOf("abc", absorbed).slice(-1);
    assert.equal(last![14], high, `high word after ${absorbed}`);
    assert.equal(last![15], low | 0, `low word after ${absorbed}`);
  }
});

test("digestInto() reads a byte view at any offset of its buffer", () => {
  const bytes = randomBytes(20, 300);
  for (const [start, end] of [[1, 130], [3, 67], [5, 300]] as const) {
    assert.deepEqual(blocksOf(bytes.subarray(start, end)), blocksOf(bytes.slice(start, end)));
  }
});

test("digestInto() reads a string as its UTF-8, as bytes would be", () => {
  for (const text of ["", "abc", "x".repeat(64), "y".repeat(200) + "中😀", "z".repeat(12000)]) {
    assert.deepEqual(blocksOf(text), blocksOf(new TextEncoder().encode(text)), `${text.length}`);
  }
});

test("digestInto() leaves the block zeroed", () => {
  blocksOf(randomBytes(21, 100));
  blocksOf("secret message&");
  assert.ok(block.every((word) => word === 0));
});
