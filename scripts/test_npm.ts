// deno task test:npm — proves the npm package works where npm users run it:
//
//   1. builds npm/ (scripts/build_npm.ts);
//   2. compiles the unit tests against the built npm/esm and npm/script and
//      runs them with `node --test` (test-only npm packages are installed with
//      --no-save, so they never become dependencies);
//   3. `npm pack`s the package, installs the tarball into a fresh project in
//      the system temp directory (no path back to this checkout; runtime
//      dependencies, if any, come from the registry), and there:
//      - signs the documented example from an .mjs file (import), a .cjs file
//        (require) and TypeScript files that `tsc --noEmit` checks against the
//        installed types before they run;
//      - imports and requires every subpath, and type-checks its exports;
//      - reads require("acs-rpc/package.json").version;
//      - follows a declaration map from the .d.ts to the shipped .ts source,
//        as an editor's go-to-definition does;
//      - runs the bin: `npx acs-rpc sign --demo DescribeRegions` prints the
//        documentation's signature, and `npx acs-rpc call` reaches a local
//        HTTP server with Node's fetch;
//      - `grep -r '@acs/rpc' node_modules/acs-rpc` finds nothing.

import ts from "typescript";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { buildNpm, FORMATS, SOURCE_DIR } from "./_npm_build.ts";
import {
  capture,
  denoJson,
  devToolVersion,
  type Entry,
  execute,
  NPM_DIR,
  PACKAGE_NAME,
  ROOT,
  run,
  step,
} from "./_npm_config.ts";
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

  for (const format of FORMATS) {
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

async function packAndInstall(
  entries: Entry[],
  pkg: { bin: Record<string, string>; dependencies: Record<string, string> },
): Promise<void> {
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
    /\.ts$/.test(path) && !/\.d\.ts$/.test(path) && !path.startsWith(`${SOURCE_DIR}/`)
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
    "esm/mod.d.ts.map",
    "script/mod.d.ts.map",
    `${SOURCE_DIR}/mod.ts`,
    ...Object.values(pkg.bin).map((path) => path.replace(/^\.\//, "")),
  ];
  const missing = required.filter((path) => !paths.includes(path));
  if (missing.length > 0) {
    throw new Error(`The tarball lacks ${missing.join(", ")}`);
  }
  console.log(
    "  ✔ no tests, no node_modules; README, LICENSE, both builds, declaration maps, " +
      "their sources and the bin present",
  );

  step(`Installing the tarball into a fresh project: ${project}`);
  await Deno.writeTextFile(
    join(project, "package.json"),
    JSON.stringify({ name: "acs-rpc-install-check", private: true }, null, 2) + "\n",
  );
  const typescript = `typescript@${devToolVersion("typescript")}`;
  await run("npm", [
    "install",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    `./${pack!.filename}`,
    typescript,
  ], { cwd: project });
  for (const [name, version] of Object.entries(pkg.dependencies)) {
    const installed = JSON.parse(
      await Deno.readTextFile(join(project, "node_modules", name, "package.json")),
    );
    expect(installed.version === version, `${name} ${installed.version} installed, not ${version}`);
    console.log(`  ${name} ${installed.version} installed from the registry`);
  }

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

  await checkSubpaths(project, entries);
  await checkPackageJson(project);
  await checkDeclarationMaps(project);
  await checkBin(project);
  await checkNoJsrName(project);
  await Deno.remove(project, { recursive: true });
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/**
 * Every subpath imports (esm/) and requires (script/) with the names its
 * source exports, and TypeScript finds each of them in both declarations.
 */
async function checkSubpaths(project: string, entries: Entry[]): Promise<void> {
  step("Importing, requiring and type-checking every subpath");
  const expected: Record<string, string[]> = {};
  for (const { subpath, source } of entries) {
    const module = await import(pathToFileURL(join(ROOT, source)).href);
    expected[`${PACKAGE_NAME}${subpath.slice(1)}`] = Object.keys(module).sort();
  }
  const script = (load: string) =>
    `const expected = ${JSON.stringify(expected)};
for (const [specifier, names] of Object.entries(expected)) {
  const module = ${load};
  const got = Object.keys(module).filter((name) => name !== "default" && name !== "__esModule").sort();
  if (JSON.stringify(got) !== JSON.stringify(names)) {
    throw new Error(\`\${specifier}: expected \${names.join(", ")}, got \${got.join(", ")}\`);
  }
  console.log(\`  ✔ \${specifier}: \${names.length} exports\`);
}
`;
  await Deno.writeTextFile(
    join(project, "subpaths.mjs"),
    script("await import(specifier)"),
  );
  await Deno.writeTextFile(join(project, "subpaths.cjs"), script("require(specifier)"));
  await run("node", ["subpaths.mjs"], { cwd: project });
  await run("node", ["subpaths.cjs"], { cwd: project });

  const typed = Object.entries(expected).map(([specifier, names], index) =>
    `import { ${names.map((name) => `${name} as n${index}_${name}`).join(", ")} } from ${
      JSON.stringify(specifier)
    };\nexport const used${index} = [${names.map((name) => `n${index}_${name}`).join(", ")}];`
  ).join("\n");
  await Deno.writeTextFile(join(project, "subpaths.ts"), typed + "\n");
  await Deno.writeTextFile(join(project, "subpaths_esm.mts"), typed + "\n");
  const config = JSON.parse(await Deno.readTextFile(join(project, "tsconfig.json")));
  config.files = ["subpaths.ts", "subpaths_esm.mts"];
  await Deno.writeTextFile(join(project, "tsconfig.subpaths.json"), JSON.stringify(config));
  await run("node", [
    join("node_modules", "typescript", "bin", "tsc"),
    "-p",
    "tsconfig.subpaths.json",
    "--noEmit",
  ], { cwd: project });
  console.log("  ✔ tsc: every export of every subpath is declared for import and require");
}

async function checkPackageJson(project: string): Promise<void> {
  step(`Reading ${PACKAGE_NAME}/package.json through exports`);
  const { code, stdout, stderr } = await execute("node", [
    "-e",
    `console.log(require("${PACKAGE_NAME}/package.json").version)`,
  ], { cwd: project });
  expect(code === 0, `require("${PACKAGE_NAME}/package.json") failed: ${stderr}`);
  expect(
    stdout.trim() === denoJson.version,
    `require("${PACKAGE_NAME}/package.json").version is ${stdout.trim()}, not ${denoJson.version}`,
  );
  console.log(`  ✔ require("${PACKAGE_NAME}/package.json").version: ${stdout.trim()}`);
}

/**
 * Asks TypeScript's language service, as an editor would, where signRequest
 * is defined: with the declaration maps it lands in the shipped .ts source,
 * not in the .d.ts.
 */
async function checkDeclarationMaps(project: string): Promise<void> {
  step("Following the declaration maps to the sources (go to definition)");
  const file = join(project, "definition.mts");
  const text = `import { signRequest } from "${PACKAGE_NAME}";\nsignRequest;\n`;
  await Deno.writeTextFile(file, text);
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
  };
  const files = new Map<string, string>();
  const read = (name: string) => {
    if (!files.has(name)) {
      try {
        files.set(name, Deno.readTextFileSync(name));
      } catch {
        return undefined;
      }
    }
    return files.get(name);
  };
  const service = ts.createLanguageService({
    getCompilationSettings: () => options,
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const content = read(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => project,
    getDefaultLibFileName: (settings) => ts.getDefaultLibFilePath(settings),
    fileExists: (name) => read(name) !== undefined,
    readFile: read,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
  const [definition] = service.getDefinitionAtPosition(file, text.lastIndexOf("signRequest")) ??
    [];
  expect(definition !== undefined, "TypeScript found no definition of signRequest");
  const declaration = definition!.fileName;
  const declarationText = read(declaration)!;
  // Where the editor lands: the .d.ts position, through its declaration map.
  const mapUrl = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(declarationText)?.[1];
  expect(mapUrl !== undefined, `${relative(project, declaration)} names no declaration map`);
  const mapFile = resolve(dirname(declaration), mapUrl!);
  const map = JSON.parse(read(mapFile)!) as { sources: string[]; mappings: string };
  const at = ts.getLineAndCharacterOfPosition(
    ts.createSourceFile(declaration, declarationText, ts.ScriptTarget.ES2022),
    definition!.textSpan.start,
  );
  const mapped = originalPosition(map.mappings, at.line, at.character);
  expect(
    mapped !== undefined,
    `${relative(project, mapFile)} maps nothing at ${at.line + 1}:${at.character + 1}`,
  );
  const source = resolve(dirname(mapFile), map.sources[mapped!.source]!);
  const sourceLine = (read(source) ?? "").split("\n")[mapped!.line] ?? "";
  const expected = join(
    "node_modules",
    PACKAGE_NAME,
    SOURCE_DIR,
    "lib",
    "endpoints",
    "sign_request.ts",
  );
  expect(
    relative(project, source) === expected && sourceLine.includes("export function signRequest("),
    `go to definition of signRequest landed in ${relative(project, source)}:${mapped!.line + 1}: ` +
      JSON.stringify(sourceLine),
  );
  console.log(
    `  ✔ go to definition of signRequest: ${relative(project, declaration)} → ${expected}:${
      mapped!.line + 1
    }`,
  );

  // And no map of the package points at a file it does not ship.
  const root = join(project, "node_modules", PACKAGE_NAME);
  let maps = 0;
  for (const format of FORMATS) {
    for (const mapFile of await walk(join(root, format), ".d.ts.map")) {
      const { sources } = JSON.parse(await Deno.readTextFile(mapFile)) as { sources: string[] };
      for (const source of sources) {
        const target = resolve(dirname(mapFile), source);
        expect(
          read(target) !== undefined && !relative(root, target).startsWith(".."),
          `${relative(project, mapFile)} points at ${source}, which the package does not ship`,
        );
      }
      maps++;
    }
  }
  console.log(`  ✔ ${maps} declaration maps, each pointing at a shipped source`);
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Reads a source map's `mappings` (Base64 VLQ, source map version 3) and
 * returns the source position of the last segment at or before the given
 * generated line and column: what an editor does with a declaration map.
 */
function originalPosition(
  mappings: string,
  line: number,
  column: number,
): { source: number; line: number; column: number } | undefined {
  // Source index, line and column are each relative to the previous segment's,
  // across lines; the generated column restarts on each line.
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  let found: { source: number; line: number; column: number } | undefined;
  const lines = mappings.split(";");
  for (let index = 0; index <= line && index < lines.length; index++) {
    let generated = 0;
    for (const segment of lines[index]!.split(",")) {
      if (segment === "") continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      generated += values[0]!;
      if (values.length >= 4) {
        source += values[1]!;
        sourceLine += values[2]!;
        sourceColumn += values[3]!;
        if (index === line && generated <= column) {
          found = { source, line: sourceLine, column: sourceColumn };
        }
      }
    }
  }
  return found;
}

async function walk(dir: string, suffix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const item of Deno.readDir(dir)) {
    const path = join(dir, item.name);
    if (item.isDirectory) found.push(...await walk(path, suffix));
    else if (item.name.endsWith(suffix)) found.push(path);
  }
  return found;
}

/** The command, as npm installed it: npx finds it in node_modules/.bin. */
async function checkBin(project: string): Promise<void> {
  step(`Running the ${PACKAGE_NAME} command with npx`);
  const npx = (...args: string[]) =>
    execute("npx", ["--no", "--", PACKAGE_NAME, ...args], { cwd: project });

  const signed = await npx("sign", "--demo", "DescribeRegions");
  expect(signed.code === 0, `npx ${PACKAGE_NAME} sign failed (${signed.code}): ${signed.stderr}`);
  const signature = new URL(signed.stdout.trim()).searchParams.get("Signature");
  expect(
    signature === EXPECTED_SIGNATURE,
    `npx ${PACKAGE_NAME} sign --demo printed ${signed.stdout.trim()}, whose Signature is ${signature}`,
  );
  console.log(`  ✔ npx ${PACKAGE_NAME} sign --demo DescribeRegions: Signature=${signature}`);

  const explained = await npx("sign", "--demo", "--explain", "DescribeRegions");
  expect(
    explained.code === 0 && explained.stdout.split("\n").includes(`  ${EXPECTED_SIGNATURE}`),
    `npx ${PACKAGE_NAME} sign --demo --explain printed no signature line:\n${explained.stdout}`,
  );
  console.log(`  ✔ npx ${PACKAGE_NAME} sign --demo --explain: ${EXPECTED_SIGNATURE}`);

  const version = await npx("--version");
  expect(
    version.code === 0 && version.stdout.trim() === `${PACKAGE_NAME} ${denoJson.version}`,
    `npx ${PACKAGE_NAME} --version printed ${JSON.stringify(version.stdout)} (${version.code})`,
  );
  console.log(`  ✔ npx ${PACKAGE_NAME} --version: ${version.stdout.trim()}`);

  const usage = await npx("sign");
  expect(
    usage.code === 2 && usage.stdout === "" && usage.stderr.trim().split("\n").length === 2,
    `npx ${PACKAGE_NAME} sign (no Action) exited ${usage.code} with ${
      JSON.stringify(usage.stderr)
    }`,
  );
  console.log(
    `  ✔ npx ${PACKAGE_NAME} sign (no Action): exit 2, ${
      JSON.stringify(usage.stderr.split("\n")[0])
    }`,
  );

  // call, through Node's own fetch, to a server on 127.0.0.1 standing in for the API.
  const seen: URL[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => {
      seen.push(new URL(request.url));
      return Response.json({ RequestId: "R-npx", Regions: { Region: [] } });
    },
  );
  try {
    const called = await npx(
      "call",
      "--demo",
      "DescribeRegions",
      "--endpoint",
      `http://127.0.0.1:${server.addr.port}`,
    );
    expect(called.code === 0, `npx ${PACKAGE_NAME} call failed (${called.code}): ${called.stderr}`);
    expect(
      JSON.parse(called.stdout).RequestId === "R-npx" && seen.length === 1 &&
        seen[0]!.searchParams.get("AccessKeyId") === "testid" &&
        seen[0]!.searchParams.get("Signature") !== null,
      `npx ${PACKAGE_NAME} call printed ${called.stdout}; the server saw ${seen.join(", ")}`,
    );
    console.log(
      `  ✔ npx ${PACKAGE_NAME} call --demo DescribeRegions --endpoint http://127.0.0.1:…: RequestId R-npx`,
    );
  } finally {
    await server.shutdown();
  }
}

/** npm users import acs-rpc: no file of the package may show them the JSR name. */
async function checkNoJsrName(project: string): Promise<void> {
  step("Looking for the JSR name in the installed package");
  const installed = join("node_modules", PACKAGE_NAME);
  const grep = await execute("grep", ["-r", "@acs/rpc", installed], { cwd: project });
  expect(
    grep.code === 1,
    grep.code === 0
      ? `grep -r '@acs/rpc' ${installed} found:\n${grep.stdout}`
      : `grep failed (${grep.code}): ${grep.stderr}`,
  );
  console.log(`  ✔ grep -r '@acs/rpc' ${installed}: nothing`);
}

if (import.meta.main) {
  try {
    const { entries, graph, packageJson } = await buildNpm();
    await runNodeTests(graph.files, graph.dependencies);
    await packAndInstall(
      entries,
      packageJson as {
        bin: Record<string, string>;
        dependencies: Record<string, string>;
      },
    );
    console.log(
      "\n✔ test:npm: build, Node unit tests (esm + script) and packed install all passed",
    );
  } catch (error) {
    console.error(`\n✘ test:npm: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
