// Differential properties: the optimized pipeline (lib/) against the oracle
// (scripts/fuzz/oracle/, the pipeline as of e85dd03) on random inputs, stage by
// stage and whole: identical results, or identical error class, code and
// parameter, unless a documented difference (_differences.ts) explains it.
// Signatures are also checked against node:crypto's HMAC-SHA1.

import fc from "fast-check";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import {
  buildStringToSign,
  canonicalize,
  flattenParams,
  formatTimestamp,
  type Params,
  percentEncode,
  sign,
  signRequest,
  type SignRequestOptions,
} from "../../lib/signature/mod.ts";
import * as oracle from "./oracle/mod.ts";
import {
  brokenText,
  build,
  name,
  params as paramsArbitrary,
  signOptions,
  Special,
  text,
} from "./_arbitraries.ts";
import { depthOf, DIFFERENCES, hasSecretInJson, type Outcome, outcome } from "./_differences.ts";

/** What differences were seen, by id, so the runner can report them. */
export const seen: Map<string, number> = new Map();
function accept(difference: { id: string }): void {
  seen.set(difference.id, (seen.get(difference.id) ?? 0) + 1);
}

function hmacSha1(stringToSign: string, secret: string): string {
  return createHmac("sha1", secret + "&").update(stringToSign).digest("base64");
}

/** The oracle's URL with its host lower-cased: see DIFFERENCES.hostCase. */
function lowerHost(url: string): string {
  return url.replace(
    /^(https?:\/\/)([^/]+)/,
    (_, scheme: string, host: string) => scheme + host.toLowerCase(),
  );
}

/**
 * Compares two outcomes; `explain` may accept a difference (and must then
 * say which). Results must be deeply equal.
 */
function compare(
  ours: Outcome,
  theirs: Outcome,
  explain: (ours: Outcome, theirs: Outcome) => { id: string } | undefined,
): void {
  if (ours.kind === "raw") {
    assert.fail(`lib/ threw an uncoded ${ours.errorClass}: ${ours.message}`);
  }
  const difference = explain(ours, theirs);
  if (difference !== undefined) {
    accept(difference);
    return;
  }
  if (theirs.kind === "raw") {
    // The oracle had no code for it; lib/ must have one (it does: not raw).
    accept(DIFFERENCES.rawErrorsCoded);
    return;
  }
  assert.deepEqual(ours, theirs);
}

const never = () => undefined;

function unknownKeys(options: Record<string, unknown>): string[] {
  const known = new Set([
    "action",
    "params",
    "credentials",
    "regionId",
    "network",
    "endpoint",
    "version",
    "format",
    "method",
    "protocol",
    "timestamp",
    "nonce",
    "resourceOwnerAccount",
  ]);
  return Object.keys(options).filter((key) => !known.has(key));
}

function explainSignRequest(options: Record<string, unknown>) {
  return (ours: Outcome, theirs: Outcome): { id: string } | undefined => {
    const unknown = unknownKeys(options);
    if (unknown.length > 0) {
      assert.equal(ours.kind, "coded");
      assert.deepEqual(
        ours.kind === "coded" && [ours.code, ours.parameter],
        ["invalid-option", unknown[0]],
      );
      return DIFFERENCES.unknownOption;
    }
    if (
      ours.kind === "coded" && ours.code === "insecure-protocol" &&
      theirs.kind !== "raw" && !(theirs.kind === "coded" && theirs.code === "insecure-protocol" &&
        theirs.parameter === ours.parameter) &&
      hasSecretInJson(options.params)
    ) {
      return DIFFERENCES.secretInJson;
    }
    if (
      ours.kind === "coded" && ours.code === "unsupported-value" &&
      ours.errorClass === "AcsRangeError" && depthOf(options.params) > 100
    ) {
      return DIFFERENCES.depth;
    }
    if (ours.kind === "ok" && theirs.kind === "ok") {
      const a = ours.value as oracle.SignedRequest;
      const b = theirs.value as oracle.SignedRequest;
      if (a.url !== b.url && a.url === lowerHost(b.url)) {
        assert.deepEqual({ ...a, url: "" }, { ...b, url: "" });
        return DIFFERENCES.hostCase;
      }
      // Whatever the oracle says, the signature must be the HMAC of the string to sign.
      const secret = (options.credentials as { accessKeySecret: string }).accessKeySecret;
      assert.equal(a.signature, hmacSha1(a.stringToSign, secret));
    }
    return undefined;
  };
}

