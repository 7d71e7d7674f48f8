import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsTypeError } from "../errors/mod.ts";
import { buildCanonicalQuery } from "./build_canonical_query.ts";
import { DOC, DOC_CANONICAL_QUERY } from "./_test_doc_example.ts";

test("buildCanonicalQuery() reproduces the documentation's example", () => {
  assert.equal(buildCanonicalQuery([...DOC.params].reverse()), DOC_CANONICAL_QUERY);
});

test("buildCanonicalQuery() sorts unencoded names by code unit and encodes names and values", () => {
  // "Z" (0x5A) sorts before "[" (0x5B) unencoded; encoded, "%5B" would sort first.
  assert.equal(buildCanonicalQuery([["a[", "1"], ["aZ", "2"]]), "aZ=2&a%5B=1");
  assert.equal(
    buildCanonicalQuery([["名称", "值 *~"], ["My Param", "x"]]),
    "My%20Param=x&%E5%90%8D%E7%A7%B0=%E5%80%BC%20%2A~",
  );
});

test("buildCanonicalQuery() keeps empty values and gives '' for no parameters", () => {
  assert.equal(buildCanonicalQuery([["NextToken", ""], ["A", "1"]]), "A=1&NextToken=");
  assert.equal(buildCanonicalQuery([]), "");
});

const bad: [string, unknown, string][] = [
  ["a name given twice", [["A", "1"], ["A", "2"]], "duplicate-parameter"],
  ["a lone surrogate", [["A", "\ud800"]], "invalid-unicode"],
  ["an empty name", [["", "1"]], "invalid-parameter-name"],
  ["a value that is not a string", [["A", 1]], "unsupported-value"],
  ["an entry that is not a pair", [["A"]], "invalid-option"],
];
for (const [what, input, code] of bad) {
  test(`buildCanonicalQuery() refuses ${what}`, () => {
    assert.throws(
      () => buildCanonicalQuery(input as [string, string][]),
      (error) => error instanceof AcsTypeError && error.code === code,
    );
  });
}
