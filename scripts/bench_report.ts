// deno task bench — acs-rpc against the official SDKs and against the cost of
// the HMAC itself, in Deno and in Node, as one Markdown report (stdout, and a
// file with --write). Every figure is a ratio measured in the same process
// run: median of interleaved rounds, with the spread. Nothing here fails on a
// number; it fails only if an implementation signs differently.
//
//   deno run -A scripts/bench_report.ts [--write FILE] [--quick] [--no-node]
//     [--no-size] [--no-memory] [--rounds N] [--batch-ms N] [--memory-count N]
//
// Node's side needs the npm build: scripts/size.ts rebuilds npm/ on the way
// (with --no-size, run `deno run -A scripts/build_npm.ts` first).
//
// With --write, the hand-written part of the file (between NOTES_START and
// NOTES_END: what each change bought, where the time goes) is kept, and the
// measured report follows it.
//
// Adding a family of measurements (the V3 signature, say): give it its own
// file in scripts/bench/ that returns GroupResults (see scaling.ts), run it
// from suite.ts's runSuite under its own group ids, and add a section here
// that reads those ids; the harness, the Node bundling and the report's
// ratio cells are shared.

import { join } from "node:path";
import { markedBlock, writeFormatted } from "./_markdown.ts";
import { ROOT } from "./_npm_config.ts";
import { bundleSizes, type SizeRow } from "./bench/bundle_size.ts";
import { coldStart, coldStartDeno, type ColdStartResult } from "./bench/cold_start.ts";
import { type GroupResult, pairedRatio, type Stats, stats } from "./bench/harness.ts";
import {
  bundleForNode,
  nodeVersion,
  peerFile,
  PEERS,
  PEERS_DIR,
  preparePeers,
  runNode,
  stopBundler,
} from "./bench/node.ts";
import { ENCODE_INPUTS, SCENARIOS } from "./bench/scenarios.ts";
import { PARAMETER_COUNTS, VALUE_BYTES, VALUE_KINDS } from "./bench/scaling.ts";
import { STAGES } from "./bench/stage_names.ts";
import { IMPL, type SuiteResult } from "./bench/suite.ts";
import { type V3Result, v3Section } from "./bench/v3_section.ts";

const NOTES_START = "<!-- notes:start -->";
const NOTES_END = "<!-- notes:end -->";

interface Options {
  write: string | undefined;
  node: boolean;
  size: boolean;
  memory: boolean;
  rounds: number;
  batchMs: number;
  memoryCount: number;
  coldRuns: number;
  scalingRounds: number;
}

