// The random inputs of the fuzzers (fast-check arbitraries), as plain data:
// anything JSON and fast-check cannot print or shrink well (json() markers,
// Maps, Dates, Proxies, getters, holes) is a `Special` node, turned into the
// real thing by `build()` inside each property, afresh for every run.

import fc from "fast-check";
import { json } from "../../lib/signature/json.ts";

/** A value that `build()` makes: its kind and the data it is made from. */
export class Special {
  constructor(readonly kind: SpecialKind, readonly data?: unknown) {}
  [fc.toStringMethod](): string {
    return this.data === undefined ? `$${this.kind}` : `$${this.kind}(${fc.stringify(this.data)})`;
  }
}

export type SpecialKind =
  | "json" // json(data)
  | "map" // new Map(data)
  | "date" // new Date(data)
  | "hole" // an array hole, inside an array
  | "function"
  | "symbol"
  | "instance" // an instance of a class
  | "revoked" // a revoked Proxy
  | "ownKeysTwice" // a Proxy whose ownKeys repeats a name
  | "throwingGetter" // an object whose getter throws
  | "mapProxy" // a Proxy of a Map
  | "fakeDate" // Object.create(Date.prototype)
  | "throwingName" // a name whose toString throws
  | "cycle" // an object that contains itself
  | "deep" // objects nested data levels deep
  | "deepJson"; // json() of arrays nested data levels deep

class Instance {
  readonly field = "x";
}

/** Makes the real value a description stands for (see the file comment). */
export function build(value: unknown): unknown {
  if (value instanceof Special) return buildSpecial(value);
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    value.forEach((item, i) => {
      if (!(item instanceof Special && item.kind === "hole")) out[i] = build(item);
    });
    return out;
  }
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = Object.getPrototypeOf(value) === null
      ? Object.create(null)
      : {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: build((value as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

function buildSpecial(special: Special): unknown {
  const data = special.data;
  switch (special.kind) {
    case "json":
      return json(build(data));
    case "map":
      return new Map((data as [unknown, unknown][]).map(([k, v]) => [build(k), build(v)]));
    case "date":
      return new Date(data as number);
    case "hole":
      return undefined;
    case "function":
      return () => 1;
    case "symbol":
      return Symbol("fuzz");
    case "instance":
      return new Instance();
    case "revoked": {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case "ownKeysTwice":
      return new Proxy({ A: "1" }, { ownKeys: () => ["A", "A"] });
    case "throwingGetter":
      return {
        get A(): string {
          throw new Error("getter");
        },
      };
    case "mapProxy":
      return new Proxy(new Map([["A", "1"]]), {});
    case "fakeDate":
      return Object.create(Date.prototype);
    case "throwingName":
      return {
        toString(): string {
          throw new Error("toString");
        },
      };
    case "cycle": {
      const self: Record<string, unknown> = { A: "1" };
      self.B = self;
      return self;
    }
    case "deep": {
      let value: unknown = "x";
      for (let i = 0; i < (data as number); i++) value = { A: value };
      return value;
    }
    case "deepJson": {
      let value: unknown = 1;
      for (let i = 0; i < (data as number); i++) value = [value];
      return json(value);
    }
  }
}

// ---- text ---------------------------------------------------------------------

/** Characters that matter to the rules: sub-delims, %, space, +, case folding, surrogate pairs. */
const TRICKY = [
  "!",
  "'",
  "(",
  ")",
  "*",
  "%",
  " ",
  "+",
  "~",
  "&",
  "=",
  "/",
  "?",
  "#",
  ":",
  ".",
  "-",
  "_",
  "\u212a", // Kelvin sign: lower-cases to "k"
  "\u0130", // İ: lower-cases to two code units
  "\u017f", // ſ: upper-cases to "S"
  "\u0000",
  "\n",
  "\u00a0",
  "é",
  "杭",
  "\uff5e",
  "😀",
  "%20",
  "%2A",
];

const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(..."aAbBzZ0189") },
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);

/** Well-formed text over all of Unicode, weighted towards what the rules treat specially. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit, maxLength: 10 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 4 }) },
  // Long enough for the encoder's byte path (over 256 units once encoded).
  { weight: 1, arbitrary: fc.string({ unit, minLength: 90, maxLength: 400 }) },
);

/** Text with a lone surrogate somewhere. */
export const brokenText: fc.Arbitrary<string> = fc
  .tuple(text, fc.integer({ min: 0xd800, max: 0xdfff }), text)
  .map(([a, u, b]) => a + String.fromCharCode(u) + b);

/** Names: mostly API-like, sometimes tricky, reserved in some spelling, or secret-bearing. */
export const name: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "InstanceId",
      "Tag",
      "Key",
      "Value",
      "PageSize",
      "A",
      "a",
      "A_b",
      "A-b",
      "Ab",
      "Description",
    ),
  },
  { weight: 4, arbitrary: text.filter((s) => s !== "") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "Timestamp",
      "TimeStamp",
      "accesskeyid",
      "Access\u212aeyId",
      "SIGNATURENONCE",
      "Signature",
      "Action",
      "Format",
      "Version",
      "SecurityToken",
      "ResourceOwnerAccount",
      "RegionId",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "Password",
      "AdminPassword",
      "Instance.Password",
      "KeyPairBody",
      "PrivateKeyBody",
      "ClientSecret",
      "PasswordInherit",
      "passwordHint",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("Tag.1", "Tag.1.Key", "A.B", "InstanceId.1") },
);

