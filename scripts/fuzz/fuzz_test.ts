// The fuzzers of scripts/fuzz/run.ts, a few thousand cases in all with a fixed
// seed, in `deno task test`; `deno task fuzz` runs 100,000 per property with a
// fresh seed. A failure prints the shrunk counterexample.

import { test } from "node:test";
import fc from "fast-check";
import { properties as differential } from "./differential.ts";
import { properties as malformed } from "./malformed.ts";
import { properties as peers } from "./peers.ts";

const SEED = 20261202;
const RUNS: Readonly<Record<string, number>> = {
  differential: 400,
  malformed: 300,
  peers: 300,
};

for (const [group, properties] of Object.entries({ differential, malformed, peers })) {
  for (const [title, property] of Object.entries(properties)) {
    test(`fuzz (${group}): ${title}`, async () => {
      await fc.assert(property as fc.IAsyncProperty<unknown>, {
        numRuns: RUNS[group]!,
        seed: SEED,
      });
    });
  }
}
