// The conformance runner: `deno task conformance` (deno run -A conformance/run.ts).
//
//   --impl <name>[,<name>]  run only these implementations (repeatable)
//   --filter <regexp>       run only the cases whose id matches
//   --json <file>           also write a machine-readable report
//   --write-results         rewrite conformance/RESULTS.md from this run
//   --timeout <ms>          per-case timeout (default 10000)
//   --list                  list the implementations and whether they are installed
//
// The last line of the output is always
//   conformance: N passed, N failed, N skipped (N expected failures)
// and the exit status is 1 when anything failed, passed unexpectedly, or an
// expected-failures file lists an id that no longer exists.

import { parseArgs } from "node:util";
import * as api from "../mod.ts";
import { createAcsRpcImplementation } from "./_acs_rpc_impl.ts";
import { Adapter, type Hello, ROOT } from "./_client.ts";
import {
  applyExpectation,
  type Case,
  check,
  describeVerdict,
  type Expectations,
  groupOf,
  GROUPS,
  loadCases,
  parseExpectations,
  PROTOCOL_VERSION,
  type Status,
  SUITE_VERSION,
  type Verdict,
} from "./_suite.ts";

/** A row of implementations.json. */
export interface Registration {
  name: string;
  kind?: "in-process";
  description: string;
  command?: string[];
  probe?: { commands: string[][]; files: string[] };
  install?: string;
}

/** An implementation's part of a report. */
export interface ImplementationReport {
  name: string;
  description: string;
  /** `ran`, or `skipped` when its toolchain is missing or it failed to start. */
  state: "ran" | "skipped";
  version: string | null;
  operations: string[];
  features: string[];
  reason?: string;
  install?: string;
  /** Expected-failure ids that no longer exist, or whose case the implementation skipped. */
  stale: string[];
  restarts: number;
}

/** A whole run. */
export interface Report {
  suite: string;
  protocol: number;
  implementations: ImplementationReport[];
  cases: { id: string; group: string }[];
  /** case id → implementation name → verdict */
  results: Record<string, Record<string, Verdict>>;
  totals: {
    passed: number;
    failed: number;
    skipped: number;
    expectedFailures: number;
  };
}

/** Options of {@linkcode runSuite}. */
export interface RunOptions {
  impls?: string[] | undefined;
  filter?: RegExp | undefined;
  timeoutMs?: number;
  log?: (line: string) => void;
}

const REGISTRY = new URL("./implementations.json", import.meta.url);
const EXPECTATIONS = new URL("./expectations/", import.meta.url);
export const RESULTS_FILE = new URL("./RESULTS.md", import.meta.url);

/** Reads implementations.json. */
export async function loadRegistry(): Promise<Registration[]> {
  const data = JSON.parse(await Deno.readTextFile(REGISTRY)) as {
    implementations: Registration[];
  };
  return data.implementations;
}

/** Why an implementation's toolchain counts as missing, or `null` if present. */
export async function probe(registration: Registration): Promise<string | null> {
  if (registration.kind === "in-process") return null;
  for (const file of registration.probe?.files ?? []) {
    try {
      await Deno.stat(new URL(file, ROOT));
    } catch {
      return `${file} is missing`;
    }
  }
  for (const [program, ...args] of registration.probe?.commands ?? []) {
    try {
      const { success } = await new Deno.Command(program!, {
        args,
        cwd: ROOT,
        stdout: "null",
        stderr: "null",
      }).output();
      if (!success) return `\`${[program, ...args].join(" ")}\` failed`;
    } catch {
      return `${program} is not installed`;
    }
  }
  return null;
}

function commandOf(registration: Registration): string[] {
  return registration.command!.map((part) => part === "{deno}" ? Deno.execPath() : part);
}

async function readExpectations(name: string): Promise<Expectations> {
  try {
    return parseExpectations(
      await Deno.readTextFile(new URL(`${name}.txt`, EXPECTATIONS)),
    );
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return new Map();
    throw error;
  }
}

function unsupported(testCase: Case, hello: Hello): string | null {
  if (!hello.operations.includes(testCase.operation)) {
    return `no operation "${testCase.operation}"`;
  }
  const missing = (testCase.features ?? []).filter((f) => !hello.features.includes(f));
  return missing.length === 0 ? null : `lacks feature ${missing.join(", ")}`;
}

