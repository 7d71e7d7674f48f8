// Builds the npm package in npm/ the way dnt lays it out, with TypeScript's own
// compiler: npm/esm (ES modules) and npm/script (CommonJS), `.js` and `.d.ts`
// side by side, plus package.json, README.md and LICENSE. dnt itself is on JSR
// only, which this project cannot reach.

import ts from "typescript";
import { dirname, join, relative, resolve, sep } from "node:path";
import {
  BINS,
  denoExports,
  denoJson,
  type Entry,
  EXCLUDED_EXPORTS,
  KEYWORDS,
  NPM_DIR,
  NPM_README,
  NPM_SOURCES,
  npmPackageFor,
  PACKAGE_NAME,
  packageEntries,
  REPOSITORY,
  ROOT,
  run,
  step,
} from "./_npm_config.ts";

/** The two module formats, named after dnt's output directories. */
export type Format = "esm" | "script";
/** Both formats, ESM first. */
export const FORMATS: readonly Format[] = ["esm", "script"];

/**
 * What the library code may assume of its host: ES2022 syntax and built-ins
 * (class fields, private methods, `Array.prototype.at`, error `cause`), and
 * the web APIs in lib.dom (`TextEncoder`, `btoa`, `URLSearchParams`,
 * `crypto.randomUUID`). No Deno types, so a Deno API in the package fails the
 * build.
 */
export const TARGET: ts.ScriptTarget = ts.ScriptTarget.ES2022;
const LIBS = ["lib.es2022.d.ts", "lib.dom.d.ts"];

/**
 * Node 20 is the oldest release line with everything the code uses: the
 * global `crypto` (behind `--experimental-global-webcrypto` in Node 18, on by
 * default from 19, which is end-of-life) is what `signRequest` draws its
 * default nonce from.
 */
export const NODE_ENGINES = ">=20";

const TEST_FILE = /_(test|bench)\.[cm]?tsx?$/;

/**
 * Where the package keeps a copy of its TypeScript sources: the declaration
 * maps point there, so that go-to-definition in an editor lands in the code.
 */
export const SOURCE_DIR = "src";

/** The first line every `bin` source starts with. */
const SHEBANG = "#!/usr/bin/env node\n";

/** The package's source files and runtime npm dependencies. */
export interface SourceGraph {
  /** Absolute paths of every file reachable from the entries. */
  files: string[];
  /** npm dependencies by name, with the version pinned in deno.json. */
  dependencies: Record<string, string>;
}

/**
 * Follows the imports of the entry points and of `extra` sources (the bins),
 * without type-checking, to find the files the package is made of and the
 * bare specifiers it needs from npm.
 */
export async function sourceGraph(
  entries: Entry[],
  extra: readonly string[] = [],
): Promise<SourceGraph> {
  const seen = new Set<string>();
  const dependencies: Record<string, string> = {};
  const queue = [...entries.map((entry) => entry.source), ...extra].map((source) =>
    join(ROOT, source)
  );
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (TEST_FILE.test(file)) {
      throw new Error(
        `Cannot build: test file "${relative(ROOT, file)}" is reachable from the entry points`,
      );
    }
    const text = await Deno.readTextFile(file);
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith("./") || specifier.startsWith("../")) {
        queue.push(resolve(dirname(file), specifier));
      } else if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
        // node:, jsr:, npm:, https: — none runs in all of Node, browsers and
        // bundlers as written, and the style guide keeps them out of lib/.
        throw new Error(
          `Cannot build: "${relative(ROOT, file)}" imports "${specifier}"; ` +
            `the package imports only relative files and bare npm specifiers mapped in deno.json`,
        );
      } else {
        const npm = npmPackageFor(specifier);
        const pinned = dependencies[npm.name];
        if (pinned !== undefined && pinned !== npm.version) {
          throw new Error(
            `Cannot build: deno.json pins "${npm.name}" at both ${pinned} and ${npm.version}`,
          );
        }
        dependencies[npm.name] = npm.version;
      }
    }
  }
  return { files: [...seen].sort(), dependencies };
}

/** The first paragraph of mod.ts's module doc, as the package description. */
async function description(entry: Entry): Promise<string | undefined> {
  const text = await Deno.readTextFile(join(ROOT, entry.source));
  const doc = /^\/\*\*([\s\S]*?)\*\//.exec(text.trimStart())?.[1];
  if (doc === undefined) return undefined;
  const lines = doc.split("\n").map((line) => line.replace(/^\s*\* ?/, ""));
  const paragraph: string[] = [];
  for (const line of lines) {
    if (line.trim() === "") {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line.trim());
  }
  return paragraph.length > 0 ? paragraph.join(" ") : undefined;
}

