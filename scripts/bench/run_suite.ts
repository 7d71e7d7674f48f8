// Runs the comparison suite in the current runtime and prints its results as
// one JSON object on stdout (progress on stderr). Deno runs this file; Node
// runs an esbuild bundle of it (scripts/bench/node.ts builds it).
//
//   deno run -A scripts/bench/run_suite.ts [--rounds N] [--batch-ms N] [--scaling-rounds N]
//
// --scaling-rounds 0 leaves the scaling tables out.

import { numberArg, sinkValue } from "./harness.ts";
import { runSuite } from "./suite.ts";

const batchMs = numberArg("--batch-ms", 20);
const scalingRounds = numberArg("--scaling-rounds", 7, true);
const result = await runSuite(
  { rounds: numberArg("--rounds", 15), batchMs },
  scalingRounds > 0 ? { rounds: scalingRounds, batchMs, warmupMs: batchMs * 2 } : undefined,
);
console.error(`(sink ${sinkValue()})`);
console.log(JSON.stringify(result));
