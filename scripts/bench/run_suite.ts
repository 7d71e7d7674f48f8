// Runs the comparison suite in the current runtime and prints its results as
// one JSON object on stdout (progress on stderr). Deno runs this file; Node
// runs an esbuild bundle of it (scripts/bench/node.ts builds it).
//
//   deno run -A scripts/bench/run_suite.ts [--rounds N] [--batch-ms N] [--scaling-rounds N]
//
// --scaling-rounds 0 leaves the scaling tables out.

import { sinkValue } from "./harness.ts";
import { runSuite } from "./suite.ts";

function numberFlag(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} needs a positive number`);
  }
  return value;
}

const g = globalThis as unknown as {
  Deno?: { args: string[] };
  process?: { argv: string[] };
};
const args = g.Deno?.args ?? g.process?.argv.slice(2) ?? [];
const batchMs = numberFlag(args, "--batch-ms", 20);
const scalingAt = args.indexOf("--scaling-rounds");
const scalingRounds = scalingAt === -1 ? 7 : Number(args[scalingAt + 1]);
const result = await runSuite(
  { rounds: numberFlag(args, "--rounds", 15), batchMs },
  scalingRounds > 0 ? { rounds: scalingRounds, batchMs, warmupMs: batchMs * 2 } : undefined,
);
console.error(`(sink ${sinkValue()})`);
console.log(JSON.stringify(result));
