// Compiles the unit tests for Node against the built package, as dnt does:
// each `*_test.ts` beside the package's modules becomes
// npm/test/<format>/<path>_test.js, importing the *built* modules in
// npm/<format>/ (so Node tests what npm users get, not a second copy).
// npm/test/ is outside package.json "files", so it is never packed.

import ts from "typescript";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Format, FORMATS, outputPath, TARGET } from "./_npm_build.ts";
import {
  denoExports,
  EXCLUDED_EXPORTS,
  mapImport,
  NPM_DIR,
  npmPackageFor,
  PACKAGE_NAME,
  parseNpmTarget,
  ROOT,
} from "./_npm_config.ts";

/** Where the compiled tests go: npm/test/esm and npm/test/script. */
export const TEST_DIR: string = join(NPM_DIR, "test");

/**
 * Test files that cannot run in one of the formats, with the reason. Like an
 * expected-failures list, a stale entry (the file is gone) fails the run.
 */
export const EXCLUDED_TESTS: Readonly<
  Record<string, { formats: readonly Format[]; reason: string }>
> = {};

/** One compiled test, or why it was left out. */
export interface TestPlan {
  /** Source path relative to the root. */
  source: string;
  /** Compiled files per format (absolute), for the formats it runs in. */
  outputs: Partial<Record<Format, string>>;
  /** Why a format was left out. */
  skipped: Partial<Record<Format, string>>;
}

/** What compiling the tests produced. */
export interface CompiledTests {
  plans: TestPlan[];
  /** npm packages (name@version) the tests import beyond the runtime ones. */
  npmPackages: string[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface Analysis {
  /** Module specifier literals: their range and text. */
  specifiers: { start: number; end: number; text: string }[];
  /** `import.meta.url` and friends: their range and property name. */
  importMeta: { start: number; end: number; name: string }[];
  /** Why the file cannot run in Node at all, or as CommonJS. */
  nodeProblem?: string;
  scriptProblem?: string;
}

function analyze(file: string, text: string): Analysis {
  const source = ts.createSourceFile(file, text, TARGET, true, ts.ScriptKind.TS);
  const analysis: Analysis = { specifiers: [], importMeta: [] };
  const addSpecifier = (node: ts.Node) => {
    if (ts.isStringLiteral(node)) {
      analysis.specifiers.push({
        start: node.getStart(source),
        end: node.getEnd(),
        text: node.text,
      });
    }
  };
  const visit = (node: ts.Node, inFunction: boolean) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier !== undefined) addSpecifier(node.moduleSpecifier);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined
    ) {
      addSpecifier(node.arguments[0]);
    } else if (
      ts.isPropertyAccessExpression(node) &&
      ts.isMetaProperty(node.expression) &&
      node.expression.keywordToken === ts.SyntaxKind.ImportKeyword
    ) {
      const name = node.name.text;
      if (name === "url" || name === "filename" || name === "dirname") {
        analysis.importMeta.push({
          start: node.getStart(source),
          end: node.getEnd(),
          name,
        });
        return;
      }
      analysis.scriptProblem ??= `uses import.meta.${name}, which CommonJS lacks`;
    } else if (ts.isMetaProperty(node)) {
      analysis.scriptProblem ??= "uses import.meta, which CommonJS lacks";
    } else if (
      ts.isIdentifier(node) && node.text === "Deno" &&
      !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)
    ) {
      analysis.nodeProblem ??= "uses Deno APIs";
    } else if (
      !inFunction &&
      (ts.isAwaitExpression(node) ||
        (ts.isForOfStatement(node) && node.awaitModifier !== undefined))
    ) {
      analysis.scriptProblem ??= "uses top-level await, which CommonJS cannot express";
    }
    const entersFunction = ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node);
    ts.forEachChild(node, (child) => visit(child, inFunction || entersFunction));
  };
  visit(source, false);
  return analysis;
}

function relativeSpecifier(fromFile: string, toFile: string): string {
  const path = relative(dirname(fromFile), toFile).replaceAll("\\", "/");
  return path.startsWith(".") ? path : `./${path}`;
}

