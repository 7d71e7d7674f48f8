// Builds the npm package in npm/ the way dnt lays it out, with TypeScript's own
// compiler: npm/esm (ES modules) and npm/script (CommonJS), `.js` and `.d.ts`
// side by side, plus package.json, README.md and LICENSE. dnt itself is on JSR
// only, which this project cannot reach.

import ts from "typescript";
import { dirname, join, relative, resolve, sep } from "node:path";
import {
  denoJson,
  type Entry,
  EXCLUDED_EXPORTS,
  NPM_DIR,
  npmPackageFor,
  PACKAGE_NAME,
  packageEntries,
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

/** The package's source files and runtime npm dependencies. */
export interface SourceGraph {
  /** Absolute paths of every file reachable from the entries. */
  files: string[];
  /** npm dependencies by name, with the version pinned in deno.json. */
  dependencies: Record<string, string>;
}

/**
 * Follows the imports of the entry points (without type-checking) to find the
 * files the package is made of and the bare specifiers it needs from npm.
 */
export async function sourceGraph(entries: Entry[]): Promise<SourceGraph> {
  const seen = new Set<string>();
  const dependencies: Record<string, string> = {};
  const queue = entries.map((entry) => join(ROOT, entry.source));
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
  return {
    name: PACKAGE_NAME,
    version: denoJson.version,
    ...(summary === undefined ? {} : { description: summary }),
    ...(denoJson.license === undefined ? {} : { license: denoJson.license }),
    main: outputPath("script", main.source, ".js"),
    module: outputPath("esm", main.source, ".js"),
    types: outputPath("esm", main.source, ".d.ts"),
    exports,
    // Only the two builds (npm adds package.json, README and LICENSE): test
    // builds and node_modules that the test scripts leave in npm/ stay out.
    files: ["esm/", "script/"],
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
        host.writeFile(name, text, bom);
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
    return [".js", ".d.ts"].map((extension) =>
      join(NPM_DIR, outputPath(format, source, extension as ".js" | ".d.ts"))
    );
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
  const declared = typeof denoJson.exports === "string" ? {} : denoJson.exports;
  for (const [subpath, reason] of Object.entries(EXCLUDED_EXPORTS)) {
    if (subpath in declared) console.log(`  left out ${subpath}: ${reason}`);
  }
  await clean();
  const graph = await sourceGraph(entries);
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
    console.log(`  ${written.length} files (.js and .d.ts)`);
  }

  step("Copying README.md and LICENSE");
  for (const name of ["README.md", "LICENSE"]) {
    try {
      await Deno.copyFile(join(ROOT, name), join(NPM_DIR, name));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      throw new Error(
        `Cannot build: ${name} is missing at the repository root; the npm package ships it`,
      );
    }
  }
  console.log(`\n✔ npm/ built: ${relative(ROOT, NPM_DIR)}${sep}package.json`);
  return { entries, graph, packageJson: pkg };
}
