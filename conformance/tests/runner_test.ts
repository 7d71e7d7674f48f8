// The runner as the author of another SDK meets it: run by its path from a
// temporary directory, with the examples of PROTOCOL.md as adapters (the
// Python one passes the core cases it claims, the deliberately buggy
// JavaScript one fails and each of its mistakes is named), with a missing
// adapter file, an unknown name, an adapter that dies, an adapters file; then
// the same runner from a copy of the files `deno publish` would ship.

import { test } from "node:test";
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);
const RUNNER = new URL("conformance/run.ts", ROOT).pathname;
const EXAMPLES = new URL("conformance/examples/", ROOT);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function runner(args: string[], cwd: string, runnerPath = RUNNER): Promise<Outcome> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", runnerPath, ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "acs-rpc-conformance-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function copyExample(name: string, dir: string): Promise<void> {
  await Deno.copyFile(new URL(name, EXAMPLES), `${dir}/${name}`);
}

function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1)!;
}

interface JsonReport {
  implementations: { name: string; state: string; profile: string }[];
  cases: {
    id: string;
    profile: string;
    results: Record<string, { status: string; reason?: string }>;
  }[];
}

test("the Python example passes every core case it claims, run from another directory", async () => {
  await inTempDir(async (dir) => {
    await copyExample("adapter.py", dir);
    const out = await runner(
      ["--adapter", "mine=python3 adapter.py", "--json", "report.json"],
      dir,
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(
      lastLine(out.stdout),
      /^conformance: \d+ passed, 0 failed, \d+ skipped \(0 expected/,
    );
    const report = JSON.parse(await Deno.readTextFile(`${dir}/report.json`)) as JsonReport;
    assert.deepEqual(report.implementations.map((i) => [i.name, i.state, i.profile]), [
      ["mine", "ran", "core"],
    ]);
    let passed = 0;
    for (const c of report.cases) {
      const verdict = c.results.mine!;
      if (verdict.status === "pass") {
        passed++;
        continue;
      }
      assert.equal(verdict.status, "skipped", c.id);
      // It skips only what it does not claim: other operations and features, the strict profile.
      assert.match(verdict.reason!, /^(no operation|lacks feature|outside the core profile)/, c.id);
      if (c.profile === "strict") assert.match(verdict.reason!, /outside the core profile/);
    }
    assert.ok(passed >= 180, `${passed} cases passed`);
  });
});

test("the buggy JavaScript example fails with exit 1 and each mistake is named", async () => {
  await inTempDir(async (dir) => {
    await copyExample("buggy_adapter.mjs", dir);
    const out = await runner(["--adapter", "buggy=node buggy_adapter.mjs"], dir);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(lastLine(out.stdout), /^conformance: \d+ passed, [1-9]\d* failed/);
    for (const mistake of ["plus-for-space", "unencoded-sub-delim", "milliseconds-in-timestamp"]) {
      assert.ok(out.stdout.includes(`(the "${mistake}" mistake)`), `${mistake} is not named`);
    }
    // A long value points at its first difference.
    assert.match(
      out.stdout,
      /buggy · sign-doc-example: FAIL canonicalQuery: at byte \d+: expected "…%3A46%3A24Z&Version=…", got "…%3A46%3A24\.000Z&Version=…" — /,
    );
  });
});

test("a missing adapter file makes the run fail (exit 1), not skip", async () => {
  await inTempDir(async (dir) => {
    const out = await runner(["--adapter", "mine=python3 no-such-adapter.py"], dir);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /- \*\*mine\*\*: FAILED — adapter did not start: adapter exited before the handshake; stderr: .*no-such-adapter\.py/,
    );
    assert.match(lastLine(out.stdout), /^conformance: 0 passed, 1 failed, \d+ skipped/);
  });
});

test("a named implementation whose adapter dies mid-run fails the run", async () => {
  await inTempDir(async (dir) => {
    // Answers the handshake, then exits at the first case, every time it is restarted.
    await Deno.writeTextFile(
      `${dir}/dies.mjs`,
      'import process from "node:process";\n' +
        "process.stdin.once('data', () => {\n" +
        '  console.log(JSON.stringify({ type: "hello", protocol: 1, name: "dies", version: "0",' +
        ' operations: ["encode"], features: [] }));\n' +
        "  process.stdin.once('data', () => process.exit(3));\n" +
        "});\n",
    );
    const out = await runner(
      ["--adapter", "dies=node dies.mjs", "--filter", "^encode-ascii-4[1-3]-"],
      dir,
    );
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /dies · encode-ascii-41-capital-a: CRASH adapter exited/);
    assert.match(lastLine(out.stdout), /^conformance: 0 passed, 3 failed, 0 skipped/);
  });
});

