// Runs the comparison suite in the current runtime and prints its results as
// one JSON object on stdout (progress on stderr). Deno runs this file; Node
// runs an esbuild bundle of it (scripts/bench/node.ts builds it).
//
//   deno run -A scripts/bench/run_suite.ts [--rounds N] [--batch-ms N]

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
const result = await runSuite({
  rounds: numberFlag(args, "--rounds", 15),
  batchMs: numberFlag(args, "--batch-ms", 20),
});
console.error(`(sink ${sinkValue()})`);
console.log(JSON.stringify(result));