/** `mod.ts` → `./esm/mod.js` (or `.d.ts`). */
export function outputPath(
  format: Format,
  source: string,
  extension: ".js" | ".d.ts",
): string {
  return `./${format}/${source.replace(/\.[cm]?tsx?$/, "")}${extension}`;
}

function packageJson(
  entries: Entry[],
  dependencies: Record<string, string>,
  summary: string | undefined,
): Record<string, unknown> {
  const main = entries.find((entry) => entry.subpath === ".");
  if (main === undefined) {
    throw new Error(`Cannot build: deno.json has no "." export`);
  }
  const exports: Record<string, unknown> = {};
  for (const { subpath, source } of entries) {
    // Types nested under each condition, so a CommonJS caller is typed by the
    // CommonJS declarations (a single top-level "types" would describe the
    // ES module to both, which TypeScript's node16 mode rejects for require).
    exports[subpath] = {
      import: {
        types: outputPath("esm", source, ".d.ts"),
        default: outputPath("esm", source, ".js"),
      },
      require: {
        types: outputPath("script", source, ".d.ts"),
        default: outputPath("script", source, ".js"),
      },
    };
  }
  // package.json itself, so that require("acs-rpc/package.json").version
  // works (tools read it to report the version).
  exports["./package.json"] = "./package.json";
  const bin = Object.fromEntries(
    Object.entries(BINS).map(([name, source]) => [name, outputPath("esm", source, ".js")]),
  );
  return {
    name: PACKAGE_NAME,
    version: denoJson.version,
    ...(summary === undefined ? {} : { description: summary }),
    keywords: KEYWORDS,
    homepage: `${REPOSITORY}#readme`,
    bugs: { url: `${REPOSITORY}/issues` },
    repository: { type: "git", url: `git+${REPOSITORY}.git` },
    ...(denoJson.license === undefined ? {} : { license: denoJson.license }),
    main: outputPath("script", main.source, ".js"),
    module: outputPath("esm", main.source, ".js"),
    types: outputPath("esm", main.source, ".d.ts"),
    exports,
    bin,
    // The two builds and the sources their declaration maps point to (npm
    // adds package.json, README and LICENSE): test builds and node_modules
    // that the test scripts leave in npm/ stay out.
    files: ["esm/", "script/", `${SOURCE_DIR}/`],
    // True of every module an import can reach; the bin, which runs on load,
    // is reached only as a command.
    sideEffects: false,
    engines: { node: NODE_ENGINES },
    dependencies,
  };
}

/** Compiler options shared by both builds: deno.json's, plus the target. */
export function baseCompilerOptions(): ts.CompilerOptions {
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    denoJson.compilerOptions ?? {},
    ROOT,
  );
  if (errors.length > 0) {
    reportDiagnostics(errors);
    throw new Error("Cannot build: deno.json compilerOptions are not TypeScript's");
  }
  return {
    ...options,
    target: TARGET,
    lib: LIBS,
    types: [],
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    newLine: ts.NewLineKind.LineFeed,
    skipLibCheck: false,
    esModuleInterop: true,
    forceConsistentCasingInFileNames: true,
  };
}

/** Prints diagnostics the way tsc does. */
export function reportDiagnostics(diagnostics: readonly ts.Diagnostic[]): void {
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  };
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
}

/**
 * Type-checks and emits one format. Relative `.ts` specifiers become `.js` in
 * both `.js` and `.d.ts` (rewriteRelativeImportExtensions); bare specifiers are
 * resolved from npm/node_modules, where Node will find them too.
 */
