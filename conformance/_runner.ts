// The runner's engine: which implementations run (the registry,
// implementations.json, and the adapters named on the command line or in an
// adapters file), how each is started, and the verdict on every case. run.ts
// is the command line around it; tools/gen_cases.ts and the tests use the
// registry helpers.

import * as api from "../mod.ts";
import { createAcsRpcImplementation } from "./_acs_rpc_impl.ts";
import { Adapter, type Exchange, type Hello, ROOT } from "./_client.ts";
import {
  applyExpectation,
  type Case,
  check,
  type Expectations,
  groupOf,
  loadCases,
  parseExpectations,
  type Profile,
  profileIncludes,
  PROFILES,
  PROTOCOL_VERSION,
  readSuiteFile,
  type Status,
  SUITE_VERSION,
  type Verdict,
} from "./_suite.ts";

/** A row of implementations.json, or of a file given with `--adapters`. */
export interface Registration {
  name: string;
  kind?: "in-process";
  description?: string;
  /** The adapter's argv, or one string run through the shell. */
  command?: string[] | string;
  /** Commands that must succeed and files that must exist for it to count as installed. */
  probe?: { commands?: string[][]; files?: string[] };
  /** The command that installs what the probe finds missing. */
  install?: string;
  /** Its expected-failures file, relative to the file that registers it. */
  expectations?: string;
}

/** A registration with where it comes from and where it runs. */
export interface Implementation extends Registration {
  /** The working directory of its command, and the base of its probe's files. */
  cwd: URL;
  /** Named on the command line (`--impl`, `--adapter`, `--adapters`): then it must run. */
  named: boolean;
  /** Its expected-failures file, if it has one. */
  expectationsUrl?: URL;
}

/** A command-line mistake: reported in one line with exit status 2, no stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** An implementation's part of a report. */
export interface ImplementationReport {
  name: string;
  description: string;
  /**
   * `ran`; `skipped` when it was picked up automatically and its toolchain is
   * missing; `failed` when it should have run and could not (not installed
   * though named, no handshake, no restart after a crash).
   */
  state: "ran" | "skipped" | "failed";
  version: string | null;
  operations: string[];
  features: string[];
  /** The profiles its handshake claims. */
  claims: Profile[];
  /** The profile it ran: `--profile`, or the widest it claims. */
  profile: Profile;
  reason?: string;
  install?: string;
  /** Expected-failure ids that no longer exist, or whose case the implementation skipped. */
  stale: string[];
}

/** A whole run. */
export interface Report {
  suite: string;
  protocol: number;
  implementations: ImplementationReport[];
  cases: { id: string; group: string; profile: Profile }[];
  /** case id → implementation name → verdict */
  results: Record<string, Record<string, Verdict>>;
  /** With `beyond`: case id → implementation name → the verdict on a case outside its profile. */
  beyond: Record<string, Record<string, Verdict>>;
  totals: {
    passed: number;
    failed: number;
    skipped: number;
    expectedFailures: number;
  };
}

/** Options of {@linkcode runSuite}. */
export interface RunOptions {
  /** Registered implementations to run (none: every registered one, unless `adapters` are given). */
  impls?: string[] | undefined;
  /** Implementations from the command line (`--adapter`, `--adapters`). */
  adapters?: Implementation[] | undefined;
  /** The profile every implementation runs (default: the widest each one claims). */
  profile?: Profile | undefined;
  /**
   * Also run the cases outside the profile each implementation runs, for
   * information: their verdicts go to {@linkcode Report.beyond} and count for nothing.
   */
  beyond?: boolean | undefined;
  filter?: RegExp | undefined;
  timeoutMs?: number;
  log?: (line: string) => void;
}

const REGISTRY = new URL("./implementations.json", import.meta.url);
const EXPECTATIONS = new URL("./expectations/", import.meta.url);

/** Reads implementations.json. */
export async function loadRegistry(): Promise<Registration[]> {
  const data = JSON.parse(await readSuiteFile(REGISTRY)) as {
    implementations: Registration[];
  };
  return data.implementations;
}

