// The report's section for scripts/bench/v3.ts (signature V3 beside the RPC
// signature), shared with bench_report.ts, which must not import v3.ts: it
// runs on import.

import type { GroupResult } from "./harness.ts";
import { SCENARIOS } from "./scenarios.ts";

/** The names the report uses. */
export const IMPL_V3 = {
  ours: "acs-rpc",
  oursNow: "acs-rpc (own clock + nonce)",
  oursRpc: "acs-rpc RPC signature (signRequest)",
  client: "openapi-client 0.4.15 (callApi, V3)",
  floor: "floor: native SHA-256 + HMAC-SHA256 only",
} as const;

/** What this script prints. */
export interface V3Result {
  readonly runtime: string;
  readonly groups: Record<string, GroupResult>;
  readonly checks: string[];
}

/** The report's section: one table per runtime, then what was measured. */
export function v3Section(
  results: readonly V3Result[],
  table: (
    title: string,
    rows: readonly { label: string; group: GroupResult }[],
    floorName: string,
  ) => string[],
): string[] {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(
      `### Signature V3 beside the RPC signature — ${result.runtime}`,
      "",
      ...table(
        "request",
        SCENARIOS.map((s) => ({ label: s.label, group: result.groups[`v3:${s.id}`]! })),
        IMPL_V3.floor,
      ),
      "",
    );
  }
  lines.push(
    "Before timing: " + results.map((r) => `${r.runtime}: ${r.checks.join("; ")}`).join(". ") +
      ".",
    "",
    "acs-rpc: `signRequestV3` with a fixed timestamp and nonce, from API parameters to the URL, " +
      "headers and `Authorization`. acs-rpc (own clock + nonce): the same, reading the clock and " +
      "drawing a UUID. acs-rpc RPC signature: `signRequest` on the same request, for comparison. " +
      "openapi-client: `Client#callApi` on its default (V3) path with an explicit credential " +
      "object and `httpx.request` stubbed to stop at the request (nothing is sent); it reads its " +
      'own clock and nonce and is asynchronous. Floor: `createHash("sha256")` of acs-rpc\'s ' +
      'canonical request and `createHmac("sha256", secret)` of the string to sign, natively.',
    "",
  );
  return lines;
}
