// Cold start: fresh Node processes in the peers project, each importing one
// library once. Two figures per run: the whole process's wall time (spawn to
// exit, seen from here) and the import alone, timed inside the process with
// performance.now() around it. Runs are interleaved across the variants.

import { join } from "node:path";
import { type Stats, stats } from "./harness.ts";
import { ROOT } from "../_npm_config.ts";
import { PEERS_DIR } from "./node.ts";

/** One way of loading a library in a fresh process. */
export interface ColdStartVariant {
  readonly name: string;
  /** A module body (ESM) that loads the library between two clock readings. */
  readonly body: string;
}

const timed = (load: string, print = "process.stdout.write"): string =>
  `const t0 = performance.now(); ${load}; ` +
  `${print}(String(performance.now() - t0));`;

const requireLine =
  `import { createRequire } from "node:module"; const require = createRequire(import.meta.url);`;
const CREDENTIALS = `{ accessKeyId: "testid", accessKeySecret: "testsecret" }`;
const FIRST_SIGNATURE = `signRequest({ action: "DescribeRegions", credentials: ${CREDENTIALS} })`;

export const COLD_START_VARIANTS: readonly ColdStartVariant[] = [
  { name: "nothing (node itself)", body: timed("void 0") },
  { name: 'acs-rpc: import("acs-rpc") (ESM build)', body: timed('await import("acs-rpc")') },
  {
    name: 'acs-rpc: require("acs-rpc") (CommonJS build)',
    body: `${requireLine} ${timed('require("acs-rpc")')}`,
  },
  {
    name: 'pop-core 1.8.0: require("@alicloud/pop-core")',
    body: `${requireLine} ${timed('require("@alicloud/pop-core")')}`,
  },
  {
    name: 'openapi-client 0.4.15: require("@alicloud/openapi-client")',
    body: `${requireLine} ${timed('require("@alicloud/openapi-client")')}`,
  },
  {
    name: 'acs-rpc: import("acs-rpc") + first signRequest (ESM)',
    body: timed(`const { signRequest } = await import("acs-rpc"); ${FIRST_SIGNATURE}`),
  },
  {
    name: 'acs-rpc: require("acs-rpc") + first signRequest (CommonJS)',
    body: `${requireLine} ${
      timed(`const { signRequest } = require("acs-rpc"); ${FIRST_SIGNATURE}`)
    }`,
  },
  {
    name: "pop-core 1.8.0: require + first request (transport stubbed at the URL)",
    body: `${requireLine} ${
      timed(
        `const RPCClient = require("@alicloud/pop-core"); const httpx = require("httpx"); ` +
          `httpx.request = () => Promise.reject(new Error("stub")); ` +
          `await new RPCClient({ endpoint: "https://ecs.aliyuncs.com", apiVersion: "2014-05-26", ...${CREDENTIALS} })` +
          `.request("DescribeRegions", {}, { method: "GET" }).catch(() => {})`,
      )
    }`,
  },
  {
    name: "openapi-client 0.4.15: require + first getRPCSignature (openapi-util)",
    body: `${requireLine} ${
      timed(
        `require("@alicloud/openapi-client"); const util = require("@alicloud/openapi-util").default; ` +
          `util.getRPCSignature({ Action: "DescribeRegions", AccessKeyId: "testid" }, "GET", "testsecret")`,
      )
    }`,
  },
];

/** Per variant: the wall time of the process and the in-process import time, in ms. */
export interface ColdStartResult {
  readonly runs: number;
  readonly rows: readonly { name: string; wallMs: Stats; importMs: Stats }[];
}

/**
 * Writes each variant to `dir` and runs it `runs` times as `command [...args,
 * file]` in `cwd`, interleaved across the variants, after one unrecorded run each.
 */
async function runInterleaved(
  variants: readonly ColdStartVariant[],
  runs: number,
  dir: string,
  command: string,
  args: readonly string[],
  cwd: string,
): Promise<ColdStartResult> {
  const files: string[] = [];
  for (const [i, variant] of variants.entries()) {
    const file = join(dir, `cold_start_${i}.mjs`);
    await Deno.writeTextFile(file, variant.body + "\n");
    files.push(file);
  }
  const wall: number[][] = variants.map(() => []);
  const imported: number[][] = variants.map(() => []);
  for (let run = -1; run < runs; run++) {
    for (let k = 0; k < files.length; k++) {
      const i = (Math.max(run, 0) + k) % files.length;
      const start = performance.now();
      const out = await new Deno.Command(command, {
        args: [...args, files[i]!],
        cwd,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const ms = performance.now() - start;
      if (!out.success) {
        throw new Error(
          `cold start of ${variants[i]!.name} failed:\n${new TextDecoder().decode(out.stderr)}`,
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
    rows: variants.map((v, i) => ({
      name: v.name,
      wallMs: stats(wall[i]!),
      importMs: stats(imported[i]!),
    })),
  };
}

/** Runs every variant `runs` times, interleaved, after one unrecorded run each. */
export function coldStart(runs: number): Promise<ColdStartResult> {
  return runInterleaved(COLD_START_VARIANTS, runs, PEERS_DIR, "node", [], PEERS_DIR);
}

/**
 * Cold start in Deno: fresh `deno run` processes, each importing acs-rpc from
 * this repository (transpiled once by an unrecorded run, as a deployed app
 * finds it cached) and signing one request, timed inside the process.
 */
export async function coldStartDeno(runs: number): Promise<ColdStartResult> {
  const dir = await Deno.makeTempDir({ prefix: "acs-rpc-cold-" });
  const url = (path: string) => new URL(`file://${join(ROOT, path)}`).href;
  const variants: ColdStartVariant[] = [
    {
      name: "nothing (deno itself)",
      body: timed("void 0", "console.log"),
    },
    {
      name: "acs-rpc: import mod.ts (the whole package) + first signRequest",
      body: timed(
        `const { signRequest } = await import("${url("mod.ts")}"); ${FIRST_SIGNATURE}`,
        "console.log",
      ),
    },
    {
      name: "acs-rpc/signature: import + first signRequest (explicit endpoint)",
      body: timed(
        `const { signRequest } = await import("${url("lib/signature/mod.ts")}"); ` +
          `signRequest({ action: "DescribeRegions", endpoint: "ecs.aliyuncs.com", credentials: ${CREDENTIALS} })`,
        "console.log",
      ),
    },
  ];
  const result = await runInterleaved(
    variants,
    runs,
    dir,
    Deno.execPath(),
    ["run", "--allow-read", "--config", join(ROOT, "deno.json")],
    ROOT,
  );
  await Deno.remove(dir, { recursive: true });
  return result;
}