async function runImplementation(
  registration: Registration,
  cases: Case[],
  timeoutMs: number,
  log: (line: string) => void,
): Promise<{ report: ImplementationReport; verdicts: Map<string, Verdict> }> {
  const verdicts = new Map<string, Verdict>();
  const report: ImplementationReport = {
    name: registration.name,
    description: registration.description,
    state: "ran",
    version: null,
    operations: [],
    features: [],
    stale: [],
    restarts: 0,
  };
  const skipAll = (reason: string) => {
    report.state = "skipped";
    report.reason = reason;
    for (const testCase of cases) verdicts.set(testCase.id, { status: "skipped", reason });
  };

  const missing = await probe(registration);
  if (missing !== null) {
    report.install = registration.install ?? "";
    skipAll(`not installed (${missing}); install with: ${registration.install}`);
    return { report, verdicts };
  }

  if (registration.kind === "in-process") {
    const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT))) as {
      version: string;
    };
    const implementation = createAcsRpcImplementation(api, config.version);
    const hello: Hello = {
      name: implementation.name,
      version: implementation.version,
      operations: [...implementation.operations],
      features: [...implementation.features],
    };
    Object.assign(report, {
      version: hello.version,
      operations: hello.operations,
      features: hello.features,
    });
    for (const testCase of cases) {
      const why = unsupported(testCase, hello);
      verdicts.set(
        testCase.id,
        why === null
          ? check(testCase, implementation.run(testCase))
          : { status: "skipped", reason: why },
      );
    }
    return { report, verdicts };
  }

  const adapter = new Adapter(commandOf(registration));
  let hello: Hello;
  try {
    hello = await adapter.start();
  } catch (error) {
    skipAll(`adapter did not start: ${(error as Error).message}`);
    return { report, verdicts };
  }
  Object.assign(report, {
    version: hello.version,
    operations: hello.operations,
    features: hello.features,
  });
  for (const testCase of cases) {
    const why = unsupported(testCase, hello);
    if (why !== null) {
      verdicts.set(testCase.id, { status: "skipped", reason: why });
      continue;
    }
    const exchange = await adapter.send(testCase, timeoutMs);
    if (exchange.kind === "answer") {
      verdicts.set(testCase.id, check(testCase, exchange.answer));
    } else {
      log(`${registration.name}: ${testCase.id}: ${exchange.kind}: ${exchange.reason}`);
      verdicts.set(testCase.id, { status: exchange.kind, reason: exchange.reason });
    }
  }
  await adapter.stop();
  report.restarts = adapter.starts - 1;
  return { report, verdicts };
}

