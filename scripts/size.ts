// deno task size — what the npm package costs a browser bundle: builds npm/,
// then bundles npm/esm with esbuild (minified, runtime dependencies included,
// as a bundler targeting browsers would) and prints minified and gzipped
// bytes as a Markdown table:
//
//   - the signer path: `import { signRequest } from "acs-rpc/signature"`, for
//     a caller who passes `endpoint` (so never the region table), against
//     the target of 6 KB (6,000 B) gzipped;
//   - the whole package, and each subpath entry (every deno.json export);
//   - each public export on its own (tree-shaken);
//   - what the runtime dependencies, if any, add to the signer path.
//
// The target is reported, never enforced: a number does not fail CI. (It
// replaces the first target, the whole package under 6 KiB, which no longer
// says anything about what a user pays: a bundle holds what it imports.)
// What is enforced: that the signer path leaves lib/endpoints/ out, and that
// CONTRIBUTING.md shows the current numbers: `--write CONTRIBUTING.md` refreshes its
// size block and `--check CONTRIBUTING.md` fails when the block is stale.
//
// `--no-build` measures npm/ as it is instead of rebuilding it: `deno task test`
// passes it, since `deno task test:npm` has just built npm/ in the same run.

import * as esbuild from "esbuild";
import { join } from "node:path";
import { buildNpm, outputPath } from "./_npm_build.ts";
import { markedBlock, replaceBlock, sameTables, writeFormatted } from "./_markdown.ts";
import { type Entry, NPM_DIR, PACKAGE_NAME, packageEntries, step } from "./_npm_config.ts";

/** The target for the signer path, gzipped, runtime dependencies included: 6 KB. */
const TARGET_GZIP_BYTES = 6000;
/** The subpath whose `signRequest` needs an explicit endpoint. */
const SIGNER_SUBPATH = "./signature";
/** Source folders the signer path must not reach: the region table lives there. */
const NOT_ON_SIGNER_PATH = ["lib/endpoints/"];
const START = "<!-- size:start -->";
const END = "<!-- size:end -->";

interface Measure {
  label: string;
  minified: number;
  gzipped: number;
  exports: string[];
  /** The bundled files, relative to npm/. */
  inputs: string[];
}

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

