// Properties for malformed input (issue 16): every entry point of the signing
// pipeline and of the endpoint table, given random input with at least one
// certain mistake, throws an AcsTypeError or AcsRangeError with a known code
// and a parameter, never a raw error, and never succeeds.

import fc from "fast-check";
import assert from "node:assert/strict";
import {
  buildStringToSign,
  canonicalize,
  flattenParams,
  formatTimestamp,
  type Params,
  percentEncode,
  sign,
  signRequest as signForEndpoint,
  type SignRequestOptions,
} from "../../lib/signature/mod.ts";
import { findRegion, resolveEndpoint, signRequest } from "../../lib/endpoints/mod.ts";
import { badValue, brokenText, build, name, signOptions, Special, text } from "./_arbitraries.ts";
import { outcome } from "./_differences.ts";

/** Every code lib/errors documents. */
const CODES = new Set([
  "invalid-unicode",
  "invalid-parameter-name",
  "duplicate-parameter",
  "reserved-parameter",
  "unsupported-value",
  "circular-value",
  "invalid-action",
  "invalid-option",
  "invalid-timestamp",
  "invalid-credentials",
  "insecure-protocol",
  "unknown-region",
  "no-vpc-endpoint",
  "region-mismatch",
]);

/**
 * Asserts a coded error with a parameter; percentEncode(), given bare text
 * rather than a parameter, names none (`named` false).
 */
function assertCoded(call: () => unknown, named = true): void {
  const result = outcome(call);
  assert.equal(result.kind, "coded", `expected a coded error, got ${JSON.stringify(result)}`);
  if (result.kind === "coded") {
    assert.ok(CODES.has(result.code), `unknown code ${result.code}`);
    if (named) assert.equal(typeof result.parameter, "string", "no parameter");
  }
}

/** Anything at all: primitives, objects, hostile values. */
const anything = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  badValue,
  fc.constantFrom(
    new Special("revoked"),
    new Special("ownKeysTwice"),
    new Special("fakeDate"),
    new Special("throwingName"),
  ),
);

/** One certain mistake to make in otherwise random options. */
const MISTAKES: readonly [string, (options: Record<string, unknown>) => void][] = [
  ["unknown option", (o) => (o.regionID = "cn-hangzhou")],
  ["bad action", (o) => (o.action = "Describe Regions")],
  ["no credentials", (o) => (o.credentials = undefined)],
  ["padded secret", (o) => (o.credentials = { accessKeyId: "id", accessKeySecret: " s" })],
  ["null nonce", (o) => (o.nonce = null)],
  ["bad method", (o) => (o.method = "PUT")],
  ["bad endpoint", (o) => (o.endpoint = "999.999.999.999")],
  ["fake Date", (o) => (o.timestamp = Object.create(Date.prototype))],
  ["invalid Date", (o) => (o.timestamp = new Date(Number.NaN))],
  ["NaN parameter", (o) => (o.params = { A: Number.NaN })],
  ["lone surrogate", (o) => (o.params = { A: "\ud800" })],
  ["reserved parameter", (o) => (o.params = { TimeStamp: "x" })],
  ["revoked params", (o) => (o.params = build(new Special("revoked")))],
  ["deep json()", (o) => (o.params = { A: build(new Special("deepJson", 5000)) })],
  ["password over HTTP", (o) => {
    o.params = { Spec: build(new Special("json", { Password: "x" })) };
    o.protocol = "http";
    delete o.endpoint;
  }],
];

/** The properties, by name. */
export const properties = {
  "signRequest() refuses options with a mistake with a coded error": fc.property(
    signOptions(true),
    fc.integer({ min: 0, max: MISTAKES.length - 1 }),
    fc.boolean(),
    (description, mistake, resolving) => {
      const options = build(description) as Record<string, unknown>;
      MISTAKES[mistake]![1](options);
      const signer = resolving ? signRequest : signForEndpoint;
      assertCoded(() => signer(options as unknown as SignRequestOptions));
    },
  ),
  "signRequest() never throws uncoded, whatever the options": fc.property(
    signOptions(true),
    fc.boolean(),
    (description, resolving) => {
      const options = build(description) as SignRequestOptions;
      const result = outcome(() => (resolving ? signRequest : signForEndpoint)(options));
      if (result.kind !== "ok") {
        assertCoded(() => (resolving ? signRequest : signForEndpoint)(options));
      } else assert.equal(typeof (result.value as { url: unknown }).url, "string");
    },
  ),
  "signRequest() given anything as options throws coded": fc.property(anything, (description) => {
    const options = build(description);
    if (typeof options === "object" && options !== null) {
      // An object: it may lack action or credentials, or hold unknown keys.
      const result = outcome(() => signRequest(options as SignRequestOptions));
      if (result.kind === "ok") return;
    }
    assertCoded(() => signRequest(options as SignRequestOptions));
  }),
  "flattenParams() gives coded errors for values with no wire form": fc.property(
    fc.dictionary(name, fc.oneof(text, fc.integer()), { maxKeys: 3 }),
    name,
    badValue.filter((value) => typeof value !== "string"),
    (good, badName, bad) => {
      const params = build({ ...good, [badName]: bad }) as Params;
      // A bad value under a reserved or duplicate name still fails, with some code.
      assertCoded(() => flattenParams(params));
    },
  ),
  "flattenParams() given anything never throws uncoded": fc.property(anything, (description) => {
    const params = build(description) as Params;
    const result = outcome(() => flattenParams(params));
    if (result.kind !== "ok") assertCoded(() => flattenParams(params));
  }),
  "canonicalize() given anything never throws uncoded": fc.property(
    fc.oneof(
      anything,
      fc.array(fc.oneof(anything, fc.tuple(anything, anything)), { maxLength: 4 }),
    ),
    (description) => {
      const pairs = build(description) as [string, string][];
      const result = outcome(() => canonicalize(pairs));
      if (result.kind !== "ok") assertCoded(() => canonicalize(pairs));
    },
  ),
  "the stages refuse lone surrogates and wrong types with coded errors": fc.property(
    brokenText,
    anything,
    (broken, other) => {
      const value = build(other);
      assertCoded(() => percentEncode(broken), false);
      assertCoded(() => canonicalize([["A", broken]]));
      assertCoded(() => sign(broken, "secret"));
      assertCoded(() => sign("GET&%2F&", broken));
      assertCoded(() => buildStringToSign("PUT" as "GET", "A=1"));
      if (typeof value !== "string") {
        assertCoded(() => percentEncode(value as string), false);
        assertCoded(() => sign(value as string, "secret"));
        assertCoded(() => buildStringToSign("GET", value as string));
      }
      let isDate = false;
      try {
        isDate = value instanceof Date;
      } catch {
        // A revoked Proxy: not a Date.
      }
      if (!isDate) assertCoded(() => formatTimestamp(value as Date));
    },
  ),
  "resolveEndpoint() and findRegion() stay coded and bounded for any id": fc.property(
    fc.oneof(text, fc.string({ unit: "binary", minLength: 65, maxLength: 3000 }), anything),
    (description) => {
      const id = build(description);
      const result = outcome(() => resolveEndpoint(id as string));
      if (result.kind !== "ok") {
        assertCoded(() => resolveEndpoint(id as string));
        try {
          resolveEndpoint(id as string);
        } catch (error) {
          assert.ok((error as Error).message.length < 600, "message too long");
        }
      }
      if (typeof id === "string") findRegion(id);
      else assertCoded(() => findRegion(id as string));
    },
  ),
} as const;