/** Runs the suite and returns the report; prints nothing but `log` lines. */
export async function runSuite(options: RunOptions = {}): Promise<Report> {
  const log = options.log ?? (() => {});
  const allCases = await loadCases();
  const allIds = new Set(allCases.map((c) => c.id));
  const cases = options.filter ? allCases.filter((c) => options.filter!.test(c.id)) : allCases;
  const registry = await loadRegistry();
  const unknown = (options.impls ?? []).filter((n) => !registry.some((r) => r.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown implementation ${unknown.join(", ")}; known: ${
        registry.map((r) => r.name).join(", ")
      }`,
    );
  }
  const selected = options.impls && options.impls.length > 0
    ? registry.filter((r) => options.impls!.includes(r.name))
    : registry;

  const report: Report = {
    suite: SUITE_VERSION,
    protocol: PROTOCOL_VERSION,
    implementations: [],
    cases: cases.map((c) => ({ id: c.id, group: groupOf(c.id) })),
    results: Object.fromEntries(cases.map((c) => [c.id, {}])),
    totals: { passed: 0, failed: 0, skipped: 0, expectedFailures: 0 },
  };
  for (const registration of selected) {
    log(`running ${registration.name}`);
    const { report: implReport, verdicts } = await runImplementation(
      registration,
      cases,
      options.timeoutMs ?? 10_000,
      log,
    );
    const expectations = await readExpectations(registration.name);
    // A listed id is stale when no case has it, or when the implementation ran
    // and skipped that case: either way the entry no longer says anything.
    implReport.stale = [...expectations.keys()].filter((id) =>
      !allIds.has(id) ||
      (implReport.state === "ran" && verdicts.get(id)?.status === "skipped")
    ).sort();
    for (const testCase of cases) {
      const verdict = applyExpectation(
        verdicts.get(testCase.id)!,
        expectations.get(testCase.id),
      );
      report.results[testCase.id]![registration.name] = verdict;
      countInto(report.totals, verdict.status);
    }
    report.totals.failed += implReport.stale.length;
    report.implementations.push(implReport);
  }
  return report;
}

function countInto(totals: Report["totals"], status: Status): void {
  switch (status) {
    case "pass":
      totals.passed++;
      break;
    case "skipped":
      totals.skipped++;
      break;
    case "xfail":
      totals.expectedFailures++;
      break;
    default:
      totals.failed++;
  }
}

/** The closing line. */
export function closingLine(report: Report): string {
  const t = report.totals;
  return `conformance: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped (${t.expectedFailures} expected failures)`;
}

const SYMBOL: Record<Status, string> = {
  pass: "✓",
  fail: "✗",
  xfail: "xf",
  "unexpected-pass": "UP",
  skipped: "–",
  crash: "crash",
  timeout: "timeout",
};

function groupCounts(report: Report, impl: string, group: string): string {
  const counts: Partial<Record<Status, number>> = {};
  for (const { id } of report.cases.filter((c) => c.group === group)) {
    const status = report.results[id]![impl]!.status;
    counts[status] = (counts[status] ?? 0) + 1;
  }
  const order: Status[] = [
    "pass",
    "fail",
    "unexpected-pass",
    "crash",
    "timeout",
    "xfail",
    "skipped",
  ];
  const parts = order.filter((s) => counts[s]).map((s) => `${counts[s]}${SYMBOL[s]}`);
  return parts.length === 0 ? "" : parts.join(" ");
}

/** The condensed table: per group and implementation, counts by status. */
export function renderSummary(report: Report): string[] {
  const impls = report.implementations.map((i) => i.name);
  const groups = GROUPS.filter((g) => report.cases.some((c) => c.group === g));
  const lines = [
    `| group (cases) | ${impls.join(" | ")} |`,
    `| --- | ${impls.map(() => "---").join(" | ")} |`,
  ];
  for (const group of groups) {
    const n = report.cases.filter((c) => c.group === group).length;
    lines.push(
      `| ${group} (${n}) | ${impls.map((i) => groupCounts(report, i, group)).join(" | ")} |`,
    );
  }
  return lines;
}

function implLine(impl: ImplementationReport): string {
  const version = impl.version === null ? "" : ` ${impl.version}`;
  return impl.state === "ran"
    ? `- **${impl.name}**${version}: ${impl.description}`
    : `- **${impl.name}**: skipped — ${impl.reason}`;
}

/** Every cell that is not a pass or a skip, one line each. */
export function renderProblems(report: Report): string[] {
  const lines: string[] = [];
  for (const impl of report.implementations) {
    for (const id of impl.stale) {
      lines.push(`- ${impl.name} · ${id}: STALE expected-failure entry (no such case)`);
    }
    for (const { id } of report.cases) {
      const verdict = report.results[id]![impl.name]!;
      if (verdict.status === "pass" || verdict.status === "skipped") continue;
      lines.push(
        `- ${impl.name} · ${id}: ${verdict.status.toUpperCase()} ${describeVerdict(verdict)}`,
      );
    }
  }
  return lines;
}

/** Skips grouped by implementation and reason. */
export function renderSkips(report: Report): string[] {
  const lines: string[] = [];
  for (const impl of report.implementations) {
    if (impl.state === "skipped") continue;
    const reasons = new Map<string, number>();
    for (const { id } of report.cases) {
      const verdict = report.results[id]![impl.name]!;
      if (verdict.status !== "skipped") continue;
      const reason = verdict.reason ?? "";
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    for (const [reason, n] of [...reasons].sort()) {
      lines.push(`- ${impl.name}: ${n} skipped — ${reason}`);
    }
  }
  return lines;
}

/** The full matrix: every case down, every implementation across. */
export function renderMatrix(report: Report): string[] {
  const impls = report.implementations.filter((i) => i.state === "ran").map((i) => i.name);
  const lines = [
    `| case | ${impls.join(" | ")} |`,
    `| --- | ${impls.map(() => ":-:").join(" | ")} |`,
  ];
  for (const { id } of report.cases) {
    lines.push(
      `| ${id} | ${impls.map((i) => SYMBOL[report.results[id]![i]!.status]).join(" | ")} |`,
    );
  }
  return lines;
}

/** RESULTS.md: deterministic, no times or paths. */
export function renderResults(report: Report): string {
  return [
    "# Conformance results",
    "",
    "Generated by `deno task conformance --write-results` (conformance/run.ts); do not edit.",
    "`conformance/results_test.ts` checks that this file matches a fresh run.",
    "",
    `Suite ${report.suite}, protocol ${report.protocol}, ${report.cases.length} cases.`,
    "",
    "## Implementations",
    "",
    ...report.implementations.map(implLine),
    "",
    "## Summary",
    "",
    "✓ pass · ✗ fail · xf expected failure (listed in `expectations/<impl>.txt`) · " +
    "UP unexpected pass · – skipped",
    "",
    ...renderSummary(report),
    "",
    "```",
    closingLine(report),
    "```",
    "",
    "## Failures and expected failures",
    "",
    ...(renderProblems(report).length ? renderProblems(report) : ["None."]),
    "",
    "## Skipped, by reason",
    "",
    ...(renderSkips(report).length ? renderSkips(report) : ["None."]),
    "",
    "## Matrix",
    "",
    ...renderMatrix(report),
    "",
  ].join("\n");
}

/**
 * Formats markdown with `deno fmt` (the project's settings), so that
 * RESULTS.md is written exactly as `deno fmt` would leave it.
 */
export async function formatMarkdown(text: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext", "md", "-"],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  if (!success) throw new Error(`deno fmt failed: ${new TextDecoder().decode(stderr)}`);
  return new TextDecoder().decode(stdout);
}

/** The JSON report of `--json`. */
export function jsonReport(report: Report): unknown {
  return {
    suite: report.suite,
    protocol: report.protocol,
    implementations: report.implementations.map((i) => ({
      name: i.name,
      version: i.version,
      state: i.state,
      ...(i.reason === undefined ? {} : { reason: i.reason }),
      ...(i.install === undefined ? {} : { install: i.install }),
      operations: i.operations,
      features: i.features,
      staleExpectations: i.stale,
    })),
    totals: report.totals,
    cases: report.cases.map(({ id, group }) => ({
      id,
      group,
      results: report.results[id],
    })),
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      impl: { type: "string", multiple: true },
      filter: { type: "string" },
      json: { type: "string" },
      "write-results": { type: "boolean" },
      timeout: { type: "string" },
      list: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      "usage: deno task conformance [--impl a,b] [--filter re] [--json file] [--write-results] [--timeout ms] [--list]",
    );
    return 0;
  }
  if (values.list) {
    for (const registration of await loadRegistry()) {
      const missing = await probe(registration);
      console.log(
        `${registration.name.padEnd(18)} ${
          missing === null ? "installed" : `missing (${missing}); install: ${registration.install}`
        }`,
      );
    }
    return 0;
  }
  const impls = values.impl?.flatMap((v) => v.split(",")).filter((v) => v !== "");
  const report = await runSuite({
    impls,
    filter: values.filter === undefined ? undefined : new RegExp(values.filter),
    timeoutMs: values.timeout === undefined ? 10_000 : Number(values.timeout),
    log: (line) => console.error(line),
  });

  console.log(`acs-rpc conformance suite ${report.suite}, ${report.cases.length} cases`);
  console.log("");
  for (const impl of report.implementations) console.log(implLine(impl));
  console.log("");
  for (const line of renderSummary(report)) console.log(line);
  const problems = renderProblems(report);
  if (problems.length > 0) {
    console.log("");
    for (const line of problems) console.log(line);
  }
  const skips = renderSkips(report);
  if (skips.length > 0) {
    console.log("");
    for (const line of skips) console.log(line);
  }
  if (values.json !== undefined) {
    await Deno.writeTextFile(values.json, JSON.stringify(jsonReport(report), null, 2) + "\n");
  }
  if (values["write-results"]) {
    if (values.filter !== undefined) {
      console.error("--write-results ignores --filter runs: RESULTS.md holds whole runs only");
    } else {
      await Deno.writeTextFile(RESULTS_FILE, await formatMarkdown(renderResults(report)));
    }
  }
  console.log("");
  console.log(closingLine(report));
  return report.totals.failed > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main());
