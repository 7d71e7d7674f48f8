// deno task test:npm — proves the npm package works where npm users run it:
//
//   1. builds npm/ (scripts/build_npm.ts);
//   2. compiles the unit tests against the built npm/esm and npm/script and
//      runs them with `node --test` (test-only npm packages are installed with
//      --no-save, so they never become dependencies);
//   3. `npm pack`s the package, installs the tarball into a fresh project in
//      the system temp directory (no path back to this checkout; it must
//      bring no runtime dependency), and there signs the documented example from
//      an .mjs file (import), a .cjs file (require) and TypeScript files that
//      `tsc --noEmit` checks against the installed types before they run.

import { join, relative } from "node:path";
import { buildNpm } from "./_npm_build.ts";
import { capture, devToolVersion, NPM_DIR, PACKAGE_NAME, ROOT, run, step } from "./_npm_config.ts";
import { compileTests, EXCLUDED_TESTS } from "./_npm_tests.ts";

const EXPECTED_SIGNATURE = "OLeaidS1JvxuMvnyHOwuJ+uX5qY=";

/** The documented example request (README, mod.ts), as source text. */
const EXAMPLE_OPTIONS = `{
  action: "DescribeRegions",
  format: "XML",
  method: "GET",
  credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
  timestamp: new Date("2016-02-23T12:46:24Z"),
  nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
}`;

const pinnedVersion = devToolVersion;