/** The registry's rows as implementations: they run from the repository root. */
export async function registeredImplementations(named: string[] = []): Promise<Implementation[]> {
  return (await loadRegistry()).map((registration) => ({
    ...registration,
    cwd: ROOT,
    named: named.includes(registration.name),
    expectationsUrl: new URL(
      registration.expectations ?? `${registration.name}.txt`,
      registration.expectations ? REGISTRY : EXPECTATIONS,
    ),
  }));
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

function checkName(name: string, where: string): void {
  if (!NAME.test(name)) {
    throw new UsageError(
      `Cannot use implementation name ${JSON.stringify(name)} (${where}): ` +
        "use letters, digits and . _ + -",
    );
  }
}

function directoryUrl(path: string): URL {
  const url = new URL(`file://${path.startsWith("/") ? "" : "/"}${path}`);
  return url.pathname.endsWith("/") ? url : new URL(`${url.href}/`);
}

/**
 * The implementation of `--adapter NAME=COMMAND`: COMMAND runs through the
 * shell, from `cwd` (the caller's directory).
 */
export function adapterFromArgument(argument: string, cwd: string): Implementation {
  const equals = argument.indexOf("=");
  if (equals <= 0 || argument.slice(equals + 1).trim() === "") {
    throw new UsageError(
      `Cannot read --adapter ${JSON.stringify(argument)}: write NAME=COMMAND, ` +
        `such as --adapter mine="python3 adapter.py"`,
    );
  }
  const name = argument.slice(0, equals);
  checkName(name, "--adapter");
  const command = argument.slice(equals + 1);
  return {
    name,
    description: `\`${command}\` (--adapter)`,
    command,
    cwd: directoryUrl(cwd),
    named: true,
  };
}

/**
 * The implementations of `--adapters FILE`: a JSON file shaped like
 * implementations.json. Relative paths in it (commands, probe files,
 * expectations) are read from the file's directory.
 */
export async function adaptersFromFile(path: string, cwd: string): Promise<Implementation[]> {
  const url = new URL(path, directoryUrl(cwd));
  let data: { implementations?: unknown };
  try {
    data = JSON.parse(await Deno.readTextFile(url));
  } catch (error) {
    throw new UsageError(
      `Cannot read --adapters ${path}: ${
        error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message
      }`,
    );
  }
  if (!Array.isArray(data?.implementations)) {
    throw new UsageError(`Cannot read --adapters ${path}: it has no "implementations" array`);
  }
  const base = new URL("./", url);
  return (data.implementations as Registration[]).map((row, index) => {
    const where = `--adapters ${path}, implementation ${index + 1}`;
    if (typeof row?.name !== "string") throw new UsageError(`Cannot read ${where}: no "name"`);
    checkName(row.name, where);
    const command = row.command;
    const valid = typeof command === "string"
      ? command.trim() !== ""
      : Array.isArray(command) && command.length > 0 &&
        command.every((part) => typeof part === "string");
    if (!valid) {
      throw new UsageError(
        `Cannot read ${where} (${row.name}): "command" must be a string or a list of strings`,
      );
    }
    return {
      ...row,
      cwd: base,
      named: true,
      ...(row.expectations === undefined
        ? {}
        : { expectationsUrl: new URL(row.expectations, base) }),
    };
  });
}

/** Why an implementation's toolchain counts as missing, or `null` if present. */
export async function probe(implementation: Registration & { cwd?: URL }): Promise<string | null> {
  if (implementation.kind === "in-process") return null;
  const cwd = implementation.cwd ?? ROOT;
  for (const file of implementation.probe?.files ?? []) {
    try {
      await Deno.stat(new URL(file, cwd));
    } catch {
      return `${file} is missing`;
    }
  }
  for (const [program, ...args] of implementation.probe?.commands ?? []) {
    try {
      const { success } = await new Deno.Command(program!, {
        args,
        cwd,
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

/** The argv that starts an implementation's adapter (`{deno}` is the Deno running the suite). */
export function commandOf(registration: Registration): string[] {
  const command = registration.command!;
  if (typeof command === "string") {
    return Deno.build.os === "windows" ? ["cmd", "/d", "/s", "/c", command] : ["sh", "-c", command];
  }
  return command.map((part) => part === "{deno}" ? Deno.execPath() : part);
}

async function readExpectations(implementation: Implementation): Promise<Expectations> {
  const url = implementation.expectationsUrl;
  if (url === undefined) return new Map();
  let text: string;
  try {
    text = await readSuiteFile(url);
  } catch (error) {
    // A registry row's file is optional; a file someone named must exist.
    if (implementation.expectations === undefined) return new Map();
    throw new UsageError(`Cannot read the expected failures of ${implementation.name}: ${error}`);
  }
  try {
    return parseExpectations(text);
  } catch (error) {
    throw new UsageError(`${url.pathname}: ${(error as Error).message}`);
  }
}

function unsupported(testCase: Case, hello: Hello, profile: Profile): string | null {
  if (!profileIncludes(profile, testCase.profile)) {
    return `outside the ${profile} profile`;
  }
  if (!hello.operations.includes(testCase.operation)) {
    return `no operation "${testCase.operation}"`;
  }
  const missing = (testCase.features ?? []).filter((f) => !hello.features.includes(f));
  return missing.length === 0 ? null : `lacks feature ${missing.join(", ")}`;
}

/** The profile an implementation runs: the one asked for, else the widest it claims. */
function runProfile(hello: Hello, asked: Profile | undefined): Profile {
  if (asked !== undefined) return asked;
  return PROFILES.filter((p) => hello.profiles.includes(p)).at(-1) ?? "core";
}

async function acsRpcVersion(): Promise<string> {
  const config = JSON.parse(await readSuiteFile(new URL("deno.json", ROOT))) as {
    version: string;
  };
  return config.version;
}

/** An implementation's verdicts: those that count, and those outside its profile. */
interface Outcome {
  report: ImplementationReport;
  verdicts: Map<string, Verdict>;
  beyond: Map<string, Verdict>;
}

/**
 * Sorts a case for an implementation: why it is skipped (`null`: it runs and
 * counts), and whether it still runs for information (`beyond`).
 */
function plan(
  testCase: Case,
  hello: Hello,
  profile: Profile,
  beyond: boolean,
): { skip: string | null; inform: boolean } {
  const skip = unsupported(testCase, hello, profile);
  const outside = !profileIncludes(profile, testCase.profile);
  return {
    skip,
    inform: outside && beyond && unsupported(testCase, hello, testCase.profile) === null,
  };
}

async function runImplementation(
  implementation: Implementation,
  cases: Case[],
  options: RunOptions,
  log: (line: string) => void,
): Promise<Outcome> {
  const verdicts = new Map<string, Verdict>();
  const beyond = new Map<string, Verdict>();
  const report: ImplementationReport = {
    name: implementation.name,
    description: implementation.description ?? implementation.name,
    state: "ran",
    version: null,
    operations: [],
    features: [],
    claims: [],
    profile: options.profile ?? "core",
    stale: [],
  };
  const stop = (state: "skipped" | "failed", reason: string, from = 0) => {
    report.state = state;
    report.reason = reason;
    for (const testCase of cases.slice(from)) {
      verdicts.set(testCase.id, { status: "skipped", reason });
    }
  };

  const missing = await probe(implementation);
  if (missing !== null) {
    report.install = implementation.install ?? "";
    const why = `not installed (${missing})${
      implementation.install ? `; install with: ${implementation.install}` : ""
    }`;
    stop(implementation.named ? "failed" : "skipped", why);
    return { report, verdicts, beyond };
  }

  // How a case is asked: in process, or through the adapter's protocol.
  let ask: (testCase: Case) => Promise<Exchange>;
  let hello: Hello;
  let adapter: Adapter | undefined;
  if (implementation.kind === "in-process") {
    const impl = createAcsRpcImplementation(api, await acsRpcVersion());
    hello = {
      name: impl.name,
      version: impl.version,
      operations: [...impl.operations],
      features: [...impl.features],
      profiles: [...impl.profiles],
    };
    ask = (testCase) => Promise.resolve({ kind: "answer", answer: impl.run(testCase) });
  } else {
    const started = new Adapter(commandOf(implementation), { cwd: implementation.cwd });
    try {
      hello = await started.start();
    } catch (error) {
      stop("failed", `adapter did not start: ${(error as Error).message}`);
      return { report, verdicts, beyond };
    }
    adapter = started;
    ask = (testCase) => started.send(testCase, options.timeoutMs ?? 10_000);
  }
  Object.assign(report, {
    version: hello.version,
    operations: hello.operations,
    features: hello.features,
    claims: hello.profiles,
    profile: runProfile(hello, options.profile),
  });
  for (const [index, testCase] of cases.entries()) {
    const { skip, inform } = plan(testCase, hello, report.profile, options.beyond ?? false);
    if (skip !== null) verdicts.set(testCase.id, { status: "skipped", reason: skip });
    if (skip !== null && !inform) continue;
    const into = inform ? beyond : verdicts;
    let exchange;
    try {
      exchange = await ask(testCase);
    } catch (error) {
      // Only a restart after a crash or a timeout throws here.
      stop("failed", `adapter did not restart: ${(error as Error).message}`, index);
      break;
    }
    if (exchange.kind === "answer") {
      into.set(
        testCase.id,
        check(testCase, exchange.answer, inform ? testCase.profile : report.profile),
      );
    } else {
      log(`${implementation.name}: ${testCase.id}: ${exchange.kind}: ${exchange.reason}`);
      into.set(testCase.id, { status: exchange.kind, reason: exchange.reason });
    }
  }
  await adapter?.stop();
  return { report, verdicts, beyond };
}

/** Whether the runner runs in a clone of the repository, next to the registry's adapters. */
async function inClone(): Promise<boolean> {
  if (ROOT.protocol !== "file:") return false;
  try {
    return (await Deno.stat(new URL("conformance/adapters/", ROOT))).isDirectory;
  } catch {
    return false;
  }
}

/**
 * The implementations a run covers: the registered ones named with `impls`
 * and the `adapters`; with neither, every registered one (only the in-process
 * acs-rpc when the runner is not in a clone of the repository, where the
 * other adapters live, such as the published module).
 */
export async function selectImplementations(
  options: Pick<RunOptions, "impls" | "adapters">,
): Promise<Implementation[]> {
  const impls = options.impls ?? [];
  const adapters = options.adapters ?? [];
  const registry = await registeredImplementations(impls);
  const unknown = impls.filter((n) => !registry.some((r) => r.name === n));
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown implementation ${unknown.map((n) => JSON.stringify(n)).join(", ")}; known: ${
        registry.map((r) => r.name).join(", ")
      } (or bring your own with --adapter NAME=COMMAND)`,
    );
  }
  const names = new Set<string>();
  for (const adapter of adapters) {
    if (names.has(adapter.name) || registry.some((r) => r.name === adapter.name)) {
      throw new UsageError(
        `Cannot add adapter ${JSON.stringify(adapter.name)}: the name is already taken`,
      );
    }
    names.add(adapter.name);
  }
  if (impls.length === 0 && adapters.length === 0) {
    return await inClone() ? registry : registry.filter((r) => r.kind === "in-process");
  }
  return [...registry.filter((r) => r.named), ...adapters];
}

/** Runs the suite and returns the report; prints nothing but `log` lines. */
export async function runSuite(options: RunOptions = {}): Promise<Report> {
  const log = options.log ?? (() => {});
  const selected = await selectImplementations(options);
  const allCases = await loadCases();
  const allIds = new Set(allCases.map((c) => c.id));
  const cases = options.filter ? allCases.filter((c) => options.filter!.test(c.id)) : allCases;

  const report: Report = {
    suite: SUITE_VERSION,
    protocol: PROTOCOL_VERSION,
    implementations: [],
    cases: cases.map((c) => ({ id: c.id, group: groupOf(c.id), profile: c.profile })),
    results: Object.fromEntries(cases.map((c) => [c.id, {}])),
    beyond: Object.fromEntries(cases.map((c) => [c.id, {}])),
    totals: { passed: 0, failed: 0, skipped: 0, expectedFailures: 0 },
  };
  for (const implementation of selected) {
    const expectations = await readExpectations(implementation);
    log(`running ${implementation.name}`);
    const { report: implReport, verdicts, beyond } = await runImplementation(
      implementation,
      cases,
      options,
      log,
    );
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
      report.results[testCase.id]![implementation.name] = verdict;
      countInto(report.totals, verdict.status);
      const informative = beyond.get(testCase.id);
      if (informative) report.beyond[testCase.id]![implementation.name] = informative;
    }
    report.totals.failed += implReport.stale.length;
    if (implReport.state === "failed") report.totals.failed++;
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