function compile(format: Format, files: string[]): string[] {
  const outDir = join(NPM_DIR, format);
  const options: ts.CompilerOptions = {
    ...baseCompilerOptions(),
    module: format === "esm" ? ts.ModuleKind.ES2022 : ts.ModuleKind.CommonJS,
    rootDir: ROOT,
    outDir,
    declaration: true,
    declarationMap: true,
    rewriteRelativeImportExtensions: true,
    noEmitOnError: true,
  };
  const host = ts.createCompilerHost(options, true);
  const bareFrom = join(outDir, "__bare__.ts");
  host.resolveModuleNameLiterals = (literals, containingFile, redirected) =>
    literals.map((literal) => {
      const relativeSpecifier = /^\.\.?\//.test(literal.text);
      return ts.resolveModuleName(
        literal.text,
        relativeSpecifier ? containingFile : bareFrom,
        options,
        host,
        undefined,
        redirected,
      );
    });
  const written: string[] = [];
  const program = ts.createProgram({ rootNames: files, options, host });
  const diagnostics = [...ts.getPreEmitDiagnostics(program)];
  if (diagnostics.length === 0) {
    const result = program.emit(
      undefined,
      (name, text, bom) => {
        written.push(resolve(name));
        host.writeFile(
          name,
          name.endsWith(".map") ? pointMapAtSources(name, text) : forNpm(name, text),
          bom,
        );
      },
      undefined,
      false,
      { afterDeclarations: [rewriteDeclarationSpecifiers] },
    );
    diagnostics.push(...result.diagnostics);
  }
  if (diagnostics.length > 0) {
    reportDiagnostics(diagnostics);
    throw new Error(
      `Cannot build npm/${format}: ${diagnostics.length} TypeScript error(s) above`,
    );
  }
  return written.sort();
}

/**
 * The text of an emitted or copied file as npm users read it: the JSDoc
 * examples import `@acs/rpc` (JSR's name), which becomes `acs-rpc`, and
 * `@acs/rpc/client` becomes `acs-rpc/client`. A `jsr:@acs/rpc` command line
 * cannot be rewritten so and fails the build.
 */
export function forNpm(file: string, text: string): string {
  const jsr = text.indexOf("jsr:@acs/rpc");
  if (jsr !== -1) {
    throw new Error(
      `Cannot build: ${relative(ROOT, file)} mentions "jsr:@acs/rpc" (line ${
        text.slice(0, jsr).split("\n").length
      }), which means nothing to npm users; say it in cli.ts or the README instead`,
    );
  }
  return text.replaceAll("@acs/rpc", PACKAGE_NAME);
}

/**
 * A declaration map's `sources` point at the repository's files; this points
 * them at the package's copy in src/ instead, which ships with it.
 */
function pointMapAtSources(mapFile: string, text: string): string {
  const map = JSON.parse(text) as { sources: string[]; sourceRoot?: string };
  map.sources = map.sources.map((source) => {
    const original = resolve(dirname(mapFile), map.sourceRoot ?? "", source);
    const copy = join(NPM_DIR, SOURCE_DIR, relative(ROOT, original));
    return relative(dirname(mapFile), copy).replaceAll(sep, "/");
  });
  delete map.sourceRoot;
  return JSON.stringify(map);
}

/** `./x.ts` → `./x.js`; other specifiers unchanged. */
function jsSpecifier(specifier: string): string {
  return /^\.\.?\//.test(specifier) ? specifier.replace(/\.([cm]?)tsx?$/, ".$1js") : specifier;
}

/**
 * rewriteRelativeImportExtensions rewrites `.js` output only; declarations keep
 * `./x.ts`, which older TypeScript (and some tools) cannot follow to `x.d.ts`.
 * This rewrites them too: import/export declarations and `import("./x.ts")` types.
 */
const rewriteDeclarationSpecifiers: ts.TransformerFactory<
  ts.SourceFile | ts.Bundle
> = (context) => {
  const { factory } = context;
  const literal = (node: ts.Expression | undefined) =>
    node !== undefined && ts.isStringLiteral(node) &&
      jsSpecifier(node.text) !== node.text
      ? factory.createStringLiteral(jsSpecifier(node.text))
      : undefined;
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isImportDeclaration(node)) {
      const text = literal(node.moduleSpecifier);
      if (text !== undefined) {
        return factory.updateImportDeclaration(
          node,
          node.modifiers,
          node.importClause,
          text,
          node.attributes,
        );
      }
    } else if (ts.isExportDeclaration(node)) {
      const text = literal(node.moduleSpecifier);
      if (text !== undefined) {
        return factory.updateExportDeclaration(
          node,
          node.modifiers,
          node.isTypeOnly,
          node.exportClause,
          text,
          node.attributes,
        );
      }
    } else if (
      ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
    ) {
      const text = literal(node.argument.literal as ts.Expression);
      if (text !== undefined) {
        return factory.updateImportTypeNode(
          node,
          factory.updateLiteralTypeNode(node.argument, text),
          node.attributes,
          node.qualifier,
          node.typeArguments,
          node.isTypeOf,
        );
      }
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (node) => ts.visitNode(node, visit) as ts.SourceFile | ts.Bundle;
};

