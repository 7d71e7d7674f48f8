// The suite as an npm package of its own (conformance/tools/pack.ts): the
// tarball holds the cases, the schema, PROTOCOL.md, the changelog and the
// examples, at the suite's version, and nothing of the runner or the peers.

import { test } from "node:test";
import assert from "node:assert/strict";
import { SUITE_VERSION } from "../_suite.ts";
import { pack, PACKED_FILES } from "../tools/pack.ts";

test("pack() makes acs-rpc-conformance-<suite version>.tgz with the suite's data only", async () => {
  const dir = await Deno.makeTempDir({ prefix: "acs-rpc-pack-test-" });
  try {
    const tarball = await pack(dir);
    assert.ok(tarball.endsWith(`/acs-rpc-conformance-${SUITE_VERSION}.tgz`), tarball);
    const { stdout, success } = await new Deno.Command("tar", { args: ["-tzf", tarball] }).output();
    assert.ok(success);
    const files = new TextDecoder().decode(stdout).trim().split("\n")
      .map((line) => line.replace(/^package\//, "")).sort();
    assert.deepEqual(
      files,
      [...PACKED_FILES, "LICENSE", "README.md", "package.json"].sort(),
    );
    const manifest = new Deno.Command("tar", { args: ["-xzOf", tarball, "package/package.json"] });
    const json = JSON.parse(new TextDecoder().decode((await manifest.output()).stdout));
    assert.equal(json.name, "acs-rpc-conformance");
    assert.equal(json.version, SUITE_VERSION);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
