import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsRangeError, AcsTypeError } from "../errors/errors.ts";
import { flattenParams, type Params } from "./flatten_params.ts";
import { json } from "./json.ts";

test("flattenParams() writes scalars as text and leaves out null and undefined", () => {
  assert.deepEqual(
    flattenParams({
      S: "x",
      E: "",
      N: 10,
      F: 1.5,
      Neg: -3,
      Big: 12345678901234567890n,
      T: true,
      No: false,
      U: undefined,
      Z: null,
    }),
    [
      ["S", "x"],
      ["E", ""],
      ["N", "10"],
      ["F", "1.5"],
      ["Neg", "-3"],
      ["Big", "12345678901234567890"],
      ["T", "true"],
      ["No", "false"],
    ],
  );
});

test("flattenParams() numbers arrays from 1 as repeat lists, at any depth", () => {
  assert.deepEqual(flattenParams({ InstanceId: ["i-1", "i-2"] }), [[
    "InstanceId.1",
    "i-1",
  ], ["InstanceId.2", "i-2"]]);
  assert.deepEqual(flattenParams({ A: [["x"], ["y", "z"]] }), [["A.1.1", "x"], [
    "A.2.1",
    "y",
  ], ["A.2.2", "z"]]);
});

test("flattenParams() nests objects with a dot, including Tag lists", () => {
  assert.deepEqual(
    flattenParams({
      Tag: [{ Key: "env", Value: "prod" }, { Key: "team", Value: "" }],
      Disk: { Category: "cloud_essd", Size: 40 },
    }),
    [
      ["Tag.1.Key", "env"],
      ["Tag.1.Value", "prod"],
      ["Tag.2.Key", "team"],
      ["Tag.2.Value", ""],
      ["Disk.Category", "cloud_essd"],
      ["Disk.Size", "40"],
    ],
  );
});

test("flattenParams() adds nothing for an empty array or object", () => {
  assert.deepEqual(flattenParams({ A: [], B: {}, C: "c" }), [["C", "c"]]);
});

test("flattenParams() refuses a gap in a repeat list rather than numbering around it", () => {
  const huge: string[] = [];
  huge.length = 1e7;
  const gaps: [string, unknown, string][] = [
    ["null", ["x", null, "z"], "null"],
    ["undefined", ["x", undefined], "undefined"],
    ["a hole", ["x", , "z"], "an array hole"],
    ["a huge sparse array", huge, "an array hole"],
  ];
  for (const [what, list, shown] of gaps) {
    const index = what === "a huge sparse array" ? 1 : 2;
    assert.throws(
      () => flattenParams({ A: list as string[] }),
      (error) =>
        error instanceof AcsTypeError && error.code === "unsupported-value" &&
        error.parameter === `A.${index}` &&
        error.message ===
          `Cannot flatten parameter "A.${index}": a repeat list cannot have a gap (${shown}); leave the item out of the array instead`,
      what,
    );
  }
});

test("flattenParams() writes json() values as JSON text, never as a repeat list", () => {
  assert.deepEqual(
    flattenParams({
      InstanceIds: json(["i-1", "i-2"]),
      Filter: json({ a: [1, true, null, "中"] }),
    }),
    [["InstanceIds", '["i-1","i-2"]'], ["Filter", '{"a":[1,true,null,"中"]}']],
  );
});

test("flattenParams() accepts a Map, URLSearchParams and pairs, in their order", () => {
  const expected = [["B", "2"], ["A", "1"]];
  assert.deepEqual(flattenParams(new Map([["B", "2"], ["A", "1"]])), expected);
  assert.deepEqual(flattenParams(new URLSearchParams("B=2&A=1")), expected);
  assert.deepEqual(flattenParams([["B", "2"], ["A", 1]]), expected);
  assert.deepEqual(flattenParams(new Map([["Tag", new Map([["Key", "k"]])]])), [
    ["Tag.Key", "k"],
  ]);
});

test("flattenParams() treats __proto__ and constructor as ordinary names", () => {
  const params = JSON.parse('{"__proto__": "p", "constructor": "c"}');
  assert.deepEqual(flattenParams(params), [["__proto__", "p"], [
    "constructor",
    "c",
  ]]);
});

