// Differential test: our defaultChain() against the official default chain of
// @alicloud/credentials 2.4.7, run in Node with its real code, over the table
// of environments in cases.json (variables, profile files, INI files, OIDC
// token files, and mocked STS, metadata and credentials-URI answers).
//
//   deno task test:credentials                     run it (deno test)
//   deno run -A scripts/interop/credentials/chain_differential.ts --write
//                                                  refresh TABLE.md
//
// The anchor: anchor/run_chain.mjs runs each case in a fresh Node process with
// a temporary HOME, only the case's variables, and http/https redirected to a
// local mock (nothing leaves the machine). Its package comes from
// anchor/package.json and anchor/package-lock.json, installed here with
// `npm ci` when anchor/node_modules is missing or holds another version.
//
// Our side: each case runs in this process with the same files in a temporary
// HOME, the same variables (through `env`) and the same mock answers (through
// `fetch`). For every call the two must pick the same source and the same
// access key id, secret and token, or both fail; a row marked `differs` must
// differ exactly as recorded (both sides), with the reason in the table, so
// that a difference that goes away is noticed too.

import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultChain } from "../../../lib/credentials/mod.ts";
import type { ProvidedCredentials } from "../../../lib/credentials/mod.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ANCHOR = join(HERE, "anchor");
const CASES_FILE = join(HERE, "cases.json");
const TABLE_FILE = join(HERE, "TABLE.md");

type Tree = Record<string, unknown>;
type Env = Record<string, string | null>;

interface Step {
  readonly env?: Env;
  readonly home?: Tree;
  readonly files?: Tree;
  readonly mock?: Mock;
  readonly concurrent?: number;
}

interface Mock {
  imds?: {
    token?: unknown;
    requireToken?: boolean;
    roles?: unknown;
    credentials?: Record<string, unknown>;
  };
  sts?: Record<string, unknown>;
  routes?: { host?: string; method?: string; path?: string; response: unknown }[];
}

interface Case {
  readonly id: string;
  readonly setup: string;
  readonly env?: Env;
  readonly home?: Tree;
  readonly files?: Tree;
  readonly mock?: Mock;
  readonly calls?: number | Step[];
  /** A deliberate difference: each side's outcome, and why. */
  readonly differs?: { readonly anchor: string[]; readonly ours: string[]; readonly why: string };
  /** A difference in the requests sent, the outcome being the same. */
  readonly note?: string;
}

/** One call's outcome, as both sides report it. */
interface Outcome {
  readonly provider?: string;
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  readonly securityToken?: string;
  readonly error?: string;
  readonly concurrent?: Outcome[];
  readonly requests?: unknown[];
}

/** Our provider names, as the official chain names them. */
const ANCHOR_NAMES: Record<string, string> = {
  "environment": "default/env",
  "oidc-role": "default/oidc_role_arn",
  "cli-profile": "default/cli_profile",
  "ini-profile": "default/profile",
  "ecs-ram-role": "default/ecs_ram_role",
  "credentials-uri": "default/credential_uri",
};

// ------------------------------------------------------------- the anchor

async function output(command: string, args: string[], cwd: string, stdin?: string) {
  const child = new Deno.Command(command, {
    args,
    cwd,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const result = await child.output();
  const text = new TextDecoder().decode(result.stdout);
  if (!result.success) {
    throw new Error(
      `${command} ${args.join(" ")} failed: ${new TextDecoder().decode(result.stderr)}`,
    );
  }
  return text;
}

/** Installs the anchor package with npm ci unless the pinned version is there. */
async function ensureAnchor(): Promise<string> {
  const pinned = JSON.parse(await Deno.readTextFile(join(ANCHOR, "package.json")))
    .dependencies["@alicloud/credentials"] as string;
  const installedFile = join(ANCHOR, "node_modules", "@alicloud", "credentials", "package.json");
  const installed = await Deno.readTextFile(installedFile).then(
    (text) => JSON.parse(text).version as string,
    () => undefined,
  );
  if (installed !== pinned) {
    await output("npm", [
      "ci",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ], ANCHOR);
  }
  return pinned;
}

async function runAnchor(cases: readonly Case[]): Promise<Outcome[][]> {
  const results = JSON.parse(
    await output("node", ["run_chain.mjs", "-"], ANCHOR, JSON.stringify(cases)),
  ) as (Outcome & { calls?: Outcome[] })[];
  return results.map((result) => result.calls ?? [result]);
}

// ------------------------------------------------------------------- ours

function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function expand(text: string, tmp: string, home: string): string {
  return text.replaceAll("${TMP}", tmp).replaceAll("${HOME}", home)
    .replace(/\$\{EXP:([+-]\d+)\}/g, (_, n) => utc(Date.now() + Number(n) * 1000));
}

function expandDeep(value: unknown, tmp: string, home: string): unknown {
  if (typeof value === "string") return expand(value, tmp, home);
  if (Array.isArray(value)) return value.map((item) => expandDeep(item, tmp, home));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, expandDeep(item, tmp, home)]),
    );
  }
  return value;
}