/**
 * The `*_test.ts` files in the package's source directories, and in every
 * directory below them except below the root (conformance/ and scripts/ hold
 * no package code). So lib/_internal/'s tests run under Node even while no
 * package file imports lib/_internal/ yet: they compile it as a test helper.
 */
async function testFiles(packageFiles: string[]): Promise<string[]> {
  const dirs = new Set(packageFiles.map((file) => dirname(file)));
  const tests: string[] = [];
  const visit = async (dir: string, below: boolean) => {
    for await (const item of Deno.readDir(dir)) {
      const path = join(dir, item.name);
      if (item.isFile && item.name.endsWith("_test.ts")) {
        tests.push(path);
      } else if (item.isDirectory && below && !dirs.has(path)) {
        await visit(path, true);
      }
    }
  };
  for (const dir of dirs) await visit(dir, dir !== ROOT);
  return tests.sort();
}

/** Compiles every test file for both formats; see the file comment. */
export async function compileTests(
  packageFiles: string[],
  runtimeDependencies: Record<string, string>,
): Promise<CompiledTests> {
  for (const source of Object.keys(EXCLUDED_TESTS)) {
    try {
      await Deno.stat(join(ROOT, source));
    } catch {
      throw new Error(
        `Cannot compile the tests: EXCLUDED_TESTS lists "${source}", which no longer exists`,
      );
    }
  }
  await Deno.remove(TEST_DIR, { recursive: true }).catch(() => {});
  const packageSet = new Set(packageFiles);
  const npmPackages = new Set<string>();
  const plans: TestPlan[] = [];
  // Sources of deno.json exports the npm package leaves out (./cli): their
  // tests have nothing to run against.
  const leftOut = new Map<string, string>();
  for (const [subpath, reason] of Object.entries(EXCLUDED_EXPORTS)) {
    const source = denoExports[subpath];
    if (source !== undefined) {
      leftOut.set(
        resolve(ROOT, source),
        `tests ${subpath}, which the npm package leaves out: ${reason}`,
      );
    }
  }
  for (const format of FORMATS) {
    await Deno.mkdir(join(TEST_DIR, format), { recursive: true });
    await Deno.writeTextFile(
      join(TEST_DIR, format, "package.json"),
      JSON.stringify({ type: format === "esm" ? "module" : "commonjs" }) + "\n",
    );
  }
  const isTest = (file: string) => file.endsWith("_test.ts");

  // Test helpers (relative non-package, non-test imports) are compiled too,
  // and a helper that cannot run takes its importers with it.
  const compiled = new Map<string, TestPlan>();
  const compileFile = async (file: string): Promise<TestPlan> => {
    const done = compiled.get(file);
    if (done !== undefined) return done;
    const source = relative(ROOT, file);
    const text = await Deno.readTextFile(file);
    const analysis = analyze(file, text);
    const plan: TestPlan = { source, outputs: {}, skipped: {} };
    compiled.set(file, plan);
    const excluded = EXCLUDED_TESTS[source];

    // Resolve every specifier once; a problem excludes the file everywhere.
    type Target =
      | { kind: "package"; file: string }
      | { kind: "helper"; file: string }
      | { kind: "keep"; text: string };
    const targets: Target[] = [];
    for (const specifier of analysis.specifiers) {
      let spec = specifier.text;
      if (/^\.\.?\//.test(spec)) {
        // relative: handled below
      } else if (spec.startsWith("node:")) {
        targets.push({ kind: "keep", text: spec });
        continue;
      } else if (spec.startsWith("npm:")) {
        const npm = parseNpmTarget(spec)!;
        npmPackages.add(`${npm.name}@${npm.version}`);
        targets.push({ kind: "keep", text: npm.name + npm.subpath });
        continue;
      } else {
        const mapped = mapImport(spec);
        if (mapped !== undefined && /^\.\.?\//.test(mapped)) {
          spec = relativeSpecifier(file, resolve(ROOT, mapped));
        } else if (mapped?.startsWith("npm:")) {
          try {
            const npm = npmPackageFor(spec);
            if (runtimeDependencies[npm.name] === undefined) {
              npmPackages.add(`${npm.name}@${npm.version}`);
            }
            targets.push({ kind: "keep", text: spec });
          } catch (error) {
            analysis.nodeProblem ??= (error as Error).message;
          }
          continue;
        } else {
          analysis.nodeProblem ??= `imports "${spec}", which deno.json does not map to npm`;
          continue;
        }
      }
      const target = resolve(dirname(file), spec);
      if (packageSet.has(target)) {
        targets.push({ kind: "package", file: target });
      } else if (leftOut.has(target)) {
        analysis.nodeProblem ??= leftOut.get(target)!;
      } else if (/\.[cm]?tsx?$/.test(target) && !isTest(target)) {
        targets.push({ kind: "helper", file: target });
        const helper = await compileFile(target);
        const why = (format: Format) =>
          `imports ${relative(ROOT, target)}, which ${helper.skipped[format]}`;
        if (helper.skipped.esm !== undefined) analysis.nodeProblem ??= why("esm");
        if (helper.skipped.script !== undefined) analysis.scriptProblem ??= why("script");
      } else {
        analysis.nodeProblem ??= `imports "${specifier.text}", neither package code nor a helper`;
      }
    }

    for (const format of FORMATS) {
      const problem = analysis.nodeProblem ??
        (format === "script" ? analysis.scriptProblem : undefined) ??
        (excluded?.formats.includes(format) ? excluded.reason : undefined);
      if (problem !== undefined) {
        plan.skipped[format] = problem;
        continue;
      }
      const out = join(TEST_DIR, format, source.replace(/\.[cm]?tsx?$/, ".js"));
      const edits: Edit[] = [];
      analysis.specifiers.forEach((specifier, index) => {
        const target = targets[index]!;
        const replacement = target.kind === "keep"
          ? target.text
          : target.kind === "package"
          ? relativeSpecifier(
            out,
            join(NPM_DIR, outputPath(format, relative(ROOT, target.file), ".js")),
          )
          : relativeSpecifier(
            out,
            join(TEST_DIR, format, relative(ROOT, target.file).replace(/\.[cm]?tsx?$/, ".js")),
          );
        edits.push({ ...specifier, text: JSON.stringify(replacement) });
      });
      // The compiled test lives elsewhere, so it reports its source's location
      // (fixtures are read relative to it, as under `deno test`).
      for (const meta of analysis.importMeta) {
        const value = meta.name === "url"
          ? pathToFileURL(file).href
          : meta.name === "filename"
          ? file
          : dirname(file);
        edits.push({ ...meta, text: JSON.stringify(value) });
      }
      edits.sort((a, b) => b.start - a.start);
      let edited = text;
      for (const edit of edits) {
        edited = edited.slice(0, edit.start) + edit.text + edited.slice(edit.end);
      }
      // As in the package (forNpm): messages that name "@acs/rpc" name
      // "acs-rpc" there, and the tests expect what npm users get.
      edited = edited.replaceAll("@acs/rpc", PACKAGE_NAME);
      const result = ts.transpileModule(edited, {
        fileName: file,
        reportDiagnostics: true,
        compilerOptions: {
          target: TARGET,
          module: format === "esm" ? ts.ModuleKind.ES2022 : ts.ModuleKind.CommonJS,
          esModuleInterop: true,
          newLine: ts.NewLineKind.LineFeed,
        },
      });
      if ((result.diagnostics ?? []).length > 0) {
        throw new Error(
          `Cannot compile ${source} for ${format}: ${
            ts.flattenDiagnosticMessageText(result.diagnostics![0]!.messageText, "\n")
          }`,
        );
      }
      await Deno.mkdir(dirname(out), { recursive: true });
      await Deno.writeTextFile(out, result.outputText);
      plan.outputs[format] = out;
    }
    return plan;
  };
  for (const file of await testFiles(packageFiles)) {
    plans.push(await compileFile(file));
  }
  return { plans, npmPackages: [...npmPackages].sort() };
}
