// acs-rpc against the conformance suite, in process: one test per case id,
// through mod.ts. Then the suite's own test: a copy of the library with a
// deliberately broken encoder ('+' for a space) must fail, and at the right
// stage.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "../../mod.ts";
import { type AcsRpcApi, createAcsRpcImplementation } from "../_acs_rpc_impl.ts";
import {
  type Case,
  check,
  describeVerdict,
  loadCases,
  parseExpectations,
  type Verdict,
} from "../_suite.ts";

const cases = await loadCases();
const implementation = createAcsRpcImplementation(api, "under test");

/** acs-rpc claims the strict profile: every case counts, compared exactly. */
function verdictOf(impl: typeof implementation, testCase: Case): Verdict {
  if (!impl.operations.includes(testCase.operation)) {
    return { status: "skipped", reason: `no operation ${testCase.operation}` };
  }
  return check(testCase, impl.run(testCase), "strict");
}

const expected = await Deno.readTextFile(
  new URL("../expectations/acs-rpc-inprocess.txt", import.meta.url),
).then(parseExpectations, () => new Map<string, string>());

for (const testCase of cases) {
  test(testCase.id, (t) => {
    const verdict = verdictOf(implementation, testCase);
    if (verdict.status === "skipped") {
      t.skip(verdict.reason);
      return;
    }
    if (expected.has(testCase.id)) {
      assert.notEqual(verdict.status, "pass", `listed as expected failure but passes`);
      return;
    }
    assert.equal(verdict.status, "pass", describeVerdict(verdict));
  });
}

/**
 * Copies lib/ and mod.ts into a temporary directory, with `_internal/encode.ts`
 * given a module-local encodeURIComponent that writes '+' for a space, and
 * imports the copy. Everything else is the real library.
 */
async function brokenLibrary(): Promise<{ api: AcsRpcApi; cleanup: () => Promise<void> }> {
  const root = new URL("../../", import.meta.url);
  const dir = await Deno.makeTempDir({ prefix: "acs-rpc-broken-" });
  const copy = async (path: string): Promise<void> => {
    await Deno.mkdir(`${dir}/${path}`, { recursive: true });
    for await (const entry of Deno.readDir(new URL(path, root))) {
      if (entry.isDirectory) {
        await copy(`${path}${entry.name}/`);
        continue;
      }
      if (!entry.isFile || !entry.name.endsWith(".ts") || entry.name.endsWith("_test.ts")) continue;
      let source = await Deno.readTextFile(new URL(`${path}${entry.name}`, root));
      if (`${path}${entry.name}` === "lib/_internal/encode.ts") {
        source = "const encodeURIComponent = (text: string): string =>\n" +
          '  globalThis.encodeURIComponent(text).replaceAll("%20", "+");\n' + source;
      }
      await Deno.writeTextFile(`${dir}/${path}${entry.name}`, source);
    }
  };
  await copy("lib/");
  await Deno.copyFile(new URL("mod.ts", root), `${dir}/mod.ts`);
  const broken = await import(`file://${dir}/mod.ts`) as AcsRpcApi;
  return { api: broken, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

test("the suite fails a broken encoder ('+' for a space) at the right stage", async () => {
  const { api: broken, cleanup } = await brokenLibrary();
  try {
    assert.equal(
      broken.percentEncode("a b"),
      "a+b",
      "the broken copy must really be broken; has lib/_internal/encode.ts stopped using encodeURIComponent?",
    );
    const impl = createAcsRpcImplementation(broken, "broken");
    const byId = new Map(cases.map((c) => [c.id, c]));
    const verdict = (id: string) => verdictOf(impl, byId.get(id)!);

    for (
      const [id, stage] of [
        ["encode-ascii-20-space", "encoded"],
        ["encode-space-inside", "encoded"],
        ["canonicalize-value-space", "canonicalQuery"],
        ["sign-space-get", "canonicalQuery"],
        ["sign-space-post", "canonicalQuery"],
      ]
    ) {
      const v = verdict(id!);
      assert.equal(v.status, "fail", `${id} should fail`);
      assert.equal(v.stage, stage, `${id} should fail first at ${stage}`);
      assert.equal(v.mistake, "plus-for-space", `${id} should name the mistake`);
    }
    // Cases without a space are unaffected: the failure points at the encoder.
    for (const id of ["sign-doc-example", "encode-ascii-2a-asterisk", "canonicalize-doc-example"]) {
      assert.equal(verdict(id).status, "pass", id);
    }
    const failing = cases.filter((c) => verdictOf(impl, c).status === "fail");
    assert.ok(failing.length > 5, `${failing.length} cases fail`);
  } finally {
    await cleanup();
  }
});
