import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { VERSION } from "./version.ts";

test("VERSION is deno.json's version", () => {
  const denoJson = JSON.parse(
    readFileSync(new URL("../../deno.json", import.meta.url), "utf8"),
  );
  assert.equal(VERSION, denoJson.version, "lib/_internal/version.ts must hold deno.json's version");
});