async function runNodeTests(
  packageFiles: string[],
  dependencies: Record<string, string>,
): Promise<void> {
  step("Compiling the unit tests against npm/esm and npm/script");
  const { plans, npmPackages } = await compileTests(packageFiles, dependencies);
  for (const plan of plans) {
    for (const [format, reason] of Object.entries(plan.skipped)) {
      console.log(`  skip ${plan.source} (${format}): ${reason}`);
    }
  }
  const runs = plans.filter((plan) => plan.outputs.esm).length +
    plans.filter((plan) => plan.outputs.script).length;
  console.log(`  ${plans.length} test files → ${runs} compiled test modules`);
  for (const source of Object.keys(EXCLUDED_TESTS)) {
    console.log(`  (excluded by EXCLUDED_TESTS: ${source})`);
  }

  if (npmPackages.length > 0) {
    step("Installing the tests' npm packages into npm/node_modules (--no-save)");
    await run("npm", [
      "install",
      "--no-save",
      "--no-package-lock",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      ...npmPackages,
    ], { cwd: NPM_DIR });
  }

  for (const format of ["esm", "script"] as const) {
    const files = plans.flatMap((plan) => plan.outputs[format] ?? []);
    step(`Running ${files.length} test files under Node against npm/${format}`);
    const tap = join(NPM_DIR, "test", `${format}.tap`);
    await run("node", [
      "--test",
      "--test-reporter=dot",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${relative(NPM_DIR, tap)}`,
      ...files.map((file) => relative(NPM_DIR, file)),
    ], { cwd: NPM_DIR });
    const totals = Object.fromEntries(
      [...(await Deno.readTextFile(tap)).matchAll(/^# (tests|pass|fail|skipped|todo) (\d+)$/gm)]
        .map(([, key, value]) => [key!, Number(value)]),
    );
    console.log(
      `  ${totals.tests} tests: ${totals.pass} passed, ${totals.fail} failed, ` +
        `${totals.skipped} skipped, ${totals.todo} todo`,
    );
    console.log(`  ✔ node --test passed for npm/${format}`);
  }
}

interface PackResult {
  filename: string;
  files: { path: string }[];
  size: number;
  unpackedSize: number;
}

async function packAndInstall(): Promise<void> {
  step("Packing the package");
  const project = await Deno.makeTempDir({ prefix: "acs-rpc-npm-" });
  if (!relative(ROOT, project).startsWith("..")) {
    throw new Error(`The temp project ${project} must lie outside ${ROOT}`);
  }
  const [pack] = JSON.parse(
    await capture("npm", ["pack", "--json", "--pack-destination", project], {
      cwd: NPM_DIR,
    }),
  ) as PackResult[];
  const paths = pack!.files.map((file) => file.path).sort();
  console.log(
    `  ${pack!.filename}: ${paths.length} files, ${pack!.size} bytes packed, ${
      pack!.unpackedSize
    } unpacked`,
  );
  const unwanted = paths.filter((path) =>
    /(^|\/)(test|node_modules)\//.test(path) || /_(test|bench)\.[cm]?[jt]s$/.test(path) ||
    /\.ts$/.test(path) && !/\.d\.ts$/.test(path)
  );
  if (unwanted.length > 0) {
    throw new Error(`The tarball holds files it must not: ${unwanted.join(", ")}`);
  }
  const required = [
    "LICENSE",
    "README.md",
    "package.json",
    "esm/package.json",
    "script/package.json",
    "esm/mod.js",
    "esm/mod.d.ts",
    "script/mod.js",
    "script/mod.d.ts",
  ];
  const missing = required.filter((path) => !paths.includes(path));
  if (missing.length > 0) {
    throw new Error(`The tarball lacks ${missing.join(", ")}`);
  }
  console.log("  ✔ no tests, no sources, no node_modules; README, LICENSE and both builds present");

  step(`Installing the tarball into a fresh project: ${project}`);
  await Deno.writeTextFile(
    join(project, "package.json"),
    JSON.stringify({ name: "acs-rpc-install-check", private: true }, null, 2) + "\n",
  );
  const typescript = `typescript@${pinnedVersion("typescript")}`;
  await run("npm", [
    "install",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    `./${pack!.filename}`,
    typescript,
  ], { cwd: project });
  const installed = JSON.parse(
    await Deno.readTextFile(join(project, "node_modules", "acs-rpc", "package.json")),
  );
  if (Object.keys(installed.dependencies ?? {}).length > 0) {
    throw new Error(`acs-rpc has runtime dependencies: ${JSON.stringify(installed.dependencies)}`);
  }
  console.log("  acs-rpc installed with no runtime dependency");

  const assertion = (how: string) => `
if (signature !== ${JSON.stringify(EXPECTED_SIGNATURE)}) {
  throw new Error(\`${how}: expected ${EXPECTED_SIGNATURE}, got \${signature}\`);
}
console.log(\`  ✔ ${how}: \${signature}\`);
`;
  await Deno.writeTextFile(
    join(project, "esm.mjs"),
    `import { signRequest } from ${JSON.stringify(PACKAGE_NAME)};
const resolved = import.meta.resolve(${JSON.stringify(PACKAGE_NAME)});
if (!resolved.endsWith("/node_modules/${PACKAGE_NAME}/esm/mod.js")) {
  throw new Error("import resolved to " + resolved);
}
const { signature } = signRequest(${EXAMPLE_OPTIONS});
${assertion("import (esm/mod.js)")}`,
  );
  await Deno.writeTextFile(
    join(project, "cjs.cjs"),
    `const { signRequest } = require(${JSON.stringify(PACKAGE_NAME)});
const resolved = require.resolve(${JSON.stringify(PACKAGE_NAME)});
if (!resolved.endsWith("/node_modules/${PACKAGE_NAME}/script/mod.js")) {
  throw new Error("require resolved to " + resolved);
}
const { signature } = signRequest(${EXAMPLE_OPTIONS});
${assertion("require (script/mod.js)")}`,
  );
  // check.ts is CommonJS (the project has no "type"), so it is typed by the
  // "require" condition's script/mod.d.ts; check_esm.mts by esm/mod.d.ts.
  // wrongOptions() proves the types are real, not `any`.
  const typed = (how: string) =>
    `import { signRequest, type SignedRequest } from ${JSON.stringify(PACKAGE_NAME)};

const signed: SignedRequest = signRequest(${EXAMPLE_OPTIONS});
const signature: string = signed.signature;
// Checked, never called: the @ts-expect-error lines must each be an error.
export function wrongOptions(): void {
  // @ts-expect-error action must be a string
  signRequest({ action: 42, credentials: { accessKeyId: "a", accessKeySecret: "b" } });
  // @ts-expect-error format is "JSON" or "XML"
  signRequest({ action: "A", format: "YAML", credentials: { accessKeyId: "a", accessKeySecret: "b" } });
}
${assertion(how)}`;
  await Deno.writeTextFile(join(project, "check.ts"), typed("TypeScript, require types"));
  await Deno.writeTextFile(join(project, "check_esm.mts"), typed("TypeScript, import types"));
  // A strict Node user's settings; lib "dom" because the declarations name
  // web types (URLSearchParams) that @types/node would otherwise supply.
  await Deno.writeTextFile(
    join(project, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          lib: ["es2022", "dom"],
          types: [],
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          outDir: "out",
        },
        files: ["check.ts", "check_esm.mts"],
      },
      null,
      2,
    ) + "\n",
  );

  step("Signing the documented example from the installed package");
  await run("node", ["esm.mjs"], { cwd: project });
  await run("node", ["cjs.cjs"], { cwd: project });
  const tsc = join("node_modules", "typescript", "bin", "tsc");
  await run("node", [tsc, "--version"], { cwd: project });
  await run("node", [tsc, "-p", "tsconfig.json", "--noEmit"], { cwd: project });
  console.log("  ✔ tsc --noEmit: the installed types check (both conditions)");
  await run("node", [tsc, "-p", "tsconfig.json"], { cwd: project });
  await run("node", [join("out", "check.js")], { cwd: project });
  await run("node", [join("out", "check_esm.mjs")], { cwd: project });
  await Deno.remove(project, { recursive: true });
}

if (import.meta.main) {
  try {
    const { graph } = await buildNpm();
    await runNodeTests(graph.files, graph.dependencies);
    await packAndInstall();
    console.log(
      "\n✔ test:npm: build, Node unit tests (esm + script) and packed install all passed",
    );
  } catch (error) {
    console.error(`\n✘ test:npm: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