test("flattenParams() reads own enumerable string keys only", () => {
  const params: Record<string | symbol, string> = { Own: "yes", [Symbol("s")]: "no" };
  Object.defineProperty(params, "Hidden", { value: "no", enumerable: false });
  assert.deepEqual(flattenParams(params), [["Own", "yes"]]);
});

test("flattenParams() accepts objects without a prototype", () => {
  const params = Object.assign(Object.create(null), { A: "1" });
  assert.deepEqual(flattenParams(params), [["A", "1"]]);
});

const circular: Record<string, unknown> = { Name: "x" };
circular.Self = circular;
const circularList: unknown[] = [];
circularList.push(circularList);
const circularJson: Record<string, unknown> = {};
circularJson.me = circularJson;

type Bad = [
  string,
  unknown,
  typeof AcsTypeError | typeof AcsRangeError,
  string,
  string,
];
const bad: Bad[] = [
  [
    "a Date",
    { When: new Date(0) },
    AcsTypeError,
    "unsupported-value",
    'Cannot flatten parameter "When": a Date has no defined form on the wire; format it first, e.g. with formatTimestamp()',
  ],
  [
    "a function",
    { Fn: () => 1 },
    AcsTypeError,
    "unsupported-value",
    'Cannot flatten parameter "Fn": function has no defined form on the wire',
  ],
  [
    "a symbol",
    { Tag: [{ Key: Symbol("k") }] },
    AcsTypeError,
    "unsupported-value",
    'Cannot flatten parameter "Tag.1.Key": symbol has no defined form on the wire',
  ],
  [
    "a class instance",
    { Data: new Uint8Array(2) },
    AcsTypeError,
    "unsupported-value",
    'Cannot flatten parameter "Data": an instance of Uint8Array has no defined form on the wire',
  ],
  [
    "NaN",
    { PageSize: Number.NaN },
    AcsRangeError,
    "unsupported-value",
    'Cannot flatten parameter "PageSize": NaN has no defined form on the wire',
  ],
  [
    "Infinity in a list",
    { A: [1, Infinity] },
    AcsRangeError,
    "unsupported-value",
    'Cannot flatten parameter "A.2": Infinity has no defined form on the wire',
  ],
  [
    "a circular object",
    circular,
    AcsTypeError,
    "circular-value",
    'Cannot flatten parameter "Self": the value contains itself',
  ],
  [
    "a circular array",
    { L: circularList },
    AcsTypeError,
    "circular-value",
    'Cannot flatten parameter "L.1": the value contains itself',
  ],
  [
    "names that collide after flattening",
    { "Tag.1.Key": "a", Tag: [{ Key: "b" }] },
    AcsTypeError,
    "duplicate-parameter",
    'Cannot flatten parameter "Tag.1.Key": the name is given more than once',
  ],
  [
    "a name given twice in pairs",
    [["A", "1"], ["A", "2"]],
    AcsTypeError,
    "duplicate-parameter",
    'Cannot flatten parameter "A": the name is given more than once',
  ],
  [
    "a name given twice in URLSearchParams",
    new URLSearchParams("A=1&A=2"),
    AcsTypeError,
    "duplicate-parameter",
    'Cannot flatten parameter "A": the name is given more than once',
  ],
  [
    "an empty name",
    { "": "x" },
    AcsTypeError,
    "invalid-parameter-name",
    'Cannot flatten parameter "": a name must be a non-empty string, got ""',
  ],
  [
    "an empty nested name",
    { Tag: { "": "x" } },
    AcsTypeError,
    "invalid-parameter-name",
    'Cannot flatten parameter "Tag.": a name must be a non-empty string, got ""',
  ],
  [
    "a Map key that is not a string",
    { M: new Map([[1, "x"]]) },
    AcsTypeError,
    "invalid-parameter-name",
    'Cannot flatten parameter "M.1": a name must be a non-empty string, got number',
  ],
  [
    "a JSON value with NaN",
    { F: json({ n: Number.NaN }) },
    AcsRangeError,
    "unsupported-value",
    'Cannot flatten parameter "F.n": NaN has no JSON form',
  ],
  [
    "a JSON value with undefined",
    { F: json({ u: undefined }) },
    AcsTypeError,
    "unsupported-value",
    'Cannot flatten parameter "F.u": undefined has no JSON form',
  ],
  [
    "a JSON value with a Date",
    { F: json([new Date(0)]) },
    AcsTypeError,
    "unsupported-value",
    'Cannot flatten parameter "F[0]": an instance of Date has no JSON form',
  ],
  [
    "a JSON value with a bigint",
    { F: json(1n) },
    AcsTypeError,
    "unsupported-value",
    'Cannot flatten parameter "F": bigint has no JSON form',
  ],
  [
    "a JSON array with a hole",
    { F: json([1, , 3]) },
    AcsTypeError,
    "unsupported-value",
    'Cannot flatten parameter "F[1]": an array hole has no JSON form',
  ],
  [
    "a circular JSON value",
    { F: json(circularJson) },
    AcsTypeError,
    "circular-value",
    'Cannot flatten parameter "F.me": the value contains itself',
  ],
  [
    "an object with a custom prototype",
    Object.create({ Inherited: "x" }),
    AcsTypeError,
    "invalid-option",
    "Cannot flatten parameters: expected an object, a Map, URLSearchParams or pairs, got an object with a custom prototype",
  ],
  [
    "a string instead of parameters",
    "A=1",
    AcsTypeError,
    "invalid-option",
    "Cannot flatten parameters: expected an object, a Map, URLSearchParams or pairs, got string",
  ],
  [
    "a Date instead of parameters",
    new Date(0),
    AcsTypeError,
    "invalid-option",
    "Cannot flatten parameters: expected an object, a Map, URLSearchParams or pairs, got an instance of Date",
  ],
  [
    "pairs that are not pairs",
    [["A"]],
    AcsTypeError,
    "invalid-option",
    "Cannot flatten parameters: entry 0 is not a [name, value] pair",
  ],
];
for (const [what, input, ErrorClass, code, message] of bad) {
  test(`flattenParams() refuses ${what}`, () => {
    assert.throws(() => flattenParams(input as Params), (error) => {
      assert.ok(error instanceof ErrorClass, `class of ${String(error)}`);
      assert.equal((error as AcsTypeError).code, code);
      assert.equal(error.message, message);
      return true;
    });
  });
}

