// Where acs-rpc's time goes: each stage of signing the typical request timed
// on its own, in the same interleaved rounds as the whole signRequest, so
// each can be read as a share of it, and next to the same work as it was
// done before issue 15 (see stage_names.ts). Prints one JSON object on stdout.
//
//   deno run -A scripts/bench/stages.ts [--rounds N] [--batch-ms N]

import { flattenParams, formatTimestamp, resolveEndpoint, signRequest } from "@acs/rpc";
import { canonicalQueryAndStringToSign } from "../../lib/signature/_canonical.ts";
import { signFor } from "../../lib/signature/_keyed.ts";
import * as before from "../fuzz/oracle/mod.ts";
import { encodeText as encodeBefore } from "../fuzz/oracle/_encode.ts";
import { measure, numberArg, sinkValue, type Task } from "./harness.ts";
import { CREDENTIALS, NONCE, SCENARIOS, TIMESTAMP, VERSION } from "./scenarios.ts";
import { runtimeName } from "./suite.ts";

const scenario = SCENARIOS.find((s) => s.id === "typical")!;
const timestamp = new Date(TIMESTAMP);
const options = {
  action: scenario.action,
  params: scenario.params,
  regionId: scenario.regionId,
  credentials: CREDENTIALS,
  timestamp,
  nonce: NONCE,
};
const beforeOptions = { ...options, endpoint: scenario.host } as before.SignRequestOptions;
const signed = signRequest(options);
const pairs: [string, string][] = [
  ["Action", scenario.action],
  ["Format", "JSON"],
  ["Version", VERSION],
  ["AccessKeyId", CREDENTIALS.accessKeyId],
  ["SignatureMethod", "HMAC-SHA1"],
  ["SignatureVersion", "1.0"],
  ["SignatureNonce", NONCE],
  ["Timestamp", TIMESTAMP],
  ...flattenParams(scenario.params),
  ["RegionId", "cn-hangzhou"],
];
if (before.canonicalize(pairs) !== signed.canonicalQuery) throw new Error("stage inputs drifted");
if (before.signRequest(beforeOptions).url !== signed.url) throw new Error("before drifted");

const loop = (fn: () => unknown) => (n: number) => {
  let out: unknown;
  for (let i = 0; i < n; i++) out = fn();
  return out;
};
const small = { ...options, params: undefined, regionId: undefined };
const smallBefore = { ...small, endpoint: undefined } as before.SignRequestOptions;
const tasks: Task[] = [
  { name: "whole", run: loop(() => signRequest(options).url) },
  { name: "whole (before)", run: loop(() => before.signRequest(beforeOptions).url) },
  { name: "no params", run: loop(() => signRequest(small).url) },
  { name: "no params (before)", run: loop(() => before.signRequest(smallBefore).url) },
  { name: "flatten", run: loop(() => flattenParams(scenario.params)) },
  {
    name: "flatten (before)",
    run: loop(() => before.flattenParams(scenario.params as before.Params)),
  },
  { name: "canonical", run: loop(() => canonicalQueryAndStringToSign("GET", pairs.slice())) },
  {
    name: "canonical (before)",
    run: loop(() => before.buildStringToSign("GET", before.canonicalize(pairs))),
  },
  {
    name: "hmac",
    run: loop(() => signFor(CREDENTIALS, CREDENTIALS.accessKeySecret, signed.stringToSign)),
  },
  {
    name: "hmac (before)",
    run: loop(() => before.sign(signed.stringToSign, CREDENTIALS.accessKeySecret)),
  },
  { name: "timestamp", run: loop(() => formatTimestamp(timestamp)) },
  { name: "timestamp (before)", run: loop(() => before.formatTimestamp(timestamp)) },
  { name: "endpoint", run: loop(() => resolveEndpoint("cn-hangzhou")) },
  { name: "signature", run: loop(() => encodeURIComponent(signed.signature)) },
  { name: "signature (before)", run: loop(() => encodeBefore(signed.signature, "signature")) },
];
const result = await measure(tasks, {
  rounds: numberArg("--rounds", 15),
  batchMs: numberArg("--batch-ms", 20),
});
console.error(`(sink ${sinkValue()})`);
console.log(JSON.stringify({ runtime: runtimeName(), group: result }));