// ---- values -------------------------------------------------------------------

const scalar = fc.oneof(
  { weight: 8, arbitrary: text },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.boolean() },
);

const jsonScalar = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const { jsonValue } = fc.letrec((tie) => ({
  jsonValue: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    jsonScalar,
    fc.array(tie("jsonValue"), { maxLength: 4 }),
    fc.dictionary(name, tie("jsonValue"), { maxKeys: 4 }),
  ),
}));

/** Well-formed API parameter values: scalars, repeat lists, objects, Maps, json(). */
export const { value: paramValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 8, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
    { weight: 2, arbitrary: fc.array(tie("item"), { maxLength: 4 }) },
    { weight: 2, arbitrary: fc.dictionary(name, tie("value"), { maxKeys: 4 }) },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(name, tie("value")), { maxLength: 3 }).map((entries) =>
        new Special("map", entries)
      ),
    },
    { weight: 2, arbitrary: jsonValue.map((v) => new Special("json", v)) },
  ),
  // Inside a repeat list: no gaps.
  item: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(tie("item"), { maxLength: 3 }) },
    { weight: 2, arbitrary: fc.dictionary(name, tie("value"), { maxKeys: 3 }) },
  ),
}));

/** Values with no wire form, or hostile to read. */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  brokenText,
  fc.constantFrom(
    new Special("function"),
    new Special("symbol"),
    new Special("instance"),
    new Special("date", 0),
    new Special("revoked"),
    new Special("ownKeysTwice"),
    new Special("throwingGetter"),
    new Special("mapProxy"),
    new Special("cycle"),
    new Special("deep", 101),
    new Special("deep", 5000),
    new Special("deepJson", 101),
    new Special("deepJson", 5000),
    new Special("json", [1, new Special("hole"), 2]),
    new Special("json", { A: Number.NaN }),
    new Special("json", { A: undefined }),
    new Special("json", [new Special("date", 0)]),
    new Special("json", { A: 1n }),
    [null],
    ["a", new Special("hole"), "b"],
  ),
);

/** API parameters in every accepted shape. */
export const params: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(name, paramValue, { maxKeys: 6 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.tuple(name, paramValue), { maxLength: 5 }).map((entries) =>
      new Special("map", entries)
    ),
  },
  { weight: 1, arbitrary: fc.array(fc.tuple(name, paramValue), { maxLength: 5 }) },
);

// ---- signRequest options --------------------------------------------------------

const goodTime = fc.integer({ min: -62135596800000, max: 253402300799999 });