/** The properties, by name: each takes its inputs as plain data and builds them. */
export const properties = {
  "percentEncode() = oracle": fc.property(
    fc.oneof({ weight: 9, arbitrary: text }, { weight: 1, arbitrary: brokenText }),
    (input) =>
      compare(
        outcome(() => percentEncode(input)),
        outcome(() => oracle.percentEncode(input)),
        never,
      ),
  ),
  "flattenParams() = oracle": fc.property(paramsArbitrary, (description) => {
    const params = build(description) as Params;
    compare(
      outcome(() => flattenParams(params)),
      outcome(() => oracle.flattenParams(params as oracle.Params)),
      (ours) =>
        ours.kind === "coded" && ours.errorClass === "AcsRangeError" && depthOf(params) > 100
          ? DIFFERENCES.depth
          : undefined,
    );
  }),
  "canonicalize() = oracle": fc.property(
    fc.array(
      fc.tuple(
        name,
        fc.oneof({ weight: 9, arbitrary: text }, { weight: 1, arbitrary: brokenText }),
      ),
      {
        maxLength: 30,
      },
    ),
    (pairs) =>
      compare(outcome(() => canonicalize(pairs)), outcome(() => oracle.canonicalize(pairs)), never),
  ),
  "buildStringToSign() and sign() = oracle and node:crypto": fc.property(
    fc.constantFrom("GET", "POST"),
    fc.array(fc.tuple(name, text), { maxLength: 12 }),
    text.filter((s) => s !== ""),
    (method, pairs, secret) => {
      const query = outcome(() => canonicalize(pairs));
      if (query.kind !== "ok") return;
      const canonicalQuery = query.value as string;
      const stringToSign = outcome(() => buildStringToSign(method, canonicalQuery));
      compare(stringToSign, outcome(() => oracle.buildStringToSign(method, canonicalQuery)), never);
      if (stringToSign.kind !== "ok") return;
      const signature = outcome(() => sign(stringToSign.value as string, secret));
      compare(signature, outcome(() => oracle.sign(stringToSign.value as string, secret)), never);
      if (signature.kind === "ok") {
        assert.equal(signature.value, hmacSha1(stringToSign.value as string, secret));
      }
    },
  ),
  "formatTimestamp() = oracle": fc.property(
    fc.oneof(
      fc.integer({ min: -62135596800000 - 5000, max: 253402300799999 + 5000 }),
      fc.constant(Number.NaN),
    ),
    (ms) => {
      const date = new Date(ms);
      compare(
        outcome(() => formatTimestamp(date)),
        outcome(() => oracle.formatTimestamp(date)),
        never,
      );
    },
  ),
  "signRequest() = oracle (well-formed options)": fc.property(signOptions(false), (description) => {
    const options = build(description) as Record<string, unknown>;
    compare(
      outcome(() => signRequest(options as unknown as SignRequestOptions)),
      outcome(() => oracle.signRequest(options as unknown as oracle.SignRequestOptions)),
      explainSignRequest(options),
    );
  }),
  "signRequest() = oracle (options with mistakes)": fc.property(
    signOptions(true),
    (description) => {
      const options = build(description) as Record<string, unknown>;
      // Both must sign the same request: no random nonce, no clock.
      if (!("nonce" in options)) options.nonce = "n";
      if (!("timestamp" in options)) options.timestamp = new Date(0);
      compare(
        outcome(() => signRequest(options as unknown as SignRequestOptions)),
        outcome(() => oracle.signRequest(options as unknown as oracle.SignRequestOptions)),
        explainSignRequest(options),
      );
    },
  ),
  "signRequest() keys by credentials object and follows secret changes": fc.property(
    fc.array(
      fc.oneof(
        fc.record({ sign: fc.integer({ min: 0, max: 2 }) }),
        fc.record({
          object: fc.integer({ min: 0, max: 2 }),
          secret: fc.oneof({ weight: 9, arbitrary: text }, { weight: 1, arbitrary: brokenText }),
        }),
      ),
      { maxLength: 12 },
    ),
    (steps) => {
      const pool = [0, 1, 2].map((i) => ({ accessKeyId: `id${i}`, accessKeySecret: `secret${i}` }));
      for (const step of steps) {
        if ("object" in step) {
          pool[step.object]!.accessKeySecret = step.secret;
          continue;
        }
        const options = {
          action: "DescribeRegions",
          credentials: pool[step.sign]!,
          timestamp: new Date(0),
          nonce: "n",
        };
        compare(
          outcome(() => signRequest(options)),
          outcome(() => oracle.signRequest(options)),
          never,
        );
      }
    },
  ),
} as const;

/** Used by the arbitraries' printer; re-exported so that a failure prints the same. */
export { Special };
