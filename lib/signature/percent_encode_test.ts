import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsTypeError } from "../errors/errors.ts";
import { percentEncode } from "./percent_encode.ts";

// Expected values are derived by hand from RFC 3986 section 2: the unreserved
// set stays, every other UTF-8 byte becomes %XX in upper-case hex.
const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

test("percentEncode() keeps the unreserved set unencoded", () => {
  assert.equal(percentEncode(UNRESERVED), UNRESERVED);
});

test("percentEncode() writes every other printable ASCII character as %XX in upper case", () => {
  for (let code = 0x20; code < 0x7f; code++) {
    const char = String.fromCharCode(code);
    if (UNRESERVED.includes(char)) continue;
    const expected = "%" + code.toString(16).toUpperCase().padStart(2, "0");
    assert.equal(
      percentEncode(char),
      expected,
      `character ${JSON.stringify(char)}`,
    );
  }
});

test("percentEncode() encodes control characters", () => {
  assert.equal(percentEncode("\0\t\n\r\x7f"), "%00%09%0A%0D%7F");
});

const cases: [string, string, string][] = [
  ["a space is %20, never +", "a b", "a%20b"],
  ["a plus is %2B", "a+b", "a%2Bb"],
  ["* is %2A", "*", "%2A"],
  ["!'() are encoded", "!'()", "%21%27%28%29"],
  ["~ stays", "~", "~"],
  ["% is %25", "100%", "100%25"],
  ["the reserved set", ":/?#[]@$&,;=", "%3A%2F%3F%23%5B%5D%40%24%26%2C%3B%3D"],
  ["two-byte UTF-8", "é", "%C3%A9"],
  ["three-byte CJK", "杭州", "%E6%9D%AD%E5%B7%9E"],
  ["four-byte emoji (a surrogate pair)", "😀", "%F0%9F%98%80"],
  ["combining marks stay as given, unnormalized", "e\u0301", "e%CC%81"],
  ["the empty string", "", ""],
];
for (const [behaviour, input, expected] of cases) {
  test(`percentEncode() ${behaviour}`, () => {
    assert.equal(percentEncode(input), expected);
  });
}

const bad: [string, unknown, string][] = [
  [
    "a lone high surrogate",
    "ab\ud800",
    "Cannot encode text: lone surrogate U+D800 at index 2",
  ],
  [
    "a lone low surrogate",
    "\udc00x",
    "Cannot encode text: lone surrogate U+DC00 at index 0",
  ],
  [
    "reversed surrogates",
    "\ude00\ud83d",
    "Cannot encode text: lone surrogate U+DE00 at index 0",
  ],
  ["a number", 1, "Cannot encode value: expected a string, got number"],
];
for (const [what, input, message] of bad) {
  test(`percentEncode() refuses ${what}`, () => {
    assert.throws(() => percentEncode(input as string), (error) => {
      assert.ok(error instanceof AcsTypeError);
      assert.ok(error instanceof TypeError);
      assert.equal(
        error.code,
        typeof input === "string" ? "invalid-unicode" : "unsupported-value",
      );
      assert.equal(error.message, message);
      return true;
    });
  });
}

/** The rule written out byte by byte, for text of any length. */
function byTheRule(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    out += UNRESERVED.includes(char)
      ? char
      : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

test("percentEncode() encodes long text of every kind like short text", () => {
  // Around the length where the encoder switches from strings to bytes, and far past it.
  const units = ["*", "!'()*", "%", "a*", "a b", "杭", "😀", "~", "a!b'c(d)e*f 杭😀%"];
  for (const unit of units) {
    for (const length of [1, 85, 86, 255, 256, 257, 1000, 100_000]) {
      const text = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
      // Never end on half a surrogate pair.
      const whole = /[\ud800-\udbff]$/.test(text) ? text.slice(0, -1) : text;
      assert.equal(percentEncode(whole), byTheRule(whole), `${JSON.stringify(unit)} × ${length}`);
    }
  }
  const star = "*".repeat(1 << 20);
  assert.equal(percentEncode(star), "%2A".repeat(1 << 20));
});

test("percentEncode() finds a lone surrogate at the end of long text", () => {
  const text = "*".repeat(100_000) + "\ud800";
  assert.throws(
    () => percentEncode(text),
    (error) =>
      error instanceof AcsTypeError && error.code === "invalid-unicode" &&
      error.message === "Cannot encode text: lone surrogate U+D800 at index 100000",
  );
});