async function writeTree(base: string, tree: Tree | undefined, tmp: string, home: string) {
  for (const [relative, content] of Object.entries(tree ?? {})) {
    const path = join(base, relative);
    if (content === null) {
      await Deno.remove(path).catch(() => {});
      continue;
    }
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(
      path,
      typeof content === "string"
        ? expand(content, tmp, home)
        : JSON.stringify(expandDeep(content, tmp, home), null, 2),
    );
  }
}

function isAnswer(value: unknown): value is { status: number; body?: unknown; headers?: Tree } {
  return value !== null && typeof value === "object" && !Array.isArray(value) &&
    "status" in value && ("body" in value || "headers" in value);
}

/** The mock's answer, as run_chain.mjs gives it; `{hang: true}` waits for the abort. */
function answer(value: unknown, signal: AbortSignal | null | undefined): Promise<Response> {
  if (value !== null && typeof value === "object" && (value as { hang?: unknown }).hang) {
    return new Promise((_, reject) =>
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true })
    );
  }
  if (value === undefined) return Promise.resolve(new Response("mock: no route", { status: 404 }));
  let status = 200;
  let body = value;
  let headers: Record<string, string> = {};
  if (isAnswer(value)) {
    status = value.status;
    body = value.body ?? "";
    headers = (value.headers ?? {}) as Record<string, string>;
  }
  return Promise.resolve(
    new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers }),
  );
}

/** A fetch that answers from the case's mock, and fails unmocked hosts as an offline box would. */
function mockFetch(mock: Mock, requests: string[]): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) => {
    try {
      return route(input, init);
    } catch (error) {
      return Promise.reject(error);
    }
  }) as typeof fetch;

  function route(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const url = new URL(String(input));
    const method = init?.method ?? "GET";
    const body = typeof init?.body === "string" ? new URLSearchParams(init.body) : undefined;
    const action = url.searchParams.get("Action") ?? body?.get("Action") ?? undefined;
    requests.push(`${method} ${url.host}${url.pathname}${action ? `?Action=${action}` : ""}`);
    const host = url.hostname;
    if (host === "100.100.100.200") {
      const imds = mock.imds;
      if (imds === undefined) throw new TypeError("connect ECONNREFUSED 100.100.100.200:80");
      const token = new Headers(init?.headers).get("x-aliyun-ecs-metadata-token");
      if (method === "PUT" && url.pathname === "/latest/api/token") {
        if (imds.token === undefined || imds.token === null) {
          return answer({ status: 404, body: "Not Found" }, init?.signal);
        }
        return answer(imds.token, init?.signal);
      }
      const tokenOk = typeof imds.token === "string" && token === imds.token;
      if (imds.requireToken && !tokenOk) {
        return answer({ status: 401, body: "Unauthorized" }, init?.signal);
      }
      const base = "/latest/meta-data/ram/security-credentials/";
      if (url.pathname === base) {
        return answer(imds.roles ?? { status: 404, body: "Not Found" }, init?.signal);
      }
      if (url.pathname.startsWith(base)) {
        const role = decodeURIComponent(url.pathname.slice(base.length));
        return answer(imds.credentials?.[role] ?? { status: 404, body: "Not Found" }, init?.signal);
      }
      return answer(undefined, init?.signal);
    }
    if (mock.sts !== undefined && action !== undefined && mock.sts[action] !== undefined) {
      return answer(mock.sts[action], init?.signal);
    }
    const routes = (mock.routes ?? []).filter((route) => !route.host || route.host === host);
    if (routes.length === 0) throw new TypeError(`getaddrinfo ENOTFOUND ${host}`);
    const match = routes.find((route) =>
      (!route.method || route.method === method) &&
      (!route.path || url.pathname.startsWith(route.path))
    );
    return answer(match?.response, init?.signal);
  }
}

