import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalize } from "./canonicalize.ts";
import { AcsTypeError } from "../errors/errors.ts";

test("canonicalize() sorts by UTF-16 code unit of the unencoded name", () => {
  // "_" (0x5F) < "a" (0x61); upper case sorts before lower case.
  assert.equal(
    canonicalize([["ab", "3"], ["a_b", "2"], ["Ab", "1"], ["a", "0"]]),
    "Ab=1&a=0&a_b=2&ab=3",
  );
});

test("canonicalize() sorts names before encoding them", () => {
  // Unencoded, " " (0x20) < "-" (0x2D); encoded, "%20" would sort after "-".
  assert.equal(canonicalize([["a-b", "1"], ["a b", "2"]]), "a%20b=2&a-b=1");
  // "~" (0x7E) sorts after "a"; the encoded form of "é" (%C3%A9) would sort first.
  assert.equal(
    canonicalize([["é", "1"], ["~", "2"], ["z", "3"]]),
    "z=3&~=2&%C3%A9=1",
  );
});

test("canonicalize() sorts by code unit, not code point", () => {
  // U+FF61 is one unit 0xFF61; U+1F600 is the pair 0xD83D 0xDE00, which sorts first.
  assert.equal(
    canonicalize([["\uff61", "a"], ["😀", "b"]]),
    "%F0%9F%98%80=b&%EF%BD%A1=a",
  );
});

test("canonicalize() keeps empty values", () => {
  assert.equal(canonicalize([["B", ""], ["A", ""]]), "A=&B=");
});

test("canonicalize() encodes names and values", () => {
  assert.equal(canonicalize([["Name", "a b+c*~"]]), "Name=a%20b%2Bc%2A~");
});

test("canonicalize() accepts any iterable and does not change the input", () => {
  const pairs: [string, string][] = [["B", "2"], ["A", "1"]];
  assert.equal(canonicalize(new Map(pairs)), "A=1&B=2");
  assert.deepEqual(pairs, [["B", "2"], ["A", "1"]]);
  assert.equal(canonicalize([]), "");
});

const bad: [string, unknown, string, string][] = [
  [
    "a name given twice",
    [["A", "1"], ["B", "2"], ["A", "3"]],
    "duplicate-parameter",
    'Cannot canonicalize parameter "A": the name is given more than once',
  ],
  [
    "a value with a lone surrogate",
    [["InstanceName", "ab\ud800"]],
    "invalid-unicode",
    'Cannot encode parameter "InstanceName": lone surrogate U+D800 at index 2',
  ],
  [
    "an empty name",
    [["", "1"]],
    "invalid-parameter-name",
    "Cannot canonicalize parameters: entry 0 has no name",
  ],
  [
    "a value that is not a string",
    [["PageSize", 10]],
    "unsupported-value",
    'Cannot canonicalize parameter "PageSize": expected a string value, got number',
  ],
  [
    "an entry that is not a pair",
    [["A", "1", "2"]],
    "invalid-option",
    "Cannot canonicalize parameters: entry 0 is not a [name, value] pair",
  ],
];
for (const [what, input, code, message] of bad) {
  test(`canonicalize() refuses ${what}`, () => {
    assert.throws(
      () => canonicalize(input as [string, string][]),
      (error) =>
        error instanceof AcsTypeError && error.code === code &&
        error.message === message,
    );
  });
}

// ---- issue 16 item 7: every error coded

test("canonicalize() refuses what is not iterable with a coded error", () => {
  const { proxy, revoke } = Proxy.revocable([] as [string, string][], {});
  revoke();
  const throwing = {
    [Symbol.iterator]() {
      return {
        next(): IteratorResult<[string, string]> {
          throw new Error("no");
        },
      };
    },
  };
  for (const [label, input] of Object.entries({ "{}": {}, null: null, 42: 42, proxy, throwing })) {
    assert.throws(
      () => canonicalize(input as [string, string][]),
      (error) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === "pairs",
      label,
    );
  }
});

test("canonicalize() reads each pair once and sorts many pairs by code unit", () => {
  let reads = 0;
  const pair = new Proxy(["B", "2"], {
    get(target, key, receiver) {
      if (key === "0") reads++;
      return Reflect.get(target, key, receiver);
    },
  }) as unknown as [string, string];
  assert.equal(canonicalize([pair, ["A", "1"]]), "A=1&B=2");
  assert.equal(reads, 1);
  // More pairs than the insertion sort takes, in reverse order, with names
  // whose code-unit order differs from their code-point order.
  const names = Array.from({ length: 60 }, (_, i) => `N${String.fromCharCode(0x41 + i)}`);
  names.push("\uff5e", "\ud83d\ude00");
  const sorted = [...names].sort();
  const query = canonicalize(names.reverse().map((name) => [name, ""]));
  assert.equal(query, sorted.map((name) => `${encodeURIComponent(name)}=`).join("&"));
});
