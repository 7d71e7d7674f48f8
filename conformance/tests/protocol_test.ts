// PROTOCOL.md is self-contained: the example adapters it quotes are the
// tested files in conformance/examples/, byte for byte, and it documents the
// suite version the runner sends.

import { test } from "node:test";
import assert from "node:assert/strict";
import { SUITE_VERSION } from "../_suite.ts";

const protocol = await Deno.readTextFile(new URL("../PROTOCOL.md", import.meta.url));

for (const name of ["adapter.py", "adapter.mjs"]) {
  test(`PROTOCOL.md quotes examples/${name} whole`, async () => {
    const file = await Deno.readTextFile(new URL(`../examples/${name}`, import.meta.url));
    const marker = `<!-- examples/${name} -->`;
    const at = protocol.indexOf(marker);
    assert.notEqual(at, -1, `PROTOCOL.md has no ${marker}`);
    const block = /```[a-z]*\n([\s\S]*?)```/.exec(protocol.slice(at))!;
    assert.equal(block[1], file, `the copy in PROTOCOL.md differs from examples/${name}`);
  });
}

test("PROTOCOL.md and CHANGELOG.md name the current suite version", async () => {
  assert.ok(protocol.includes(`"suite": "${SUITE_VERSION}"`), "the hello example");
  assert.ok(protocol.includes(`Suite version ${SUITE_VERSION}`), "the introduction");
  const changelog = await Deno.readTextFile(new URL("../CHANGELOG.md", import.meta.url));
  assert.match(changelog, new RegExp(`^## ${SUITE_VERSION.replaceAll(".", "\\.")}\\b`, "m"));
});