// ---- issue 16 item 7: every error coded, nesting bounded, each value read once

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

const hostile: [
  string,
  () => unknown,
  typeof AcsTypeError | typeof AcsRangeError,
  string,
  string,
][] = [
  [
    "json() objects nested 5,000 deep",
    () => ({ Spec: json(nested(5000, 1, (inner) => ({ a: inner }))) }),
    AcsRangeError,
    "unsupported-value",
    "Spec" + ".a".repeat(100),
  ],
  [
    "json() arrays nested 5,000 deep",
    () => ({ Spec: json(nested(5000, 1, (inner) => [inner])) }),
    AcsRangeError,
    "unsupported-value",
    "Spec" + "[0]".repeat(100),
  ],
  [
    "parameters nested 5,000 deep",
    () => ({ A: nested(5000, "x", (inner) => ({ B: inner })) }),
    AcsRangeError,
    "unsupported-value",
    "A" + ".B".repeat(100),
  ],
  [
    "repeat lists nested 5,000 deep",
    () => ({ A: nested(5000, "x", (inner) => [inner]) }),
    AcsRangeError,
    "unsupported-value",
    "A" + ".1".repeat(100),
  ],
  [
    "revoked Proxy as the parameters",
    () => revokedProxy(),
    AcsTypeError,
    "invalid-option",
    "params",
  ],
  [
    "revoked Proxy as a value",
    () => ({ Tag: revokedProxy() }),
    AcsTypeError,
    "unsupported-value",
    "Tag",
  ],
  [
    "revoked Proxy inside a repeat list",
    () => ({ Tag: [{ Key: "a" }, revokedProxy()] }),
    AcsTypeError,
    "unsupported-value",
    "Tag.2",
  ],
  [
    "revoked Proxy inside json()",
    () => ({ Spec: json({ a: [revokedProxy()] }) }),
    AcsTypeError,
    "unsupported-value",
    "Spec.a[0]",
  ],
  [
    "a Proxy whose ownKeys repeats a name",
    () => ({ Tag: new Proxy({ Key: "a" }, { ownKeys: () => ["Key", "Key"] }) }),
    AcsTypeError,
    "unsupported-value",
    "Tag",
  ],
  [
    "a Proxy whose ownKeys repeats a name, as the parameters",
    () => new Proxy({ A: "1" }, { ownKeys: () => ["A", "A"] }),
    AcsTypeError,
    "invalid-option",
    "params",
  ],
  [
    "a getter that throws",
    () => ({
      Tag: {
        get Key(): string {
          throw new Error("no");
        },
      },
    }),
    AcsTypeError,
    "unsupported-value",
    "Tag",
  ],
  [
    "a Proxy of a Map",
    () => ({ Tag: new Proxy(new Map([["Key", "a"]]), {}) }),
    AcsTypeError,
    "unsupported-value",
    "Tag",
  ],
  [
    "a pair's name whose toString throws",
    () => [[{
      toString: () => {
        throw new Error("no");
      },
    }, "x"]],
    AcsTypeError,
    "invalid-parameter-name",
    "[an object with a custom prototype]",
  ],
  [
    "a Map key with no toString at all",
    () => new Map([[Object.create(null), "x"]]),
    AcsTypeError,
    "invalid-parameter-name",
    "[an object with a custom prototype]",
  ],
  [
    "a nested Map key whose toString throws",
    () => ({
      Tag: new Map([[{
        toString: () => {
          throw new Error("no");
        },
      }, "x"]]),
    }),
    AcsTypeError,
    "invalid-parameter-name",
    "Tag.[an object with a custom prototype]",
  ],
  [
    "an iterator that throws",
    () => ({
      [Symbol.iterator]() {
        return {
          next: () => {
            throw new Error("no");
          },
        };
      },
    }),
    AcsTypeError,
    "invalid-option",
    "params",
  ],
];
for (const [what, make, ErrorClass, code, parameter] of hostile) {
  test(`flattenParams() gives a coded error for ${what}`, () => {
    assert.throws(() => flattenParams(make() as Params), (error) => {
      assert.ok(error instanceof ErrorClass, `class of ${String(error)}`);
      assert.equal((error as AcsTypeError).code, code);
      assert.equal((error as AcsTypeError).parameter, parameter);
      return true;
    });
  });
}