function outcomeOf(result: PromiseSettledResult<ProvidedCredentials>): Outcome {
  if (result.status === "rejected") {
    return {
      error: result.reason instanceof Error ? result.reason.message : String(result.reason),
    };
  }
  const credentials = result.value;
  return {
    provider: ANCHOR_NAMES[credentials.provider ?? ""] ?? `ours/${credentials.provider}`,
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    ...(credentials.securityToken === undefined
      ? {}
      : { securityToken: credentials.securityToken }),
  };
}

async function runOurs(c: Case): Promise<Outcome[]> {
  const tmp = await Deno.makeTempDir({ prefix: "acs-creds-ours-" });
  const home = join(tmp, "home");
  try {
    await Deno.mkdir(home, { recursive: true });
    await writeTree(home, c.home, tmp, home);
    await writeTree(tmp, c.files, tmp, home);
    const variables: Record<string, string> = { HOME: home };
    for (const [name, value] of Object.entries(c.env ?? {})) {
      if (value !== null) variables[name] = expand(value, tmp, home);
    }
    const mock = expandDeep(c.mock ?? {}, tmp, home) as Mock;
    const requests: string[] = [];
    const chain = defaultChain({
      env: (name) => variables[name],
      fetch: mockFetch(mock, requests),
    });
    const steps: Step[] = Array.isArray(c.calls)
      ? c.calls
      : Array.from({ length: c.calls ?? 1 }, () => ({}));
    const outcomes: Outcome[] = [];
    for (const step of steps) {
      if (step.mock) Object.assign(mock, expandDeep(step.mock, tmp, home));
      await writeTree(home, step.home, tmp, home);
      await writeTree(tmp, step.files, tmp, home);
      for (const [name, value] of Object.entries(step.env ?? {})) {
        if (value === null) delete variables[name];
        else variables[name] = expand(value, tmp, home);
      }
      const before = requests.length;
      const count = step.concurrent ?? 1;
      const settled = await Promise.allSettled(
        Array.from({ length: count }, () => chain.getCredentials()),
      );
      const outcome = count > 1
        ? {
          ...outcomeOf(settled.find((r) => r.status === "fulfilled") ?? settled[0]!),
          concurrent: settled.map(outcomeOf),
        }
        : outcomeOf(settled[0]!);
      outcomes.push({ ...outcome, requests: requests.slice(before) });
    }
    return outcomes;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

// ------------------------------------------------------------- comparison

/** What a call found, without secrets: `provider key`, or ✗. */
function signature(outcome: Outcome): string {
  const one = (o: Outcome) => o.error !== undefined ? "✗" : `${o.provider} ${o.accessKeyId}`;
  return outcome.concurrent ? outcome.concurrent.map(one).join(" / ") : one(outcome);
}

/** Whether two calls agree: the same signature, and the same secret and token when found. */
function agree(anchor: Outcome, ours: Outcome): boolean {
  if (signature(anchor) !== signature(ours)) return false;
  if (anchor.error !== undefined || anchor.concurrent) return true;
  return anchor.accessKeySecret === ours.accessKeySecret &&
    (anchor.securityToken ?? "") === (ours.securityToken ?? "");
}

interface Row {
  readonly case: Case;
  readonly anchor: Outcome[];
  readonly ours: Outcome[];
}

function verdict(row: Row): { ok: boolean; problem?: string } {
  const anchorSigs = row.anchor.map(signature);
  const ourSigs = row.ours.map(signature);
  const differs = row.case.differs;
  const same = row.anchor.length === row.ours.length &&
    row.anchor.every((outcome, index) => agree(outcome, row.ours[index]!));
  if (differs === undefined) {
    return same ? { ok: true } : {
      ok: false,
      problem: `anchor ${JSON.stringify(anchorSigs)} but ours ${JSON.stringify(ourSigs)}`,
    };
  }
  if (same) {
    return { ok: false, problem: "marked as differing, but both sides agree: a stale entry" };
  }
  if (JSON.stringify(anchorSigs) !== JSON.stringify(differs.anchor)) {
    return { ok: false, problem: `the anchor now gives ${JSON.stringify(anchorSigs)}` };
  }
  if (JSON.stringify(ourSigs) !== JSON.stringify(differs.ours)) {
    return { ok: false, problem: `ours now gives ${JSON.stringify(ourSigs)}` };
  }
  return { ok: true };
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function render(rows: readonly Row[], version: string): string {
  const differing = rows.filter((row) => row.case.differs !== undefined).length;
  const lines = [
    "# The default chain against `@alicloud/credentials` " + version,
    "",
    "Generated by `chain_differential.ts --write` from `cases.json`; `deno task test:credentials` " +
    "fails when a row no longer holds or this file is stale. Each row ran in the official chain " +
    "(Node, its real code, `anchor/run_chain.mjs`) and in `defaultChain()`, with the same files, " +
    "variables and mocked answers. A result is the provider (the official chain's names) and the " +
    "access key id, or ✗ for an error; secrets and tokens are compared too but not shown. " +
    "Requests: how many each side sent (the mock answers or refuses them; nothing leaves the machine). " +
    "Whenever it gets that far with ALIBABA_CLOUD_CREDENTIALS_URI unset, the official chain also sends " +
    "a GET to https://undefined/; defaultChain() sends nothing there, which most counts show.",
    "",
    `${rows.length} rows: ${rows.length - differing} agree, ${differing} differ on purpose.`,
    "",
    "| # | setup | official chain | defaultChain() | requests | why they differ, or what else differs |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    const anchor = row.anchor.map(signature).join(" ; ");
    const ours = row.ours.map(signature).join(" ; ");
    const requests = `${row.anchor.map((o) => o.requests?.length ?? 0).join("+")} → ${
      row.ours.map((o) => o.requests?.length ?? 0).join("+")
    }`;
    const why = row.case.differs ? `**differs:** ${row.case.differs.why}` : row.case.note ?? "";
    lines.push(
      `| ${cell(row.case.id)} | ${cell(row.case.setup)} | ${cell(anchor)} | ${
        cell(row.case.differs ? ours : "same")
      } | ${requests} | ${cell(why)} |`,
    );
  }
  return lines.join("\n") + "\n";
}

async function compare(): Promise<{ rows: Row[]; version: string }> {
  const version = await ensureAnchor();
  const cases = JSON.parse(await Deno.readTextFile(CASES_FILE)) as Case[];
  const anchor = await runAnchor(cases);
  const rows: Row[] = [];
  for (const [index, c] of cases.entries()) {
    rows.push({ case: c, anchor: anchor[index]!, ours: await runOurs(c) });
  }
  return { rows, version };
}

async function formatted(text: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=md", "-"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  return new TextDecoder().decode((await child.output()).stdout);
}

test("defaultChain() agrees with @alicloud/credentials' default chain, or differs as the table says", async () => {
  const scriptsPins = JSON.parse(await Deno.readTextFile(join(HERE, "..", "..", "deno.json")))
    .imports["@alicloud/credentials"];
  const { rows, version } = await compare();
  assert.equal(
    scriptsPins,
    `npm:@alicloud/credentials@${version}`,
    "scripts/deno.json pins another version",
  );
  const problems = rows.flatMap((row) => {
    const { ok, problem } = verdict(row);
    return ok ? [] : [`${row.case.id}: ${problem}`];
  });
  const differing = rows.filter((row) => row.case.differs !== undefined).length;
  console.log(
    `credentials differential: ${rows.length} rows, ${
      rows.length - differing
    } agree, ${differing} differ on purpose, ${problems.length} problems`,
  );
  assert.deepEqual(problems, []);
  const table = await formatted(render(rows, version));
  assert.equal(
    await Deno.readTextFile(TABLE_FILE),
    table,
    "TABLE.md is stale: run deno run -A scripts/interop/credentials/chain_differential.ts --write",
  );
});

if (import.meta.main) {
  const { rows, version } = await compare();
  for (const row of rows) {
    const { ok, problem } = verdict(row);
    if (!ok) console.log(`${row.case.id}: ${problem}`);
  }
  if (Deno.args.includes("--write")) {
    await Deno.writeTextFile(TABLE_FILE, await formatted(render(rows, version)));
    console.log(`wrote ${TABLE_FILE}`);
  }
}
