// The root deno.json `imports` holds only what the library imports at run
// time, and deno.lock agrees: a fresh checkout running `deno run cli.ts` must
// not fetch a development tool. Tools belong to the workspace member that
// uses them (scripts/, conformance/adapters/, conformance/tests/).
//
// Deno installs the lockfile's whole npm snapshot as soon as the root needs
// any npm package, so `deno run cli.ts --help` in an empty DENO_DIR fetches
// nothing only when RUNTIME_PACKAGES is empty; cli_test.ts checks that end
// to end once it is.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import ts from "typescript";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseNpmTarget } from "./_npm_config.ts";

/**
 * The npm packages the library may import at run time, with the reason.
 * Every one must be imported by the library (a stale entry fails). It is
 * empty: the library has no runtime dependency (its SHA-1, SHA-256 and HMAC
 * are its own, in lib/_internal/).
 */
const RUNTIME_PACKAGES: Readonly<Record<string, string>> = {};

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const denoJson: { imports?: Record<string, string>; workspace?: string[] } = JSON.parse(
  read("deno.json"),
);
const imports = denoJson.imports ?? {};

/** The library's own files: what mod.ts, cli.ts and lib/ hold, tests and benchmarks aside. */
function libraryFiles(): string[] {
  const files = ["mod.ts", "cli.ts"];
  const walk = (dir: string) => {
    for (const item of Deno.readDirSync(join(ROOT, dir))) {
      const path = `${dir}/${item.name}`;
      if (item.isDirectory) walk(path);
      else if (/\.ts$/.test(item.name) && !/_(test|bench)\.ts$/.test(item.name)) files.push(path);
    }
  };
  walk("lib");
  return files.sort();
}

/** Every specifier each library file imports (comments, and so doc examples, aside). */
function librarySpecifiers(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of libraryFiles()) {
    const { importedFiles } = ts.preProcessFile(read(file), true, true);
    found.set(file, importedFiles.map(({ fileName }) => fileName));
  }
  return found;
}

/** The import map key a bare specifier resolves through, as Deno matches them. */
function mapKey(specifier: string): string | undefined {
  if (Object.hasOwn(imports, specifier)) return specifier;
  return Object.keys(imports)
    .filter((key) => key.endsWith("/") && specifier.startsWith(key))
    .sort((a, b) => b.length - a.length)[0];
}

test("root deno.json imports map only the library's runtime packages", () => {
  const offenders = Object.entries(imports).filter(([, target]) => {
    const npm = parseNpmTarget(target);
    return npm === undefined || !Object.hasOwn(RUNTIME_PACKAGES, npm.name);
  });
  assert.deepEqual(
    offenders,
    [],
    `the root deno.json maps ${JSON.stringify(Object.fromEntries(offenders))}, ` +
      `but only these runtime packages are allowed there: ${
        JSON.stringify(Object.keys(RUNTIME_PACKAGES))
      }; move a development tool to the deno.json of the workspace member that uses it`,
  );
});

test("every root import is imported by the library, and every allowed runtime package is used", () => {
  const used = new Set<string>();
  const bypassing: string[] = [];
  for (const [file, specifiers] of librarySpecifiers()) {
    for (const specifier of specifiers) {
      if (/^\.\.?\//.test(specifier) || specifier.startsWith("node:")) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
        bypassing.push(`${file}: ${specifier}`);
        continue;
      }
      const key = mapKey(specifier);
      assert.ok(key !== undefined, `${file} imports "${specifier}", which deno.json does not map`);
      used.add(key);
    }
  }
  assert.deepEqual(
    bypassing,
    [],
    "the library imports packages by URL, past the import map (map them in deno.json instead)",
  );
  const unused = Object.keys(imports).filter((key) => !used.has(key));
  assert.deepEqual(
    unused,
    [],
    `the root deno.json maps ${
      JSON.stringify(unused)
    }, which no file of mod.ts, cli.ts or lib/ imports`,
  );
  const usedPackages = new Set([...used].map((key) => parseNpmTarget(imports[key]!)?.name));
  const stale = Object.keys(RUNTIME_PACKAGES).filter((name) => !usedPackages.has(name));
  assert.deepEqual(
    stale,
    [],
    `RUNTIME_PACKAGES in ${relative(ROOT, fileURLToPath(import.meta.url))} allows ${
      JSON.stringify(stale)
    }, which the library no longer imports: remove it`,
  );
});

test("deno.lock's root dependencies are exactly the root's npm imports", () => {
  const lock: { workspace?: { dependencies?: string[]; members?: Record<string, unknown> } } = JSON
    .parse(read("deno.lock"));
  const expected = [
    ...new Set(
      Object.values(imports).map((target) => {
        const npm = parseNpmTarget(target);
        return npm === undefined ? target : `npm:${npm.name}@${npm.version}`;
      }),
    ),
  ].sort();
  const locked = [...(lock.workspace?.dependencies ?? [])].sort();
  assert.deepEqual(
    locked,
    expected,
    "deno.lock's workspace.dependencies differ from the root deno.json imports; " +
      "run deno install --frozen=false and commit deno.lock",
  );
  for (const dependency of locked) {
    const name = parseNpmTarget(dependency)?.name;
    assert.ok(
      name !== undefined && Object.hasOwn(RUNTIME_PACKAGES, name),
      `deno.lock lists ${dependency} among the root's dependencies, not a runtime package`,
    );
  }
  // Each member keeps its own tools: the lock records them under the member.
  for (const member of denoJson.workspace ?? []) {
    const name = member.replace(/^\.\//, "");
    const tools = JSON.parse(read(`${name}/deno.json`)).imports ?? {};
    if (Object.keys(tools).length === 0) continue;
    assert.ok(
      lock.workspace?.members?.[name] !== undefined,
      `deno.lock has no entry for workspace member ${name}, whose deno.json maps packages`,
    );
  }
});
