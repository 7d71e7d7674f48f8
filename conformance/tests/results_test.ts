// RESULTS.md must match a fresh run of the same implementations. The test
// re-runs the suite (it starts every adapter, so it takes a while) and
// compares the rendered file byte for byte. When an implementation that
// RESULTS.md shows as run is not installed here, the test is skipped and says
// which one and how to install it; it never passes silently.

import { test } from "node:test";
import assert from "node:assert/strict";
import { formatMarkdown, renderResults, RESULTS_FILE } from "../_report.ts";
import { probe, registeredImplementations, runSuite } from "../_runner.ts";

const results = await Deno.readTextFile(RESULTS_FILE);
const registry = await registeredImplementations();
const listed = [...results.matchAll(/^- \*\*([^*]+)\*\*(.*)$/gm)].map((m) => ({
  name: m[1]!,
  ran: !m[2]!.startsWith(": skipped"),
}));

const problems: string[] = [];
let skipReason: string | undefined;
for (const { name, ran } of listed) {
  const registration = registry.find((r) => r.name === name);
  if (registration === undefined) {
    problems.push(`RESULTS.md lists ${name}, which implementations.json does not know`);
    continue;
  }
  const missing = await probe(registration);
  if (ran && missing !== null) {
    skipReason ??=
      `RESULTS.md was written with ${name}, which is not installed here (${missing}); ` +
      `install it with \`${registration.install}\` to check RESULTS.md`;
  }
  if (!ran && missing === null) {
    problems.push(
      `${name} is installed now but RESULTS.md shows it skipped: rerun ` +
        "`deno task conformance --write-results`",
    );
  }
}
if (skipReason !== undefined) console.warn(`results_test: SKIPPED: ${skipReason}`);

test(
  "RESULTS.md matches a fresh run of the implementations it lists",
  skipReason === undefined ? {} : { skip: skipReason },
  async () => {
    assert.deepEqual(problems, []);
    assert.ok(listed.length > 0, "RESULTS.md lists no implementations");
    const report = await runSuite({ impls: listed.map((l) => l.name), beyond: true });
    const fresh = await formatMarkdown(renderResults(report));
    if (fresh !== results) {
      const a = results.split("\n");
      const b = fresh.split("\n");
      const line = a.findIndex((text, i) => text !== b[i]);
      assert.fail(
        `RESULTS.md is out of date (first difference at line ${line + 1}):\n` +
          `  file:  ${a[line]}\n  fresh: ${b[line]}\n` +
          "rerun `deno task conformance --write-results`",
      );
    }
  },
);
