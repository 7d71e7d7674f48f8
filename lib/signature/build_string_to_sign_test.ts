import { test } from "node:test";
import assert from "node:assert/strict";
import { buildStringToSign } from "./build_string_to_sign.ts";
import { AcsTypeError } from "../errors/errors.ts";

test("buildStringToSign() joins method, encoded path and encoded query", () => {
  assert.equal(
    buildStringToSign("GET", "A=1&B=a%20b"),
    "GET&%2F&A%3D1%26B%3Da%2520b",
  );
  assert.equal(buildStringToSign("POST", ""), "POST&%2F&");
});

test("buildStringToSign() encodes an already-encoded query a second time", () => {
  // The canonical query's "%3A" must become "%253A": a common mistake is to skip this.
  assert.equal(buildStringToSign("GET", "T=12%3A46"), "GET&%2F&T%3D12%253A46");
});

for (const method of ["get", "PUT", "", undefined]) {
  test(`buildStringToSign() refuses the method ${JSON.stringify(method)}`, () => {
    assert.throws(
      () => buildStringToSign(method as "GET", "A=1"),
      (error) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.message ===
          `Cannot build string to sign: method must be "GET" or "POST", got ${
            JSON.stringify(method)
          }`,
    );
  });
}

test("buildStringToSign() names canonicalQuery for a lone surrogate", () => {
  assert.throws(
    () => buildStringToSign("GET", "A=\ud800"),
    (error: unknown) =>
      error instanceof AcsTypeError && error.code === "invalid-unicode" &&
      error.parameter === "canonicalQuery" && /at index 2/.test(error.message),
  );
});
