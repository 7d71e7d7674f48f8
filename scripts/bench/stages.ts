// Where acs-rpc's time goes: each stage of signing the typical request timed
// on its own, in the same interleaved rounds as the whole signRequest, so
// each can be read as a share of it. Prints one JSON object on stdout.
//
//   deno run -A scripts/bench/stages.ts [--rounds N] [--batch-ms N]

import {
  buildStringToSign,
  canonicalize,
  type FlatParam,
  flattenParams,
  formatTimestamp,
  percentEncode,
  resolveEndpoint,
  sign,
  signRequest,
} from "@acs/rpc";
import { hmac } from "@noble/hashes/hmac";
import { sha1 } from "@noble/hashes/sha1";
import { isWellFormed } from "../../lib/_internal/encode.ts";
import { measure, sinkValue, type Task } from "./harness.ts";
import { CREDENTIALS, NONCE, SCENARIOS, TIMESTAMP, VERSION } from "./scenarios.ts";
import { runtimeName } from "./suite.ts";
import { STAGES } from "./stage_names.ts";

const g = globalThis as unknown as { Deno?: { args: string[] }; process?: { argv: string[] } };
const args = g.Deno?.args ?? g.process?.argv.slice(2) ?? [];
const flag = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};

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
const signed = signRequest(options);
const pairs: FlatParam[] = [
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
if (canonicalize(pairs) !== signed.canonicalQuery) throw new Error("stage inputs drifted");
const utf8 = new TextEncoder();
const key = utf8.encode(CREDENTIALS.accessKeySecret + "&");
const message = utf8.encode(signed.stringToSign);

const loop = (fn: () => unknown) => (n: number) => {
  let out: unknown;
  for (let i = 0; i < n; i++) out = fn();
  return out;
};
const tasks: Task[] = [
  { name: STAGES.whole, run: loop(() => signRequest(options).url) },
  { name: STAGES.flatten, run: loop(() => flattenParams(scenario.params)) },
  { name: STAGES.canonicalize, run: loop(() => canonicalize(pairs)) },
  { name: STAGES.stringToSign, run: loop(() => buildStringToSign("GET", signed.canonicalQuery)) },
  { name: STAGES.sign, run: loop(() => sign(signed.stringToSign, CREDENTIALS.accessKeySecret)) },
  { name: STAGES.surrogates, run: loop(() => isWellFormed(signed.stringToSign)) },
  { name: STAGES.utf8, run: loop(() => utf8.encode(signed.stringToSign)) },
  { name: STAGES.hmac, run: loop(() => hmac(sha1, key, message)) },
  { name: STAGES.timestamp, run: loop(() => formatTimestamp(timestamp)) },
  { name: STAGES.endpoint, run: loop(() => resolveEndpoint("cn-hangzhou")) },
  { name: STAGES.signatureEncode, run: loop(() => percentEncode(signed.signature)) },
];
const result = await measure(tasks, {
  rounds: flag("--rounds", 15),
  batchMs: flag("--batch-ms", 20),
});
console.error(`(sink ${sinkValue()})`);
console.log(JSON.stringify({ runtime: runtimeName(), group: result }));
