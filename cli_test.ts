// The Deno entry, run as users run it: `deno run cli.ts …` in a child
// process, with only the permissions given on its command line. (The
// command's behaviour is tested through main() in lib/cli/main_test.ts.)
// Needs --allow-run, --allow-read and --allow-write (for an empty DENO_DIR).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL(".", import.meta.url));
const denoJson: { version: string; imports?: Record<string, string> } = JSON.parse(
  readFileSync(new URL("./deno.json", import.meta.url), "utf8"),
);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `deno run --no-prompt <flags> cli.ts <args>` from the repository root.
 * Deno itself may write to stderr first (fetching packages into a cold
 * cache), so the tests read the command's own lines at its end.
 */
async function deno(
  flags: string[],
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", ...flags, "cli.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

function assertEndsWith(actual: string, expected: string): void {
  assert.ok(
    actual.endsWith(expected),
    `expected stderr to end with:\n${expected}\ngot:\n${actual}`,
  );
}

test("deno run cli.ts --version prints deno.json's version with no permission", async () => {
  const { code, stdout, stderr } = await deno([], ["--version"]);
  assert.doesNotMatch(stderr, /error/i);
  assert.equal(stdout, `acs-rpc ${denoJson.version}\n`);
  assert.equal(code, 0);
});

test("deno run cli.ts sign without --allow-env names the flag, and exits 2", async () => {
  const { code, stdout, stderr } = await deno([], ["sign", "DescribeRegions"]);
  assert.equal(stdout, "");
  assertEndsWith(
    stderr,
    'Error: Cannot sign: Deno refused env access to "HOME" (a missing permission)\n' +
      "Run again with --allow-env (and --allow-read for the profile files)\n",
  );
  assert.equal(code, 2);
});

test("deno run cli.ts call without --allow-net names the host to allow, is not retried, and exits 2", async () => {
  // Nothing listens there, and nothing is sent: Deno refuses before connecting.
  const endpoint = "127.0.0.1:8788";
  const { code, stdout, stderr } = await deno(
    [],
    ["call", "--demo", "DescribeRegions", "--endpoint", `http://${endpoint}`],
  );
  assert.equal(stdout, "");
  assert.doesNotMatch(stderr, /Retrying/);
  assertEndsWith(
    stderr,
    `Error: Cannot reach http://${endpoint}/: the runtime denies network access to ${endpoint}; ` +
      `run Deno with --allow-net=${endpoint} (or a wider --allow-net)\n`,
  );
  assert.equal(code, 2);
});

// Deno installs the lockfile's whole npm snapshot (every member's tools) as
// soon as the root needs one npm package, so this holds only once the
// library has no npm runtime dependency; until then it is skipped, saying why.
const rootNpm = Object.entries(denoJson.imports ?? {})
  .filter(([, target]) => target.startsWith("npm:"))
  .map(([name]) => name);
const skip = rootNpm.length === 0
  ? false
  : `the root deno.json still maps npm packages (${
    rootNpm.join(", ")
  }), so Deno would install deno.lock's whole npm snapshot`;
if (skip) console.log(`skipping the empty-DENO_DIR check: ${skip}`);

test("deno run cli.ts --help in an empty DENO_DIR downloads nothing", { skip }, async () => {
  const denoDir = await Deno.makeTempDir({ prefix: "acs-rpc-deno-dir-" });
  try {
    const { code, stdout, stderr } = await deno(["--cached-only"], ["--help"], {
      DENO_DIR: denoDir,
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Usage: acs-rpc <command>/);
    for (const cache of ["npm", "remote"]) {
      const entries = [];
      try {
        for await (const entry of Deno.readDir(`${denoDir}/${cache}`)) entries.push(entry.name);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
      assert.deepEqual(entries, [], `${cache}/ in the empty DENO_DIR`);
    }
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});
