// deno task fuzz — the differential and property-based fuzzers of the signing
// pipeline: lib/ against the oracle (scripts/fuzz/oracle/, the pipeline as of
// e85dd03) and node:crypto, against @alicloud/openapi-util and
// @alicloud/pop-core, and malformed input against every entry point.
//
//   deno run -A scripts/fuzz/run.ts [--runs N] [--seed S] [--only TEXT]
//
// Each property runs N cases (default 100,000). The seed is printed first: a
// failure prints the shrunk counterexample and how to replay it.

import fc from "fast-check";
import { properties as differential, seen } from "./differential.ts";
import { properties as malformed } from "./malformed.ts";
import { properties as peers } from "./peers.ts";
import { DIFFERENCES } from "./_differences.ts";

function flag(name: string): string | undefined {
  const at = Deno.args.indexOf(name);
  return at === -1 ? undefined : Deno.args[at + 1];
}

const runs = Number(flag("--runs") ?? 100_000);
const seed = Number(flag("--seed") ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0);
const only = flag("--only");
console.log(`fuzz: seed ${seed}, ${runs.toLocaleString("en-US")} cases per property`);

const all: [string, fc.IProperty<unknown> | fc.IAsyncProperty<unknown>][] = [
  ...Object.entries(differential),
  ...Object.entries(malformed),
  ...Object.entries(peers),
] as [string, fc.IProperty<unknown> | fc.IAsyncProperty<unknown>][];

let failed = 0;
let cases = 0;
for (const [title, property] of all) {
  if (only !== undefined && !title.includes(only)) continue;
  const started = performance.now();
  try {
    await fc.assert(property as fc.IAsyncProperty<unknown>, {
      numRuns: runs,
      seed,
      endOnFailure: false,
    });
    cases += runs;
    console.log(`  ok    ${title} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed++;
    const cause = error instanceof Error ? error.cause : undefined;
    console.log(`  FAIL  ${title}\n${error instanceof Error ? error.message : error}`);
    if (cause !== undefined) {
      console.log(`Caused by: ${cause instanceof Error ? cause.stack : cause}`);
    }
    console.log();
  }
}
console.log("documented differences from the oracle seen (scripts/fuzz/_differences.ts):");
for (const difference of Object.values(DIFFERENCES)) {
  console.log(`  ${String(seen.get(difference.id) ?? 0).padStart(7)}  ${difference.id}`);
}
console.log(
  `fuzz: ${cases.toLocaleString("en-US")} cases passed, ${failed} properties failed (seed ${seed})`,
);
if (failed > 0) Deno.exit(1);