async function measure(
  label: string,
  contents: string,
  external: string[] = [],
): Promise<Measure> {
  const result = await esbuild.build({
    external,
    stdin: { contents, resolveDir: NPM_DIR, loader: "js", sourcefile: "size-entry.js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const [output] = result.outputFiles;
  const [meta] = Object.values(result.metafile.outputs);
  return {
    label,
    minified: output!.contents.byteLength,
    gzipped: await gzipSize(output!.contents),
    exports: meta?.exports ?? [],
    inputs: Object.keys(result.metafile.inputs),
  };
}

function bytes(n: number): string {
  return `${n.toLocaleString("en-US")} B (${(n / 1024).toFixed(1)} KiB)`;
}

function kb(n: number): string {
  return `${n.toLocaleString("en-US")} B`;
}

/** The package's entries and runtime dependencies: from a fresh build, or from npm/ as it is. */
async function built(
  build: boolean,
): Promise<{ entries: Entry[]; dependencies: Record<string, string> }> {
  if (build) {
    const { entries, graph } = await buildNpm();
    return { entries, dependencies: graph.dependencies };
  }
  const pkg = JSON.parse(await Deno.readTextFile(join(NPM_DIR, "package.json")));
  return { entries: packageEntries(), dependencies: pkg.dependencies ?? {} };
}

async function main(): Promise<void> {
  const { entries, dependencies: runtime } = await built(!Deno.args.includes("--no-build"));
  step(`Bundling npm/esm with esbuild ${esbuild.version} (minify, platform browser)`);
  const rows: Measure[] = [];
  const main = entries.find((entry) => entry.subpath === ".")!;
  const mainFile = outputPath("esm", main.source, ".js");
  const signer = entries.find((entry) => entry.subpath === SIGNER_SUBPATH);
  if (signer === undefined) throw new Error(`deno.json exports no ${SIGNER_SUBPATH}`);
  const signerFile = outputPath("esm", signer.source, ".js");
  const signerImport = `export { signRequest } from ${JSON.stringify(signerFile)};`;
  const signerPath = await measure(
    `**the signer path**: \`{ signRequest }\` from \`${PACKAGE_NAME}${
      SIGNER_SUBPATH.slice(1)
    }\`, with \`endpoint\``,
    signerImport,
  );
  const strays = signerPath.inputs.filter((input) =>
    NOT_ON_SIGNER_PATH.some((folder) => input.includes(`esm/${folder}`))
  );
  if (strays.length > 0) {
    throw new Error(
      `the signer path bundles ${strays.join(", ")}: ${signer.source} must not reach ` +
        `${NOT_ON_SIGNER_PATH.join(", ")} (the region table)`,
    );
  }
  rows.push(signerPath);
  const whole = await measure(
    `\`${PACKAGE_NAME}\` (everything)`,
    `export * from ${JSON.stringify(mainFile)};`,
  );
  rows.push(whole);
  for (const entry of entries) {
    if (entry === main) continue;
    const file = outputPath("esm", entry.source, ".js");
    rows.push(
      await measure(
        `\`${PACKAGE_NAME}${entry.subpath.slice(1)}\` (entry)`,
        `export * from ${JSON.stringify(file)};`,
      ),
    );
  }
  for (const name of [...whole.exports].sort()) {
    rows.push(
      await measure(
        `\`{ ${name} }\` from \`${PACKAGE_NAME}\``,
        `export { ${name} } from ${JSON.stringify(mainFile)};`,
      ),
    );
  }
  // What the runtime dependencies add to the signer path: the difference
  // from a bundle that leaves them out. No row once there are none.
  const dependencies = Object.keys(runtime).sort();
  if (dependencies.length > 0) {
    const without = await measure("", signerImport, dependencies);
    rows.push({
      label: `of the signer path, ${dependencies.map((name) => `\`${name}\``).join(", ")}`,
      minified: signerPath.minified - without.minified,
      gzipped: signerPath.gzipped - without.gzipped,
      exports: [],
      inputs: [],
    });
  }
  await esbuild.stop();

  const table = [
    "| Import | Minified | Minified + gzip |",
    "| --- | ---: | ---: |",
    ...rows.map((row) => `| ${row.label} | ${bytes(row.minified)} | ${bytes(row.gzipped)} |`),
  ].join("\n");
  console.log(`\n${table}\n`);
  const met = signerPath.gzipped <= TARGET_GZIP_BYTES;
  const share = dependencies.length === 0
    ? " (no runtime dependency)"
    : `, of which ${dependencies.map((name) => `\`${name}\``).join(", ")} ${
      kb(rows.at(-1)!.gzipped)
    }`;
  const verdict = `The signer path is ${kb(signerPath.gzipped)} minified and gzipped${share}: ${
    met
      ? `**target met** (at most ${kb(TARGET_GZIP_BYTES)})`
      : `**target missed** (at most ${kb(TARGET_GZIP_BYTES)}; ${
        kb(signerPath.gzipped - TARGET_GZIP_BYTES)
      } over)`
  }. The whole package is ${kb(whole.gzipped)}; a bundle holds only what it imports.`;
  console.log(`size: ${verdict.replaceAll("**", "").replaceAll("`", "")}`);
  await syncReadme(`${table}\n\n${verdict}`);
}

/** Applies `--write FILE` or `--check FILE` to the size block of FILE. */
async function syncReadme(table: string): Promise<void> {
  const [flag, file] = Deno.args.filter((arg) => arg !== "--no-build");
  if (flag === undefined) return;
  if ((flag !== "--write" && flag !== "--check") || file === undefined) {
    throw new Error("Usage: size.ts [--no-build] [--write FILE | --check FILE]");
  }
  const text = await Deno.readTextFile(file);
  const current = markedBlock(text, START, END);
  if (current === undefined) throw new Error(`${file} has no ${START} … ${END} block`);
  if (flag === "--write") {
    await writeFormatted(file, replaceBlock(text, START, END, `\n\n${table}\n\n`));
    console.log(`size: wrote the table to ${file}`);
  } else if (!sameTables(current, table)) {
    throw new Error(`${file}'s size table is stale; run deno task size --write ${file}`);
  } else {
    console.log(`size: ${file}'s size table is current`);
  }
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    await esbuild.stop();
    console.error(`\n✘ size: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
