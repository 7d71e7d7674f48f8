// Cold start: fresh Node processes in the peers project, each importing one
// library once. Two figures per run: the whole process's wall time (spawn to
// exit, seen from here) and the import alone, timed inside the process with
// performance.now() around it. Runs are interleaved across the variants.

import { join } from "node:path";
import { type Stats, stats } from "./harness.ts";
import { PEERS_DIR } from "./node.ts";

/** One way of loading a library in a fresh process. */
export interface ColdStartVariant {
  readonly name: string;
  /** A module body (ESM) that loads the library between two clock readings. */
  readonly body: string;
}

const timed = (load: string): string =>
  `const t0 = performance.now(); ${load}; ` +
  `process.stdout.write(String(performance.now() - t0));`;

export const COLD_START_VARIANTS: readonly ColdStartVariant[] = [
  { name: "nothing (node itself)", body: timed("void 0") },
  { name: 'acs-rpc: import("acs-rpc") (ESM build)', body: timed('await import("acs-rpc")') },
  {
    name: 'acs-rpc: require("acs-rpc") (CommonJS build)',
    body:
      `import { createRequire } from "node:module"; const require = createRequire(import.meta.url); ${
        timed('require("acs-rpc")')
      }`,
  },
  {
    name: 'pop-core 1.8.0: require("@alicloud/pop-core")',
    body:
      `import { createRequire } from "node:module"; const require = createRequire(import.meta.url); ${
        timed('require("@alicloud/pop-core")')
      }`,
  },
  {
    name: 'openapi-client 0.4.15: require("@alicloud/openapi-client")',
    body:
      `import { createRequire } from "node:module"; const require = createRequire(import.meta.url); ${
        timed('require("@alicloud/openapi-client")')
      }`,
  },
];

/** Per variant: the wall time of the process and the in-process import time, in ms. */
export interface ColdStartResult {
  readonly runs: number;
  readonly rows: readonly { name: string; wallMs: Stats; importMs: Stats }[];
}

/** Runs every variant `runs` times, interleaved, after one unrecorded run each. */
export async function coldStart(runs: number): Promise<ColdStartResult> {
  const files: string[] = [];
  for (const [i, variant] of COLD_START_VARIANTS.entries()) {
    const file = join(PEERS_DIR, `cold_start_${i}.mjs`);
    await Deno.writeTextFile(file, variant.body + "\n");
    files.push(file);
  }
  const wall: number[][] = COLD_START_VARIANTS.map(() => []);
  const imported: number[][] = COLD_START_VARIANTS.map(() => []);
  for (let run = -1; run < runs; run++) {
    for (let k = 0; k < files.length; k++) {
      const i = (Math.max(run, 0) + k) % files.length;
      const start = performance.now();
      const out = await new Deno.Command("node", {
        args: [files[i]!],
        cwd: PEERS_DIR,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const ms = performance.now() - start;
      if (!out.success) {
        throw new Error(
          `cold start of ${COLD_START_VARIANTS[i]!.name} failed:\n${
            new TextDecoder().decode(out.stderr)
          }`,
        );
      }
      if (run >= 0) {
        wall[i]!.push(ms);
        imported[i]!.push(Number(new TextDecoder().decode(out.stdout)));
      }
    }
  }
  return {
    runs,
    rows: COLD_START_VARIANTS.map((v, i) => ({
      name: v.name,
      wallMs: stats(wall[i]!),
      importMs: stats(imported[i]!),
    })),
  };
}
