/**
 * The acs-rpc conformance runner: checks any number of implementations of the
 * Alibaba Cloud RPC signature (version 1.0) against the suite's golden cases,
 * through the adapter protocol of `PROTOCOL.md` (next to this file).
 *
 * ```sh
 * # your own implementation: COMMAND runs through the shell, from here
 * deno run -A jsr:@acs/rpc/conformance --adapter mine="python3 adapter.py"
 * # in a clone of the repository: every registered implementation
 * deno task conformance
 * deno task conformance --impl pop-core --filter '^sign-'
 * ```
 *
 * Options: `--impl NAME[,NAME]` (registered implementations), `--adapter
 * NAME=COMMAND` (repeatable), `--adapters FILE` (a JSON file shaped like
 * implementations.json), `--profile core|strict`, `--beyond-profile`, `--filter REGEXP`, `--json
 * FILE`, `--write-results`, `--timeout MS`, `--list`. The last line of the
 * output is `conformance: N passed, N failed, N skipped (N expected
 * failures)`; the exit status is 0 when nothing failed, 1 when something did
 * (a wrong answer, a crash, an unexpected pass, a stale expected failure, an
 * adapter named on the command line that did not start), 2 for a usage error.
 *
 * @example Running the suite as a function
 * ```ts
 * import { main } from "@acs/rpc/conformance";
 * import assert from "node:assert/strict";
 *
 * const lines: string[] = [];
 * const status = await main(
 *   ["--impl", "acs-rpc-inprocess", "--filter", "^sign-doc-example$"],
 *   { stdout: (line) => lines.push(line), stderr: () => {} },
 * );
 * assert.equal(status, 0);
 * assert.equal(lines.at(-1), "conformance: 1 passed, 0 failed, 0 skipped (0 expected failures)");
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  closingLine,
  formatMarkdown,
  implLine,
  jsonReport,
  renderProblems,
  renderResults,
  renderSkips,
  renderSummary,
  RESULTS_FILE,
} from "./_report.ts";
import {
  adapterFromArgument,
  adaptersFromFile,
  type Implementation,
  probe,
  registeredImplementations,
  runSuite,
  UsageError,
} from "./_runner.ts";
import { type Profile, PROFILES } from "./_suite.ts";

/** Where {@linkcode main} writes, and the directory it runs in. */
export interface RunnerIo {
  /** Writes a line of the report. */
  stdout: (line: string) => void;
  /** Writes a line of progress or a usage error. */
  stderr: (line: string) => void;
  /** The directory `--adapter` commands and `--adapters`/`--json` paths are read from (default: the current one). */
  cwd?: string;
}

const USAGE = `usage: deno run -A conformance/run.ts [options]
  --impl NAME[,NAME]      run these registered implementations (repeatable)
  --adapter NAME=COMMAND  run your adapter; COMMAND runs through the shell, from here (repeatable)
  --adapters FILE         run the adapters a JSON file lists (shaped like implementations.json)
  --profile core|strict   the cases that count (default: the widest profile each one claims)
  --beyond-profile        also run the other cases, for information (not counted)
  --filter REGEXP         only the cases whose id matches
  --json FILE             also write a machine-readable report
  --write-results         rewrite RESULTS.md (whole runs of the registry only)
  --timeout MS            per-case timeout (default 10000)
  --list                  list the registered implementations and whether they are installed
exit status: 0 all passed, 1 something failed, 2 usage error`;

/**
 * Runs the conformance suite as its command line does: parses `args`,
 * prints the report through `io`, and returns the exit status (0 passed, 1
 * failed, 2 usage error).
 *
 * @param args The command-line arguments.
 * @param io Where the report and progress go, and the directory to work from.
 * @returns The exit status.
 */
export async function main(args: string[], io: RunnerIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`conformance: ${error.message}`);
    io.stderr("run with --help for the options");
    return 2;
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        impl: { type: "string", multiple: true },
        adapter: { type: "string", multiple: true },
        adapters: { type: "string", multiple: true },
        profile: { type: "string" },
        "beyond-profile": { type: "boolean" },
        filter: { type: "string" },
        json: { type: "string" },
        "write-results": { type: "boolean" },
        timeout: { type: "string" },
        list: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function run(args: string[], io: RunnerIo): Promise<number> {
  const values = parse(args);
  const cwd = io.cwd ?? Deno.cwd();
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.list) {
    for (const implementation of await registeredImplementations()) {
      const missing = await probe(implementation);
      io.stdout(
        `${implementation.name.padEnd(18)} ${
          missing === null
            ? "installed"
            : `missing (${missing}); install: ${implementation.install}`
        }`,
      );
    }
    return 0;
  }
  if (values["write-results"] && RESULTS_FILE.protocol !== "file:") {
    throw new UsageError("Cannot --write-results: RESULTS.md is only in a clone of the repository");
  }
  if (values.profile !== undefined && !(PROFILES as readonly string[]).includes(values.profile)) {
    throw new UsageError(
      `Unknown profile ${JSON.stringify(values.profile)}; known: ${PROFILES.join(", ")}`,
    );
  }
  let filter: RegExp | undefined;
  try {
    filter = values.filter === undefined ? undefined : new RegExp(values.filter);
  } catch (error) {
    throw new UsageError(`Cannot read --filter: ${(error as Error).message}`);
  }
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(`Cannot read --timeout ${values.timeout}: give milliseconds`);
  }
  const adapters: Implementation[] = (values.adapter ?? []).map((a) => adapterFromArgument(a, cwd));
  for (const file of values.adapters ?? []) adapters.push(...await adaptersFromFile(file, cwd));
  const impls = values.impl?.flatMap((v) => v.split(",")).filter((v) => v !== "");

  const report = await runSuite({
    impls,
    adapters,
    profile: values.profile as Profile | undefined,
    // RESULTS.md shows every implementation on both profiles.
    beyond: values["beyond-profile"] || values["write-results"],
    filter,
    timeoutMs,
    log: io.stderr,
  });

  io.stdout(`acs-rpc conformance suite ${report.suite}, ${report.cases.length} cases`);
  io.stdout("");
  for (const impl of report.implementations) io.stdout(implLine(impl));
  io.stdout("");
  for (const line of renderSummary(report)) io.stdout(line);
  for (const section of [renderProblems(report), renderSkips(report)]) {
    if (section.length === 0) continue;
    io.stdout("");
    for (const line of section) io.stdout(line);
  }
  if (values.json !== undefined) {
    await Deno.writeTextFile(
      new URL(values.json, `file://${cwd}/`),
      JSON.stringify(jsonReport(report), null, 2) + "\n",
    );
  }
  if (values["write-results"]) {
    if (filter !== undefined || adapters.length > 0 || values.profile !== undefined) {
      io.stderr(
        "--write-results ignored: RESULTS.md holds whole runs of the registry only " +
          "(no --filter, --adapter(s) or --profile)",
      );
    } else {
      await Deno.writeTextFile(RESULTS_FILE, await formatMarkdown(renderResults(report)));
    }
  }
  io.stdout("");
  io.stdout(closingLine(report));
  return report.totals.failed > 0 ? 1 : 0;
}

if (import.meta.main) {
  Deno.exit(
    await main(Deno.args, {
      stdout: (line) => console.log(line),
      stderr: (line) => console.error(line),
    }),
  );
}