function parseArgs(args: readonly string[]): Options {
  const quick = args.includes("--quick");
  const value = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args[at + 1];
  };
  const num = (name: string, fallback: number): number => {
    const text = value(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${name} needs a positive number`);
    return n;
  };
  return {
    write: value("--write"),
    node: !args.includes("--no-node"),
    size: !args.includes("--no-size"),
    memory: !args.includes("--no-memory"),
    rounds: num("--rounds", quick ? 7 : 25),
    batchMs: num("--batch-ms", 10),
    memoryCount: num("--memory-count", quick ? 100_000 : 1_000_000),
    coldRuns: num("--cold-runs", quick ? 5 : 15),
    scalingRounds: args.includes("--no-scaling") ? 0 : num("--scaling-rounds", quick ? 3 : 7),
  };
}

function progress(message: string): void {
  console.error(`▶ ${message}`);
}

async function runDenoOutput(
  flags: string[],
  script: string,
  args: string[] = [],
): Promise<{ success: boolean; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags, join(ROOT, script), ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    success: out.success,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

async function runDeno(flags: string[], script: string, args: string[] = []): Promise<string> {
  const out = await runDenoOutput(flags, script, args);
  if (!out.success) throw new Error(`deno run ${script} failed:\n${out.stderr}`);
  return out.stdout;
}

// ---- formatting -------------------------------------------------------------

function num(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}
function spread(s: Stats): string {
  return `${num(s.p25)}–${num(s.p75)}`;
}
function timeCell(s: Stats): string {
  return `${num(s.median)} µs (${spread(s)})`;
}
function ratioCell(s: Stats): string {
  return `${num(s.median)}× (${spread(s)})`;
}
function kib(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}
function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

/** One table for a family of groups: rows per group and implementation. */
function groupTable(
  title: string,
  rowsOf: readonly { label: string; group: GroupResult }[],
  floorName: string,
): string[] {
  const lines = [
    `| ${title} | implementation | time per call, median (IQR) | ÷ acs-rpc, median (IQR) | ÷ ${
      floorName.replace("floor: ", "")
    } |`,
    "| --- | --- | ---: | ---: | ---: |",
  ];
  for (const { label, group } of rowsOf) {
    for (const name of group.names) {
      const own = stats(group.perOpUs[name]!);
      const vsOurs = name === IMPL.ours ? "1" : ratioCell(pairedRatio(group, name, IMPL.ours));
      const vsFloor = name === floorName ? "1" : ratioCell(pairedRatio(group, name, floorName));
      lines.push(
        `| ${name === group.names[0] ? label : ""} | ${name} | ${
          timeCell(own)
        } | ${vsOurs} | ${vsFloor} |`,
      );
    }
  }
  return lines;
}

function signSection(suite: SuiteResult): string[] {
  return groupTable(
    "request",
    SCENARIOS.map((s) => ({ label: s.label, group: suite.groups[`sign:${s.id}`]! })),
    IMPL.floor,
  );
}

function encodeSection(suite: SuiteResult): string[] {
  return groupTable(
    "input",
    ENCODE_INPUTS.map((i) => ({ label: i.label, group: suite.groups[`encode:${i.id}`]! })),
    IMPL.encodeFloor,
  );
}

interface StagesResult {
  runtime: string;
  group: GroupResult;
}

function stagesSection(results: readonly StagesResult[]): string[] {
  const lines = [
    `| stage (typical request) | ${
      results.map((r) => `${shortRuntime(r.runtime)}: now · share of whole | before | before ÷ now`)
        .join(" | ")
    } |`,
    `| --- | ${results.map(() => "---: | ---: | ---:").join(" | ")} |`,
  ];
  for (const stage of STAGES) {
    const cells = results.map((r) => {
      const s = stats(r.group.perOpUs[stage.now]!);
      const share = pairedRatio(r.group, stage.now, STAGES[0]!.now).median * 100;
      const now = `${num(s.median)} µs (${spread(s)}) · ${share.toFixed(0)}%`;
      if (stage.before === undefined) return `${now} | — | —`;
      const b = stats(r.group.perOpUs[stage.before]!);
      return `${now} | ${num(b.median)} µs | ${
        ratioCell(pairedRatio(r.group, stage.before, stage.now))
      }`;
    });
    lines.push(`| ${stage.label} | ${cells.join(" | ")} |`);
  }
  return lines;
}

function summarySection(suites: readonly SuiteResult[]): string[] {
  const lines = [
    "| runtime | request | acs-rpc per call | before (e85dd03) ÷ acs-rpc | pop-core ÷ acs-rpc | openapi-util ÷ acs-rpc | acs-rpc ÷ native HMAC |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const suite of suites) {
    for (const scenario of SCENARIOS) {
      const g = suite.groups[`sign:${scenario.id}`]!;
      lines.push(
        `| ${shortRuntime(suite.runtime)} | ${scenario.short} | ${
          timeCell(stats(g.perOpUs[IMPL.ours]!))
        } | ${ratioCell(pairedRatio(g, IMPL.before, IMPL.ours))} | ${
          ratioCell(pairedRatio(g, IMPL.popCore, IMPL.ours))
        } | ${ratioCell(pairedRatio(g, IMPL.openapiUtil, IMPL.ours))} | ${
          ratioCell(pairedRatio(g, IMPL.ours, IMPL.floor))
        } |`,
      );
    }
  }
  return lines;
}

function shortRuntime(runtime: string): string {
  return runtime.replace(/ \(V8.*\)$/, "");
}

/** The goals of issue 15, each with its verdict from this run. */
function targetsLines(suites: readonly SuiteResult[]): string[] {
  const verdict = (ok: boolean) => (ok ? "**met**" : "**not met**");
  const lines: string[] = [];
  for (const suite of suites) {
    const deno = suite.runtime.startsWith("Deno");
    const typical = suite.groups["sign:typical"]!;
    const large = suite.groups["sign:large"]!;
    const pop = pairedRatio(typical, IMPL.popCore, IMPL.ours).median;
    const util = pairedRatio(typical, IMPL.openapiUtil, IMPL.ours).median;
    const popLarge = pairedRatio(large, IMPL.popCore, IMPL.ours).median;
    const utilLarge = pairedRatio(large, IMPL.openapiUtil, IMPL.ours).median;
    const floor = pairedRatio(typical, IMPL.ours, IMPL.floor).median;
    const floorGoal = deno ? 1.5 : 3;
    lines.push(
      `- ${shortRuntime(suite.runtime)}: pop-core ÷ acs-rpc ≥ 3× ${verdict(pop >= 3)} (${
        num(pop)
      }×), openapi-util ÷ acs-rpc ≥ 3× ${verdict(util >= 3)} (${
        num(util)
      }×); for 200 parameters ≥ 2.5×: pop-core ${verdict(popLarge >= 2.5)} (${
        num(popLarge)
      }×), openapi-util ${verdict(utilLarge >= 2.5)} (${
        num(utilLarge)
      }×); acs-rpc ÷ native HMAC ≤ ${floorGoal}× ${verdict(floor <= floorGoal)} (${num(floor)}×).`,
    );
  }
  return lines;
}

function ns(us: number): string {
  return `${num(us * 1000)} ns`;
}

function scalingParamsSection(suite: SuiteResult): string[] {
  const lines = [
    "| parameters | acs-rpc per call | per parameter | before ÷ acs-rpc | pop-core ÷ acs-rpc | openapi-util ÷ acs-rpc | acs-rpc ÷ native HMAC |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const count of PARAMETER_COUNTS) {
    const g = suite.groups[`params:${count}`];
    if (g === undefined) return [];
    const own = stats(g.perOpUs[IMPL.ours]!);
    lines.push(
      `| ${count.toLocaleString("en-US")} | ${timeCell(own)} | ${num(own.median / count)} µs | ${
        ratioCell(pairedRatio(g, IMPL.before, IMPL.ours))
      } | ${ratioCell(pairedRatio(g, IMPL.popCore, IMPL.ours))} | ${
        ratioCell(pairedRatio(g, IMPL.openapiUtil, IMPL.ours))
      } | ${ratioCell(pairedRatio(g, IMPL.ours, IMPL.floor))} |`,
    );
  }
  return lines;
}

function bytesLabel(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${bytes / 1024 / 1024} MiB`
    : bytes >= 1024
    ? `${bytes / 1024} KiB`
    : `${bytes} B`;
}

function scalingValuesSection(suite: SuiteResult): string[] {
  const lines = [
    "| value | length (UTF-8) | acs-rpc per call | per byte | per byte ÷ unreserved's | before ÷ acs-rpc | openapi-util ÷ acs-rpc | acs-rpc ÷ native HMAC |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const kind of VALUE_KINDS) {
    for (const bytes of VALUE_BYTES) {
      const g = suite.groups[`value:${kind.id}:${bytes}`];
      const base = suite.groups[`value:unreserved:${bytes}`];
      if (g === undefined || base === undefined) return [];
      const own = stats(g.perOpUs[IMPL.ours]!);
      const unreserved = stats(base.perOpUs[IMPL.ours]!).median;
      lines.push(
        `| ${bytes === VALUE_BYTES[0] ? kind.label : ""} | ${bytesLabel(bytes)} | ${
          timeCell(own)
        } | ${ns(own.median / bytes)} | ${num(own.median / unreserved)}× | ${
          ratioCell(pairedRatio(g, IMPL.before, IMPL.ours))
        } | ${ratioCell(pairedRatio(g, IMPL.openapiUtil, IMPL.ours))} | ${
          ratioCell(pairedRatio(g, IMPL.ours, IMPL.floor))
        } |`,
      );
    }
  }
  return lines;
}

function coldSection(result: ColdStartResult): string[] {
  const base = result.rows[1]!.importMs.median;
  const lines = [
    "| load | import (and first signature where said), median (min–max) | ÷ second row | whole process, median (min–max) |",
    "| --- | ---: | ---: | ---: |",
  ];
  for (const row of result.rows) {
    lines.push(
      `| ${row.name} | ${num(row.importMs.median)} ms (${num(row.importMs.min)}–${
        num(row.importMs.max)
      }) | ${num(row.importMs.median / base)}× | ${num(row.wallMs.median)} ms (${
        num(row.wallMs.min)
      }–${num(row.wallMs.max)}) |`,
    );
  }
  return lines;
}

function sizeSection(rows: readonly SizeRow[]): string[] {
  const base = rows[0]!.gzipped;
  const lines = [
    "| bundle (esbuild, platform node, minified) | minified | minified + gzip -9 | ÷ acs-rpc | input files |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.name} | ${kib(row.minified)} | ${kib(row.gzipped)} | ${
        num(row.gzipped / base)
      }× | ${row.files} |`,
    );
  }
  return lines;
}

interface MemoryResult {
  runtime: string;
  count: number;
  seconds: number;
  samples: { signed: number; heapUsed: number; rss: number }[];
}

function memorySection(results: readonly MemoryResult[]): string[] {
  const lines = [
    "| runtime | signatures | heap after GC: before → ¼ → ½ → ¾ → after | growth | RSS before → after | time |",
    "| --- | ---: | --- | ---: | --- | ---: |",
  ];
  for (const r of results) {
    const first = r.samples[0]!;
    const last = r.samples[r.samples.length - 1]!;
    lines.push(
      `| ${r.runtime} | ${r.count.toLocaleString("en-US")} | ${
        r.samples.map((s) => mib(s.heapUsed)).join(" → ")
      } | ${((last.heapUsed - first.heapUsed) / 1024).toFixed(0)} KiB | ${mib(first.rss)} → ${
        mib(last.rss)
      } | ${r.seconds.toFixed(1)} s (${num((r.seconds * 1e6) / r.count)} µs each) |`,
    );
  }
  return lines;
}

/**
 * pop-core keeps its encoder private (lib/rpc.js exports only the clients), so
 * it cannot be called without changing its code. This compares its source
 * text with openapi-util's private encoder, whose exported wrapper is measured.
 */
async function popCoreEncoderNote(): Promise<string> {
  const extract = (source: string): string | undefined =>
    source.match(/function encode\(str\) \{[\s\S]*?\n\}/)?.[0]?.replace(/\s+/g, "");
  const popCore = extract(await Deno.readTextFile(peerFile("@alicloud/pop-core/lib/rpc.js")));
  const util = extract(
    await Deno.readTextFile(peerFile("@alicloud/openapi-util/dist/client.js")),
  );
  const same = popCore !== undefined && popCore === util;
  return `pop-core's percent-encoder is not reachable: \`encode\` is private to \`lib/rpc.js\`, which exports only \`RPCClient\` and \`ROAClient\`, so it is not measured on its own (its cost is inside pop-core's signing figures). ${
    same
      ? "Its source text is identical, white space aside, to openapi-util's private `encode` (checked by this script), which openapi-util's exported `getEncodeParam` calls after a null check: openapi-util's row stands for both."
      : "**Its source text differs from openapi-util's private `encode`** (checked by this script): openapi-util's row does not stand for it."
  }`;
}

async function cpuModel(): Promise<string> {
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    const model = info.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? "unknown CPU";
    return `${model}, ${navigator.hardwareConcurrency} logical CPUs`;
  } catch {
    return `${navigator.hardwareConcurrency} logical CPUs`;
  }
}

/** The arguments that shaped the numbers, without where the report went. */
function commandArgs(args: readonly string[]): string[] {
  return args.filter((arg, i) => arg !== "--write" && args[i - 1] !== "--write");
}

// ---- main -------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseArgs(Deno.args);
  const started = new Date();
  const clock = performance.now();
  const load = Deno.loadavg().map((x) => x.toFixed(2)).join(", ");
  const suiteArgs = ["--rounds", String(options.rounds), "--batch-ms", String(options.batchMs)];
  const comparisonArgs = [...suiteArgs, "--scaling-rounds", String(options.scalingRounds)];
  const out: string[] = [];

  // scripts/size.ts also rebuilds npm/, which Node's side installs. Its
  // table is kept even when it fails (it fails on its own size budget).
  let sizeTool: { success: boolean; stdout: string; stderr: string } | undefined;
  if (options.size) {
    progress("scripts/size.ts (rebuilds npm/, bundles it for browsers)");
    sizeTool = await runDenoOutput(["-A"], "scripts/size.ts");
  }

  progress(`Deno: comparison suite (${options.rounds} rounds of ~${options.batchMs} ms batches)`);
  const suites: SuiteResult[] = [
    JSON.parse(await runDeno(["-A"], "scripts/bench/run_suite.ts", comparisonArgs)),
  ];
  progress("Deno: stages of acs-rpc");
  const stages: StagesResult[] = [
    JSON.parse(await runDeno(["-A"], "scripts/bench/stages.ts", suiteArgs)),
  ];
  progress("Deno: signature V3 beside the RPC signature");
  const v3: V3Result[] = [JSON.parse(await runDeno(["-A"], "scripts/bench/v3.ts", suiteArgs))];
  progress(`Deno: cold start, ${options.coldRuns} runs per variant`);
  const coldDeno = await coldStartDeno(options.coldRuns);
  let cold: ColdStartResult | undefined;
  let sizes: SizeRow[] | undefined;
  let encoderNote = "";
  let node = "";
  if (options.node) {
    node = await nodeVersion();
    progress(`Node ${node}: installing the npm build and the peers in ${PEERS_DIR}`);
    await preparePeers();
    encoderNote = await popCoreEncoderNote();
    const suiteFile = await bundleForNode(
      join(ROOT, "scripts/bench/run_suite.ts"),
      "run_suite.mjs",
    );
    const stagesFile = await bundleForNode(join(ROOT, "scripts/bench/stages.ts"), "stages.mjs");
    progress(`Node ${node}: comparison suite`);
    suites.push(JSON.parse(await runNode([], suiteFile, comparisonArgs)));
    progress(`Node ${node}: stages of acs-rpc`);
    stages.push(JSON.parse(await runNode([], stagesFile, suiteArgs)));
    progress(`Node ${node}: signature V3 beside the RPC signature`);
    const v3File = await bundleForNode(join(ROOT, "scripts/bench/v3.ts"), "v3.mjs");
    v3.push(JSON.parse(await runNode([], v3File, suiteArgs)));
    progress(`Node ${node}: cold start, ${options.coldRuns} runs per library`);
    cold = await coldStart(options.coldRuns);
    if (options.size) {
      progress("bundle sizes (esbuild, platform node)");
      sizes = await bundleSizes();
    }
    await stopBundler();
  }

  // Last, and Deno's and Node's runs side by side: the timing is done, and a
  // million signatures each take a while on a shared machine.
  const memory: MemoryResult[] = [];
  if (options.memory) {
    const count = ["--count", String(options.memoryCount)];
    progress(
      `${options.memoryCount.toLocaleString("en-US")} signatures, heap: Deno${
        options.node ? " and Node side by side" : ""
      }`,
    );
    const runs: Promise<string>[] = [
      runDeno(["-A", "--v8-flags=--expose-gc"], "scripts/bench/memory.ts", count),
    ];
    if (options.node) {
      const memoryFile = await bundleForNode(join(ROOT, "scripts/bench/memory.ts"), "memory.mjs");
      await stopBundler();
      runs.push(runNode(["--expose-gc"], memoryFile, count));
    }
    for (const text of await Promise.all(runs)) memory.push(JSON.parse(text));
  }

  out.push(
    `Measured ${
      started.toISOString().slice(0, 16)
    }Z on ${await cpuModel()} (load average ${load} at the start: a shared machine, so read the ratios, not the times), with \`${
      ["deno run -A scripts/bench_report.ts", ...commandArgs(Deno.args)].join(" ")
    }\`. ${options.rounds} rounds; each round runs every implementation once, in a rotating order, for a batch of about ${options.batchMs} ms after a warm-up; "÷" columns are medians of per-round ratios (the two figures of a ratio come from the same round), with the interquartile range. Peers: ${
      Object.entries(PEERS).map(([n, v]) => `\`${n}@${v}\``).join(", ")
    }; Deno imports them through \`npm:\`, Node from a scratch npm project with acs-rpc's npm build (\`npm pack\` of \`npm/\`).`,
    "",
    "Before any timing, the script checks that all implementations sign each request identically:",
    "",
    ...suites.map((s) => `- ${s.runtime}: ${s.checks.join("; ")}.`),
    "",
    "### Summary: sign and compose one request",
    "",
    ...summarySection(suites),
    "",
    "Goals of issue 15 for the typical request unless stated (reported, never enforced):",
    "",
    ...targetsLines(suites),
    "",
  );
  for (const suite of suites) {
    out.push(
      `### Sign and compose one request — ${suite.runtime}`,
      "",
      ...signSection(suite),
      "",
    );
  }
  out.push(
    "acs-rpc: `signRequest` with a fixed timestamp and nonce, from API parameters to the URL. " +
      "acs-rpc (own clock + nonce): the same, reading the clock and drawing `crypto.randomUUID()`, as pop-core must. " +
      "pop-core: `RPCClient#request` with its transport stubbed to stop at the URL (`httpx.request` records it and rejects; nothing is sent); it reads its own clock and draws its own nonce (`kitx.makeNonce`) on every call — it takes neither as input — and it is asynchronous. " +
      "openapi-util: `query()` to flatten, `getRPCSignature()` to normalize, canonicalize and sign, and `querystring.stringify` for the URL, as @alicloud/openapi-client drives them (fixed timestamp and nonce, which it takes as data). " +
      'Floor: `createHmac("sha1", secret + "&").update(stringToSign).digest("base64")` alone, on acs-rpc\'s string to sign: no implementation can do less.',
    "",
  );
  for (const suite of suites) {
    out.push(`### Percent-encoding — ${suite.runtime}`, "", ...encodeSection(suite), "");
  }
  for (const suite of suites) {
    const params = scalingParamsSection(suite);
    const values = scalingValuesSection(suite);
    if (params.length === 0) continue;
    out.push(
      `### Scaling — ${suite.runtime}`,
      "",
      "Signing `DescribeInstanceStatus` with a repeat list of N instance ids (one request, fixed timestamp and nonce):",
      "",
      ...params,
      "",
      "Signing `ModifyInstanceAttribute` with one `Description` of each kind and length (pop-core encodes exactly as openapi-util does, see below, and is left out here; a 1 MiB value of `*` costs each of them the same):",
      "",
      ...values,
      "",
    );
  }
  out.push(
    "acs-rpc: `percentEncode`. openapi-util: `getEncodeParam`. Floor: the built-in `encodeURIComponent` alone, which does not encode `!'()*` and so is not a correct encoder, only the least work. " +
      (encoderNote ||
        "pop-core's encoder is private to its `lib/rpc.js` and is not measured on its own."),
    "",
    "### Where acs-rpc's time goes (typical request)",
    "",
    "Each stage timed alone in the same rounds as the whole; the percentage is the stage's time over the whole's, per round (median). Stages indented under `sign` are parts of it.",
    "",
    ...stagesSection(stages),
    "",
  );
  out.push(...v3Section(v3, groupTable));
  if (memory.length > 0) {
    out.push(
      "### Memory over many signatures (typical request, own clock + nonce)",
      "",
      ...memorySection(memory),
      "",
    );
  }
  out.push(
    `### Cold start in Deno ${Deno.version.deno} (${coldDeno.runs} fresh processes each, interleaved)`,
    "",
    "Import and first signature timed inside the process with `performance.now()`; the whole process from spawn to exit seen from outside. Goal of issue 15: import + first signature ≤ 20 ms.",
    "",
    ...coldSection(coldDeno),
    "",
  );
  if (cold) {
    out.push(
      `### Cold start in Node ${node} (${cold.runs} fresh processes each, interleaved)`,
      "",
      "Goal of issue 15: acs-rpc's import + first signature no slower than pop-core's.",
      "",
      ...coldSection(cold),
      "",
    );
  }
  if (sizes) {
    out.push("### Size", "", ...sizeSection(sizes), "");
  }
  if (sizeTool) {
    const table = sizeTool.stdout.split("\n").filter((l) => l.startsWith("|"));
    const keep = table.filter((l, i) => i < 2 || /everything|`signRequest` alone/.test(l));
    out.push(
      "From `deno run -A scripts/size.ts` (the npm build bundled for browsers; no runtime dependency):",
      "",
      ...(keep.length > 2 ? keep : ["(no table)"]),
      "",
      ...(sizeTool.success ? [] : [
        `scripts/size.ts exited with an error: ${
          sizeTool.stderr.trim().split("\n").pop()?.replace(/^✘ /, "")
        }`,
        "",
      ]),
    );
  }

  const markdown = out.join("\n");
  console.log(markdown);
  if (options.write !== undefined) {
    let notes: string | undefined;
    try {
      notes = markedBlock(await Deno.readTextFile(options.write), NOTES_START, NOTES_END);
    } catch {
      // No file yet.
    }
    const kept = notes === undefined ? "" : `${NOTES_START}${notes}${NOTES_END}\n\n`;
    await writeFormatted(options.write, kept + markdown + "\n");
    progress(`wrote ${options.write} (formatted with deno fmt)`);
  }
  progress(`done in ${((performance.now() - clock) / 1000).toFixed(0)} s`);
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    await stopBundler();
    console.error(`\n✘ bench: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