test("usage errors exit 2 with one line and no stack trace", async () => {
  await inTempDir(async (dir) => {
    for (
      const [args, message] of [
        [
          ["--impl", "nonexistent"],
          /Unknown implementation "nonexistent"; known: acs-rpc-inprocess, acs-rpc, /,
        ],
        [["--adapter", "mine"], /Cannot read --adapter "mine": write NAME=COMMAND/],
        [
          ["--adapter", "pop-core=node x.mjs"],
          /Cannot add adapter "pop-core": the name is already taken/,
        ],
        [["--adapters", "missing.json"], /Cannot read --adapters missing\.json: no such file/],
        [["--profile", "lenient"], /Unknown profile "lenient"; known: core, strict/],
        [["--frobnicate"], /Unknown option '--frobnicate'/],
      ] as const
    ) {
      const out = await runner([...args], dir);
      assert.equal(out.code, 2, `${args.join(" ")}: ${out.stdout}${out.stderr}`);
      assert.match(out.stderr, message);
      assert.doesNotMatch(out.stderr, /^\s+at |Uncaught/m, "no stack trace");
      assert.equal(out.stdout, "");
    }
  });
});

test("--adapters reads commands and expected failures relative to its file", async () => {
  await inTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/sdk`);
    await copyExample("buggy_adapter.mjs", `${dir}/sdk`);
    await Deno.writeTextFile(
      `${dir}/sdk/adapters.json`,
      JSON.stringify({
        implementations: [{
          name: "buggy",
          description: "the buggy example",
          command: ["node", "buggy_adapter.mjs"],
          expectations: "buggy.txt",
        }],
      }),
    );
    await Deno.writeTextFile(
      `${dir}/sdk/buggy.txt`,
      "# the known mistakes of the example\n" +
        'encode-ascii-20-space     "+" for a space\n' +
        "encode-ascii-2a-asterisk  * left unencoded\n",
    );
    const out = await runner(
      ["--adapters", "sdk/adapters.json", "--filter", "^encode-ascii-(20|2a|41)-"],
      dir,
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(
      lastLine(out.stdout),
      "conformance: 1 passed, 0 failed, 0 skipped (2 expected failures)",
    );
  });
});

test("--profile strict holds a core-only adapter to acs-rpc's validation too", async () => {
  await inTempDir(async (dir) => {
    await copyExample("adapter.mjs", dir);
    const args = [
      "--adapter",
      "mine=node adapter.mjs",
      "--filter",
      "^error-sign-(padded-secret|lone-surrogate-value)$",
    ];
    const core = await runner(args, dir);
    assert.equal(core.code, 0, core.stdout + core.stderr);
    assert.equal(
      lastLine(core.stdout),
      "conformance: 1 passed, 0 failed, 1 skipped (0 expected failures)",
    );
    const strict = await runner([...args, "--profile", "strict"], dir);
    assert.equal(strict.code, 1, strict.stdout + strict.stderr);
    assert.match(
      strict.stdout,
      /mine · error-sign-padded-secret: FAIL error: expected "invalid-credentials"/,
    );
  });
});

test("the runner works from a copy of the files `deno publish` ships", async () => {
  const { stdout, stderr, success } = await new Deno.Command(Deno.execPath(), {
    args: ["publish", "--dry-run", "--allow-dirty"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const listing = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  assert.ok(success, listing);
  const root = ROOT.href;
  const files = [...listing.matchAll(/^\s+(file:\/\/\S+) \(/gm)].map((m) => m[1]!)
    .filter((url) => url.startsWith(root)).map((url) => decodeURI(url.slice(root.length)));
  for (
    const needed of ["conformance/run.ts", "conformance/PROTOCOL.md", "conformance/CHANGELOG.md"]
  ) {
    assert.ok(files.includes(needed), `${needed} is not published`);
  }
  assert.ok(files.some((f) => f.startsWith("conformance/cases/")), "no cases are published");
  assert.ok(files.some((f) => f.startsWith("conformance/schema/")), "no schema is published");
  assert.ok(
    !files.some((f) => /^conformance\/(adapters|tests|tools)\//.test(f)),
    "workspace members and tools stay out of the package",
  );
  await inTempDir(async (dir) => {
    for (const file of files) {
      await Deno.mkdir(`${dir}/package/${file}`.replace(/\/[^/]+$/, ""), { recursive: true });
      await Deno.copyFile(new URL(file, ROOT), `${dir}/package/${file}`);
    }
    // A consumer of the package does not use its workspace or its lock file.
    const config = JSON.parse(await Deno.readTextFile(`${dir}/package/deno.json`));
    delete config.workspace;
    delete config.lock;
    await Deno.writeTextFile(`${dir}/package/deno.json`, JSON.stringify(config));
    await copyExample("adapter.py", dir);
    const out = await runner(
      ["--adapter", "mine=python3 adapter.py", "--filter", "^(sign|canonicalize)-"],
      dir,
      `${dir}/package/conformance/run.ts`,
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(lastLine(out.stdout), /^conformance: [1-9]\d* passed, 0 failed/);
    // Without --adapter, it runs acs-rpc in process (the other adapters live in the repository).
    const self = await runner(
      ["--filter", "^sign-doc-example$"],
      dir,
      `${dir}/package/conformance/run.ts`,
    );
    assert.equal(self.code, 0, self.stdout + self.stderr);
    assert.match(self.stdout, /- \*\*acs-rpc-inprocess\*\* [^ ]+ \(profile strict\)/);
  });
});
