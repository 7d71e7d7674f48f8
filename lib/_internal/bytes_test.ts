import { test } from "node:test";
import assert from "node:assert/strict";
import { concatBytes, toBase64, toHex } from "./bytes.ts";
import { randomBytes } from "./_test_inputs.ts";

const ascii = (text: string) => new TextEncoder().encode(text);

// RFC 4648 §10, written out; base16 in lower case.
const RFC_4648: [string, string, string][] = [
  ["", "", ""],
  ["f", "Zg==", "66"],
  ["fo", "Zm8=", "666f"],
  ["foo", "Zm9v", "666f6f"],
  ["foob", "Zm9vYg==", "666f6f62"],
  ["fooba", "Zm9vYmE=", "666f6f6261"],
  ["foobar", "Zm9vYmFy", "666f6f626172"],
];

test("toBase64() and toHex() match the RFC 4648 test vectors", () => {
  for (const [text, base64, hex] of RFC_4648) {
    assert.equal(toBase64(ascii(text)), base64, JSON.stringify(text));
    assert.equal(toHex(ascii(text)), hex, JSON.stringify(text));
  }
});

test("toBase64() and toHex() read every byte value", () => {
  const all = new Uint8Array(256).map((_, i) => i);
  let hex = "";
  for (let i = 0; i < 256; i++) hex += i.toString(16).padStart(2, "0");
  assert.equal(toHex(all), hex);
  let binary = "";
  for (let i = 0; i < 256; i++) binary += String.fromCharCode(i);
  assert.equal(toBase64(all), btoa(binary));
  assert.equal(toBase64(new Uint8Array([0xfb, 0xff, 0xbf])), "+/+/");
});

test("toBase64() agrees with btoa() at every length 0–100", () => {
  for (let length = 0; length <= 100; length++) {
    const bytes = randomBytes(length, length);
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    assert.equal(toBase64(bytes), btoa(binary), `${length} bytes`);
  }
});

test("concatBytes() copies the chunks one after another into a new array", () => {
  const a = new Uint8Array([1, 2]);
  const b = new Uint8Array([3]);
  const joined = concatBytes([a, new Uint8Array(0), b]);
  assert.deepEqual([...joined], [1, 2, 3]);
  assert.equal(joined.buffer.byteLength, 3);
  a[0] = 9;
  assert.equal(joined[0], 1);
  assert.equal(concatBytes([]).byteLength, 0);
});
