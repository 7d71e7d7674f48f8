// How a run reads: the condensed table of groups and profiles by
// implementation, every failure on its own line, the skips grouped by reason,
// the full matrix (RESULTS.md), the JSON report and the closing line.

import { ROOT } from "./_client.ts";
import type { ImplementationReport, Report } from "./_runner.ts";
import {
  describeVerdict,
  GROUPS,
  type Profile,
  profileIncludes,
  PROFILES,
  type Status,
} from "./_suite.ts";

/** RESULTS.md, next to the runner. */
export const RESULTS_FILE = new URL("./RESULTS.md", import.meta.url);

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

/** A cell for a case or row outside the profile an implementation ran. */
const NOT_RUN = "not run";

function groupCounts(
  report: Report,
  impl: ImplementationReport,
  group: string,
  profile: Profile,
): string {
  const rows = report.cases.filter((c) => c.group === group && c.profile === profile);
  const outside = impl.state === "ran" &&
    !profileIncludes(impl.profile, profile);
  if (outside && !rows.some(({ id }) => report.beyond[id]?.[impl.name])) return NOT_RUN;
  const counts: Partial<Record<Status, number>> = {};
  for (const { id } of rows) {
    const status = outside
      ? report.beyond[id]?.[impl.name]?.status ?? "skipped"
      : report.results[id]![impl.name]!.status;
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
  if (parts.length === 0) return "";
  return outside ? `(${parts.join(" ")})` : parts.join(" ");
}

/** The condensed table: per group and profile, and per implementation, counts by status. */
export function renderSummary(report: Report): string[] {
  const impls = report.implementations;
  const lines = [
    `| group · profile (cases) | ${impls.map((i) => i.name).join(" | ")} |`,
    `| --- | ${impls.map(() => "---").join(" | ")} |`,
  ];
  for (const group of GROUPS) {
    for (const profile of PROFILES) {
      const n = report.cases.filter((c) => c.group === group && c.profile === profile).length;
      if (n === 0) continue;
      lines.push(
        `| ${group} · ${profile} (${n}) | ${
          impls.map((i) => groupCounts(report, i, group, profile)).join(" | ")
        } |`,
      );
    }
  }
  return lines;
}

/** One implementation, in a line. */
export function implLine(impl: ImplementationReport): string {
  const version = impl.version === null ? "" : ` ${impl.version}`;
  switch (impl.state) {
    case "ran":
      return `- **${impl.name}**${version} (profile ${impl.profile}${
        impl.claims.length > 0 && !impl.claims.includes(impl.profile)
          ? `; claims ${impl.claims.join(", ")}`
          : ""
      }): ${impl.description}`;
    case "skipped":
      return `- **${impl.name}**: skipped — ${impl.reason}`;
    case "failed":
      return `- **${impl.name}**${version}: FAILED — ${impl.reason}`;
  }
}

/** Every implementation that failed to run, and every cell that is not a pass or a skip. */
export function renderProblems(report: Report): string[] {
  const lines: string[] = [];
  for (const impl of report.implementations) {
    if (impl.state === "failed") lines.push(`- ${impl.name}: FAILED — ${impl.reason}`);
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
    if (impl.state !== "ran") continue;
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

/** The full matrix: every case down (with its profile), every implementation across. */
export function renderMatrix(report: Report): string[] {
  const impls = report.implementations.filter((i) => i.state === "ran");
  const lines = [
    `| case | profile | ${impls.map((i) => i.name).join(" | ")} |`,
    `| --- | --- | ${impls.map(() => ":-:").join(" | ")} |`,
  ];
  for (const { id, profile } of report.cases) {
    const cells = impls.map((i) => {
      if (profileIncludes(i.profile, profile)) return SYMBOL[report.results[id]![i.name]!.status];
      const informative = report.beyond[id]?.[i.name];
      return informative ? `(${SYMBOL[informative.status]})` : "n/r";
    });
    lines.push(`| ${id} | ${profile} | ${cells.join(" | ")} |`);
  }
  return lines;
}

/** RESULTS.md: deterministic, no times or paths. */
export function renderResults(report: Report): string {
  const profiles = PROFILES.map((p) => ({
    profile: p,
    n: report.cases.filter((c) => c.profile === p).length,
  }));
  const problems = renderProblems(report);
  const skips = renderSkips(report);
  return [
    "# Conformance results",
    "",
    "Generated by `deno task conformance --write-results` (conformance/run.ts); do not edit.",
    "`conformance/tests/results_test.ts` checks that this file matches a fresh run.",
    "",
    `Suite ${report.suite}, protocol ${report.protocol}, ${report.cases.length} cases: ${
      profiles.map(({ profile, n }) => `${n} in the ${profile} profile`).join(", ")
    }. Each implementation runs the widest profile its handshake claims (\`core\` when it ` +
    "claims none): `core` is what the published signature rules require of any signer, " +
    "`strict` adds acs-rpc's own input validation.",
    "",
    `## Implementations (${report.implementations.length})`,
    "",
    ...report.implementations.map(implLine),
    "",
    "## Summary",
    "",
    "✓ pass · ✗ fail · xf expected failure (listed in `expectations/<impl>.txt`) · " +
    "UP unexpected pass · – skipped · (…): outside the profile the implementation claims, run " +
    "for information and not counted (no expected failures are listed for it)",
    "",
    ...renderSummary(report),
    "",
    "```",
    closingLine(report),
    "```",
    "",
    "## Failures and expected failures",
    "",
    ...(problems.length ? problems : ["None."]),
    "",
    "## Skipped, by reason",
    "",
    ...(skips.length ? skips : ["None."]),
    "",
    "## Matrix",
    "",
    "(…): outside the profile the implementation claims, for information · n/r: not run",
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
      profile: i.profile,
      claims: i.claims,
      ...(i.reason === undefined ? {} : { reason: i.reason }),
      ...(i.install === undefined ? {} : { install: i.install }),
      operations: i.operations,
      features: i.features,
      staleExpectations: i.stale,
    })),
    totals: report.totals,
    cases: report.cases.map(({ id, group, profile }) => ({
      id,
      group,
      profile,
      results: report.results[id],
      ...(Object.keys(report.beyond[id] ?? {}).length === 0
        ? {}
        : { beyondProfile: report.beyond[id] }),
    })),
  };
}