test("flattenParams() accepts nesting up to 100 levels, in parameters and in json()", () => {
  const deepJson = nested(100, 1, (inner) => [inner]);
  assert.deepEqual(flattenParams({ Spec: json(deepJson) }), [["Spec", JSON.stringify(deepJson)]]);
  const deep = flattenParams({ A: nested(100, "x", (inner) => ({ B: inner })) } as Params);
  assert.deepEqual(deep, [["A" + ".B".repeat(100), "x"]]);
});

test("flattenParams() reads each json() value once, and writes what JSON.stringify writes", () => {
  let reads = 0;
  const value = {
    get Changing(): number {
      reads++;
      return reads;
    },
    Text: 'a"b\\c\u2028\ud800',
    Numbers: [0, -0, 1e21, 1.5e-7, -3],
    Flags: [true, false, null],
    Nested: { "": "empty key", "__proto__": 1 },
  };
  const [[, text]] = flattenParams({ Spec: json(value) }) as [[string, string]];
  assert.equal(reads, 1);
  reads = 0;
  assert.equal(text, JSON.stringify(value));
});

test("flattenParams() still finds a duplicate made by a dotted name, whichever comes first", () => {
  for (const params of [{ "Tag.1": "x", Tag: ["y"] }, { Tag: ["y"], "Tag.1": "x" }]) {
    assert.throws(
      () => flattenParams(params),
      (error) =>
        error instanceof AcsTypeError && error.code === "duplicate-parameter" &&
        error.parameter === "Tag.1",
    );
  }
  assert.throws(
    () => flattenParams({ A: { "B.C": 1, B: { C: 2 } } }),
    (error) => error instanceof AcsTypeError && error.code === "duplicate-parameter",
  );
});

test("isJsonParam() answers false for a revoked Proxy instead of throwing", async () => {
  const { isJsonParam } = await import("./json.ts");
  const { buildStringToSign } = await import("./build_string_to_sign.ts");
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.equal(isJsonParam(proxy), false);
  assert.equal(isJsonParam(json(1)), true);
  // The same value as a method, quoted in a message: a coded error.
  assert.throws(
    () => buildStringToSign(proxy as never, "A=1"),
    (error: unknown) => error instanceof AcsTypeError && error.parameter === "method",
  );
});
