// Signs a million typical requests (each with its own clock reading and
// random nonce, so every URL differs) and prints the heap after a full GC
// before, during and after, as one JSON object on stdout. Needs `gc()`:
//
//   deno run --v8-flags=--expose-gc scripts/bench/memory.ts [--count N]
//   node --expose-gc <bundle of this file> [--count N]

import { signRequest } from "@acs/rpc";
import { keep, numberArg, sinkValue } from "./harness.ts";
import { CREDENTIALS, SCENARIOS } from "./scenarios.ts";
import { runtimeName } from "./suite.ts";

interface Host {
  gc?: () => void;
  Deno?: { memoryUsage(): { heapUsed: number; rss: number } };
  process?: { memoryUsage(): { heapUsed: number; rss: number } };
}
const host = globalThis as unknown as Host;
const gc = host.gc;
if (gc === undefined) throw new Error("gc() is missing: run with --expose-gc");
const runtime = host.Deno ?? host.process!;
const count = numberArg("--count", 1_000_000);

function heap(): { heapUsed: number; rss: number } {
  gc!();
  gc!();
  const { heapUsed, rss } = runtime.memoryUsage();
  return { heapUsed, rss };
}

const scenario = SCENARIOS.find((s) => s.id === "typical")!;
function signOnce(): string {
  return signRequest({
    action: scenario.action,
    params: scenario.params,
    regionId: scenario.regionId,
    credentials: CREDENTIALS,
  }).url;
}

// Warm up first, so that compiled code and inline caches are in "before".
for (let i = 0; i < 20_000; i++) keep(signOnce());
const samples: { signed: number; heapUsed: number; rss: number }[] = [];
samples.push({ signed: 0, ...heap() });
const start = performance.now();
const step = count / 4;
for (let signed = 1; signed <= count; signed++) {
  keep(signOnce());
  if (signed % step === 0) samples.push({ signed, ...heap() });
}
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ runtime: runtimeName(), count, seconds, samples, sink: sinkValue() }));