/** Checks that exactly the expected files were emitted and all specifiers are `.js`. */
async function verifyOutput(
  format: Format,
  files: string[],
  written: string[],
): Promise<void> {
  const expected = files.flatMap((file) => {
    const source = relative(ROOT, file);
    return [
      join(NPM_DIR, outputPath(format, source, ".js")),
      join(NPM_DIR, outputPath(format, source, ".d.ts")),
      join(NPM_DIR, outputPath(format, source, ".d.ts")) + ".map",
    ];
  }).sort();
  const missing = expected.filter((file) => !written.includes(file));
  const extra = written.filter((file) => !expected.includes(file));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `Cannot build npm/${format}: missing ${JSON.stringify(missing)}, unexpected ${
        JSON.stringify(extra)
      }`,
    );
  }
  for (const file of written) {
    if (file.endsWith(".map")) continue;
    const { importedFiles } = ts.preProcessFile(
      await Deno.readTextFile(file),
      true,
      true,
    );
    for (const { fileName: specifier } of importedFiles) {
      if (!/^\.\.?\//.test(specifier)) continue;
      const target = resolve(dirname(file), specifier);
      if (!specifier.endsWith(".js") || !written.includes(target)) {
        throw new Error(
          `Cannot build: "${relative(ROOT, file)}" imports "${specifier}", not an emitted .js file`,
        );
      }
    }
  }
}

/** Empties npm/ except node_modules, which is only a cache. */
async function clean(): Promise<void> {
  await Deno.mkdir(NPM_DIR, { recursive: true });
  for await (const item of Deno.readDir(NPM_DIR)) {
    if (item.name === "node_modules") continue;
    await Deno.remove(join(NPM_DIR, item.name), { recursive: true });
  }
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await Deno.writeTextFile(path, JSON.stringify(value, null, 2) + "\n");
}

/**
 * The CLI and the client's User-Agent take the version from
 * lib/_internal/version.ts (no file access at run time); it must be
 * deno.json's, which package.json takes.
 */
async function checkVersionModule(): Promise<void> {
  const file = join(ROOT, "lib", "_internal", "version.ts");
  const text = await Deno.readTextFile(file);
  const version = /export const VERSION = "([^"]*)";/.exec(text)?.[1];
  if (version !== denoJson.version) {
    throw new Error(
      `Cannot build: ${relative(ROOT, file)} says version ${JSON.stringify(version ?? null)}, ` +
        `deno.json ${JSON.stringify(denoJson.version)}; write deno.json's there`,
    );
  }
}

/**
 * The names a module exports, types included, read by TypeScript without
 * type-checking (cli.ts names Deno, whose types the build does not load).
 */
function exportNames(sources: readonly string[]): string[][] {
  const options: ts.CompilerOptions = {
    ...baseCompilerOptions(),
    module: ts.ModuleKind.ESNext,
    allowImportingTsExtensions: true,
    noEmit: true,
  };
  const files = sources.map((source) => join(ROOT, source));
  const program = ts.createProgram({ rootNames: files, options });
  const checker = program.getTypeChecker();
  return files.map((file) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!);
    return module === undefined
      ? []
      : checker.getExportsOfModule(module).map((symbol) => symbol.name).sort();
  });
}

/** Each NPM_SOURCES module exports what the deno.json export it stands for does. */
function checkSameExports(): void {
  for (const [subpath, { source }] of Object.entries(NPM_SOURCES)) {
    const denoSource = denoExports[subpath];
    if (denoSource === undefined) {
      throw new Error(
        `Cannot build: NPM_SOURCES names ${subpath}, which deno.json does not export`,
      );
    }
    const [deno = [], npm = []] = exportNames([relative(ROOT, resolve(ROOT, denoSource)), source]);
    if (JSON.stringify(deno) !== JSON.stringify(npm)) {
      throw new Error(
        `Cannot build: ${subpath} exports ${JSON.stringify(deno)} from ${denoSource} ` +
          `but ${JSON.stringify(npm)} from ${source} on npm`,
      );
    }
    console.log(`  ${subpath}: ${source} exports what ${denoSource} does (${npm.join(", ")})`);
  }
}

/** Each bin's emitted file starts with the shebang, so npm can run it as a command. */
async function checkBins(): Promise<void> {
  for (const [name, source] of Object.entries(BINS)) {
    const file = join(NPM_DIR, outputPath("esm", source, ".js"));
    if (!(await Deno.readTextFile(file)).startsWith(SHEBANG)) {
      throw new Error(
        `Cannot build: bin ${name} (${relative(ROOT, file)}) does not start with ${
          JSON.stringify(SHEBANG)
        }; start ${source} with it`,
      );
    }
  }
}

