// deno task size — what the npm package costs a browser bundle: builds npm/,
// then bundles npm/esm with esbuild (minified, as a bundler targeting
// browsers would; the package has no runtime dependency since its own SHA-1) for the whole package, each public entry
// and each public export on its own (tree-shaken), and prints minified and
// gzipped bytes as a Markdown table, with how the whole package stands
// against the 6 KiB target. The target is reported, never enforced: a number
// does not fail CI. What is enforced is that the README shows the current
// numbers: `--write README.md` refreshes its size block and `--check README.md`
// fails when the block is stale.

import * as esbuild from "esbuild";
import { buildNpm, outputPath } from "./_npm_build.ts";
import { markedBlock, replaceBlock, sameTables } from "./_markdown.ts";
import { NPM_DIR, PACKAGE_NAME, step } from "./_npm_config.ts";

/** The target for the whole package, gzipped. */
const TARGET_GZIP_BYTES = 6 * 1024;
const START = "<!-- size:start -->";
const END = "<!-- size:end -->";

interface Measure {
  label: string;
  minified: number;
  gzipped: number;
  exports: string[];
}

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

async function measure(label: string, contents: string): Promise<Measure> {
  const result = await esbuild.build({
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
  };
}

function bytes(n: number): string {
  return `${n.toLocaleString("en-US")} B (${(n / 1024).toFixed(1)} KiB)`;
}

async function main(): Promise<void> {
  const { entries } = await buildNpm();
  step(`Bundling npm/esm with esbuild ${esbuild.version} (minify, platform browser)`);
  const rows: Measure[] = [];
  const main = entries.find((entry) => entry.subpath === ".")!;
  const mainFile = outputPath("esm", main.source, ".js");
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
        `\`${name}\` alone`,
        `export { ${name} } from ${JSON.stringify(mainFile)};`,
      ),
    );
  }
  await esbuild.stop();

  const table = [
    "| Import | Minified | Minified + gzip |",
    "| --- | ---: | ---: |",
    ...rows.map((row) => `| ${row.label} | ${bytes(row.minified)} | ${bytes(row.gzipped)} |`),
  ].join("\n");
  console.log(`\n${table}\n`);
  const verdict = whole.gzipped < TARGET_GZIP_BYTES
    ? `within the ${bytes(TARGET_GZIP_BYTES)} target`
    : `over the ${bytes(TARGET_GZIP_BYTES)} target by ${bytes(whole.gzipped - TARGET_GZIP_BYTES)}`;
  console.log(`size: the whole package is ${bytes(whole.gzipped)} gzipped, ${verdict}`);
  await syncReadme(table);
}

/** Applies `--write FILE` or `--check FILE` to the size block of FILE. */
async function syncReadme(table: string): Promise<void> {
  const [flag, file] = Deno.args;
  if (flag === undefined) return;
  if ((flag !== "--write" && flag !== "--check") || file === undefined) {
    throw new Error("Usage: size.ts [--write FILE | --check FILE]");
  }
  const text = await Deno.readTextFile(file);
  const current = markedBlock(text, START, END);
  if (current === undefined) throw new Error(`${file} has no ${START} … ${END} block`);
  if (flag === "--write") {
    await Deno.writeTextFile(file, replaceBlock(text, START, END, `\n\n${table}\n\n`));
    // Keep `deno fmt --check` green: it pads the table's columns.
    const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", file] })
      .output();
    if (!fmt.success) throw new Error(`deno fmt ${file} failed`);
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
