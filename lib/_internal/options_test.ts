import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsTypeError } from "../errors/mod.ts";
import { optionNames, readOptions, refuseUnknownKeys, unknownOption } from "./options.ts";
import { textPrefix } from "./suggest.ts";

const KNOWN = ["maxEntries", "maxEntriesPerKey", "timeoutMs"] as const;

test("unknownOption names the option meant, else lists them, else the only one", () => {
  const cases: readonly [string, readonly string[], string][] = [
    ["timeoutMS", KNOWN, '; did you mean "timeoutMs"?'],
    ["maxEntrie", KNOWN, '; did you mean "maxEntries"?'],
    ["signal", KNOWN, '; the options are "maxEntries", "maxEntriesPerKey" or "timeoutMs"'],
    ["enviroment", ["env"], '; the only option is "env"'],
  ];
  for (const [key, known, hint] of cases) {
    const error = unknownOption("do it", key, known);
    assert.ok(error instanceof AcsTypeError);
    assert.equal(error.code, "invalid-option");
    assert.equal(error.parameter, key);
    assert.equal(error.message, `Cannot do it: unknown option "${key}"${hint}`);
  }
});

test("unknownOption bounds the parameter to 64 code units, never cutting a surrogate pair", () => {
  const cases: readonly [key: string, parameter: string][] = [
    ["k".repeat(64), "k".repeat(64)],
    ["k".repeat(65), "k".repeat(64)],
    ["k".repeat(1 << 20), "k".repeat(64)],
    [`${"k".repeat(63)}😀${"k".repeat(100)}`, "k".repeat(63)],
    [`${"k".repeat(62)}😀${"k".repeat(100)}`, `${"k".repeat(62)}😀`],
  ];
  for (const [key, parameter] of cases) {
    const error = unknownOption("do it", key, KNOWN);
    assert.equal(error.parameter, parameter);
    assert.equal(textPrefix(key), parameter);
    assert.ok(error.message.length < 200, `a message of ${error.message.length} characters`);
  }
  // Too long to be a typo: quoted in part, and nothing listed.
  assert.equal(
    unknownOption("do it", "k".repeat(65), KNOWN).message,
    `Cannot do it: unknown option "${"k".repeat(64)}"… (65 UTF-16 code units)`,
  );
});

test("readOptions and refuseUnknownKeys refuse the same keys with the same error", () => {
  const big = "k".repeat(1 << 20);
  for (const key of ["maxEntriesPerkey", big]) {
    const expected = unknownOption("create it", key, KNOWN);
    for (
      const attempt of [
        () => readOptions("create it", { [key]: 1 }, KNOWN),
        () => refuseUnknownKeys("create it", { maxEntries: 1, [key]: 1 }, KNOWN),
      ]
    ) {
      assert.throws(attempt, (error: unknown) => {
        assert.ok(error instanceof AcsTypeError);
        assert.equal(error.parameter, expected.parameter);
        assert.equal(error.message, expected.message);
        return true;
      });
    }
  }
  assert.doesNotThrow(() => refuseUnknownKeys("create it", { timeoutMs: undefined }, KNOWN));
});

test("optionNames lists an interface's fields, and the compiler refuses a list that drifts", () => {
  interface Options {
    readonly a?: number | undefined;
    readonly b: string;
  }
  assert.deepEqual(optionNames<Options>({ b: true, a: true }), ["b", "a"]);
  // @ts-expect-error: "a" is left out.
  optionNames<Options>({ b: true });
  // @ts-expect-error: "c" is not a field of Options.
  optionNames<Options>({ a: true, b: true, c: true });
});