/**
 * The npm README, checked: written for npm users, so it names every subpath
 * of package.json `exports` (`acs-rpc/signature`, …) and never the JSR name.
 */
async function npmReadme(pkg: Record<string, unknown>): Promise<string> {
  const text = await Deno.readTextFile(join(ROOT, NPM_README));
  if (text.includes("@acs/rpc")) {
    throw new Error(`Cannot build: ${NPM_README} names "@acs/rpc", which npm users cannot import`);
  }
  const missing = Object.keys(pkg.exports as Record<string, unknown>)
    .filter((subpath) => subpath !== "." && subpath !== "./package.json")
    .map((subpath) => `${PACKAGE_NAME}${subpath.slice(1)}`)
    .filter((name) => !text.includes(`\`${name}\``));
  if (missing.length > 0) {
    throw new Error(
      `Cannot build: ${NPM_README} does not mention ${
        missing.map((name) => `\`${name}\``).join(", ")
      }; add each to its table of entry points`,
    );
  }
  return text;
}

/** What {@linkcode buildNpm} made. */
export interface BuildResult {
  entries: Entry[];
  graph: SourceGraph;
  packageJson: Record<string, unknown>;
}

/** Builds npm/ from scratch; throws (after printing why) on any problem. */
export async function buildNpm(): Promise<BuildResult> {
  const entries = packageEntries();
  step(
    `Building ${PACKAGE_NAME}@${denoJson.version} into ${
      relative(ROOT, NPM_DIR)
    }/ with TypeScript ${ts.version}`,
  );
  for (const { subpath, source } of entries) {
    console.log(`  entry ${subpath} → ${source}`);
  }
  for (const [subpath, reason] of Object.entries(EXCLUDED_EXPORTS)) {
    if (subpath in denoExports) console.log(`  left out ${subpath}: ${reason}`);
  }
  for (const [subpath, { reason }] of Object.entries(NPM_SOURCES)) {
    if (subpath in denoExports) console.log(`  ${subpath} from another module: ${reason}`);
  }
  for (const [name, source] of Object.entries(BINS)) {
    console.log(`  bin ${name} → ${source}`);
  }
  await checkVersionModule();
  checkSameExports();
  await clean();
  const graph = await sourceGraph(entries, Object.values(BINS));
  console.log(
    `  ${graph.files.length} source files; npm dependencies ${JSON.stringify(graph.dependencies)}`,
  );
  const pkg = packageJson(
    entries,
    graph.dependencies,
    await description(entries.find((entry) => entry.subpath === ".")!),
  );
  await writeJson(join(NPM_DIR, "package.json"), pkg);

  // The dependencies' types are needed to type-check, and npm/node_modules is
  // where the Node tests will resolve them from.
  step("Installing the runtime dependencies into npm/node_modules");
  await run("npm", [
    "install",
    "--no-package-lock",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
  ], { cwd: NPM_DIR, env: {} });

  for (const format of FORMATS) {
    step(`Type-checking and emitting npm/${format}`);
    const written = compile(format, graph.files);
    await verifyOutput(format, graph.files, written);
    // Bundlers read sideEffects from the nearest package.json, which for
    // every file of the package is this one, not the root's.
    await writeJson(join(NPM_DIR, format, "package.json"), {
      type: format === "esm" ? "module" : "commonjs",
      sideEffects: false,
    });
    console.log(`  ${written.length} files (.js, .d.ts and .d.ts.map)`);
  }
  await checkBins();

  step(`Copying the sources the declaration maps point to into npm/${SOURCE_DIR}`);
  for (const file of graph.files) {
    const copy = join(NPM_DIR, SOURCE_DIR, relative(ROOT, file));
    await Deno.mkdir(dirname(copy), { recursive: true });
    await Deno.writeTextFile(copy, forNpm(file, await Deno.readTextFile(file)));
  }
  console.log(`  ${graph.files.length} files`);

  step(`Copying ${NPM_README} (as README.md) and LICENSE`);
  await Deno.writeTextFile(join(NPM_DIR, "README.md"), await npmReadme(pkg));
  await Deno.copyFile(join(ROOT, "LICENSE"), join(NPM_DIR, "LICENSE"));
  console.log(`\n✔ npm/ built: ${relative(ROOT, NPM_DIR)}${sep}package.json`);
  return { entries, graph, packageJson: pkg };
}