/** Options for the signRequest of @acs/rpc/signature, mostly valid. */
export function signOptions(bad: boolean): fc.Arbitrary<Record<string, unknown>> {
  const maybeBad = <T>(good: fc.Arbitrary<T>, wrong: fc.Arbitrary<unknown>) =>
    bad ? fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: wrong }) : good;
  const credentialText = text.filter((s) => s !== "" && !/^\s|\s$/.test(s));
  return fc.record(
    {
      action: maybeBad(
        fc.oneof(
          fc.constantFrom("DescribeRegions", "DescribeInstances", "A1"),
          fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,12}$/),
        ),
        fc.oneof(fc.constantFrom("", "Describe Regions", "1A", "a-b"), text, fc.integer()),
      ),
      params: maybeBad(
        params,
        fc.oneof(
          fc.dictionary(name, badValue, { minKeys: 1, maxKeys: 2 }),
          fc.constantFrom(
            new Special("revoked"),
            new Special("ownKeysTwice"),
            new Special("instance"),
            [["A"]],
            [[new Special("throwingName"), "x"]],
            "A=1",
          ),
        ),
      ),
      credentials: maybeBad(
        fc.record(
          {
            accessKeyId: credentialText,
            accessKeySecret: credentialText,
            securityToken: credentialText,
          },
          { requiredKeys: ["accessKeyId", "accessKeySecret"] },
        ),
        fc.oneof(
          fc.record({
            accessKeyId: fc.constantFrom("", " id", 1),
            accessKeySecret: credentialText,
          }),
          fc.record({
            accessKeyId: credentialText,
            accessKeySecret: fc.oneof(fc.constantFrom("", "s\n", undefined), brokenText),
          }),
          fc.record({
            accessKeyId: credentialText,
            accessKeySecret: credentialText,
            securityToken: fc.constantFrom("", 1, " t"),
          }),
          fc.constantFrom(null, "id:secret", new Special("revoked")),
        ),
      ),
      regionId: maybeBad(
        fc.constantFrom("cn-hangzhou", "ap-southeast-3", "x"),
        fc.constantFrom("", 1),
      ),
      network: maybeBad(fc.constantFrom("public", "vpc"), fc.constantFrom("VPC", 1)),
      endpoint: maybeBad(
        fc.constantFrom(
          "ecs.aliyuncs.com",
          "ecs.cn-hangzhou.aliyuncs.com",
          "127.0.0.1:8788",
          "http://127.0.0.1:8788",
          "https://ecs.aliyuncs.com/",
          "[::1]:8080",
          "localhost",
          "ECS.AliYunCS.com",
        ),
        fc.oneof(
          fc.constantFrom(
            "999.999.999.999",
            "[1.2.3.4]",
            "[::1::2]",
            "ecs.123",
            "0x7f.1",
            "ftp://x.com",
            "a b",
            "x.com/path",
            "x.com:0",
            "",
            1,
          ),
          text,
        ),
      ),
      version: maybeBad(
        fc.constantFrom("2014-05-26", "2016-03-14"),
        fc.constantFrom("v1", "2014-5-26", 20140526),
      ),
      format: maybeBad(fc.constantFrom("JSON", "XML"), fc.constantFrom("json", "YAML", 1)),
      method: maybeBad(fc.constantFrom("GET", "POST"), fc.constantFrom("get", "PUT", 1)),
      protocol: maybeBad(fc.constantFrom("https", "http"), fc.constantFrom("HTTPS", "ftp", 1)),
      timestamp: maybeBad(
        goodTime.map((ms) => new Special("date", ms)),
        fc.constantFrom(
          new Special("date", Number.NaN),
          new Special("date", 253402300800000),
          new Special("date", -62135596800001),
          new Special("fakeDate"),
          "2016-02-23T12:46:24Z",
          0,
        ),
      ),
      nonce: maybeBad(text.filter((s) => s !== ""), fc.constantFrom("", 1)),
      resourceOwnerAccount: maybeBad(text.filter((s) => s !== ""), fc.constantFrom("", 1)),
      ...(bad ? { extra: fc.integer({ min: 0, max: 19 }) } : {}),
    },
    // A fixed nonce, so that two implementations sign the same request.
    {
      requiredKeys: bad
        ? ["action", "credentials"]
        : ["action", "credentials", "timestamp", "nonce"],
    },
  ).map((generated) => {
    const record = generated as Record<string, unknown>;
    // Without a region, a network is a mistake; keep most requests valid.
    if (!bad && record.regionId === undefined) delete record.network;
    if (!bad && record.regionId !== undefined && record.endpoint === undefined) {
      record.endpoint = "ecs.aliyuncs.com";
    }
    // One request in twenty with an unknown option, one in twenty with a null one.
    if (bad && record.extra === 0) record.regionID = "cn-hangzhou";
    if (bad && record.extra === 1) {
      record[
        ["params", "nonce", "method", "timestamp"][Number(record.action?.toString().length) % 4]!
      ] = null;
    }
    delete record.extra;
    return record;
  });
}
