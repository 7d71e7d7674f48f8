// Shared by the npm scripts: where things are, what deno.json says, and a
// small command runner. Everything the npm package is made of is computed from
// deno.json here, so a new entry point or a version bump needs no script edit.

// JSR is out of reach here, so paths come from node:path rather than @std/path.
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT: string = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
);
/** dnt's output directory: the npm package root. Git-ignored. */
export const NPM_DIR: string = join(ROOT, "npm");
/** The npm package name (the JSR name is `@acs/rpc`). */
export const PACKAGE_NAME = "acs-rpc";

/**
 * deno.json `exports` entries that stay out of the npm package, with the
 * reason. The build fails if an entry reaches a Deno API anyway: it is
 * type-checked without Deno's types.
 */
export const EXCLUDED_EXPORTS: Readonly<Record<string, string>> = {
  // The npm package gets the suite's data as its own package, acs-rpc-conformance
  // (conformance/tools/pack.ts).
  "./conformance":
    "the conformance runner runs on Deno (jsr:@acs/rpc/conformance); the suite's data ships " +
    "on npm as acs-rpc-conformance",
};

/**
 * deno.json `exports` entries whose npm module is another file, with the
 * reason. The build checks that both export the same names.
 */
export const NPM_SOURCES: Readonly<Record<string, { source: string; reason: string }>> = {
  "./cli": {
    source: "lib/cli/mod.ts",
    reason: "cli.ts is the Deno entry (Deno.args, Deno.exit); npm users import the same " +
      "runtime-neutral main() from lib/cli/mod.ts, and run the command as the acs-rpc bin",
  },
};

/**
 * The package's commands: `bin` name → source. Each source is built like the
 * entries and must start with a `#!/usr/bin/env node` line.
 */
export const BINS: Readonly<Record<string, string>> = {
  "acs-rpc": "lib/cli/node.ts",
};

/** The repository's home on GitHub, for package.json `repository`, `homepage` and `bugs`. */
export const REPOSITORY = "https://github.com/acs-rpc/acs-rpc";

/** package.json `keywords`: what an npm search for this package would type. */
export const KEYWORDS: readonly string[] = [
  "alibaba-cloud",
  "aliyun",
  "ecs",
  "rpc",
  "signature",
  "hmac-sha1",
  "request-signing",
  "api-client",
  "cli",
  "deno",
  "browser",
  "edge",
];

/**
 * The README the npm package ships instead of the repository's: written for
 * npm users (install, ESM/CJS, browsers, the CLI via npx).
 */
export const NPM_README = "docs/npm-README.md";

interface DenoJson {
  name: string;
  version: string;
  license?: string;
  exports: string | Record<string, string>;
  imports?: Record<string, string>;
  compilerOptions?: Record<string, unknown>;
}

/** deno.json, parsed. */
export const denoJson: DenoJson = JSON.parse(
  await Deno.readTextFile(join(ROOT, "deno.json")),
);

/**
 * scripts/deno.json: the development tools' own import map (TypeScript,
 * esbuild, playwright-core, the peer SDKs), kept out of the library's.
 */
export const scriptsJson: { imports?: Record<string, string> } = JSON.parse(
  await Deno.readTextFile(join(ROOT, "scripts", "deno.json")),
);

/** The npm version a development tool is pinned at in scripts/deno.json. */
export function devToolVersion(name: string): string {
  const target = scriptsJson.imports?.[name];
  const npm = target === undefined ? undefined : parseNpmTarget(target);
  if (npm === undefined) {
    throw new Error(`scripts/deno.json does not pin "${name}" to an npm version`);
  }
  return npm.version;
}

/** deno.json `exports` as subpath → source (a lone string is the `.` export). */
export const denoExports: Readonly<Record<string, string>> = typeof denoJson.exports === "string"
  ? { ".": denoJson.exports }
  : denoJson.exports;

/** One public entry point of the npm package. */
export interface Entry {
  /** The subpath in package.json `exports`: `.` or `./name`. */
  subpath: string;
  /** The source file, relative to the root, without `./`: `mod.ts`. */
  source: string;
}

/** The deno.json exports that go into the npm package, with the npm module of each. */
export function packageEntries(): Entry[] {
  const entries: Entry[] = [];
  for (const [subpath, source] of Object.entries(denoExports)) {
    if (subpath in EXCLUDED_EXPORTS) continue;
    const chosen = NPM_SOURCES[subpath]?.source ?? source;
    entries.push({ subpath, source: relative(ROOT, resolve(ROOT, chosen)) });
  }
  return entries;
}

/** An `npm:name@version/subpath` target, taken apart. */
export interface NpmTarget {
  name: string;
  version: string;
  subpath: string;
}

/** Parses `npm:@scope/name@1.2.3/sub/path`; undefined for other schemes. */
export function parseNpmTarget(target: string): NpmTarget | undefined {
  const match = /^npm:\/?((?:@[^/@]+\/)?[^/@]+)@([^/]+)(\/.*)?$/.exec(target);
  if (match === null) return undefined;
  return { name: match[1]!, version: match[2]!, subpath: match[3] ?? "" };
}

/**
 * Resolves a bare specifier through deno.json `imports` (exact keys, then the
 * longest `prefix/` key), as Deno does. Undefined when no key matches.
 */
export function mapImport(specifier: string): string | undefined {
  const imports = denoJson.imports ?? {};
  if (specifier in imports) return imports[specifier];
  let best: string | undefined;
  for (const key of Object.keys(imports)) {
    if (
      key.endsWith("/") && specifier.startsWith(key) &&
      (best === undefined || key.length > best.length)
    ) {
      best = key;
    }
  }
  return best === undefined ? undefined : imports[best] + specifier.slice(best.length);
}

/** The package name of a bare specifier: `@noble/hashes/hmac` → `@noble/hashes`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/**
 * The npm package (name and pinned version) a bare specifier stands for, read
 * from deno.json `imports`. Throws when the specifier is not mapped to `npm:`,
 * or when its mapped subpath differs from the one Node would resolve, since the
 * compiled code keeps the bare specifier as written.
 */
export function npmPackageFor(specifier: string): NpmTarget {
  const target = mapImport(specifier);
  const npm = target === undefined ? undefined : parseNpmTarget(target);
  if (npm === undefined) {
    throw new Error(
      `Cannot map import "${specifier}" to an npm package: deno.json maps it to ${
        JSON.stringify(target ?? null)
      }`,
    );
  }
  const name = packageNameOf(specifier);
  const subpath = specifier.slice(name.length);
  if (npm.name !== name || npm.subpath !== subpath) {
    throw new Error(
      `Cannot keep import "${specifier}" for Node: deno.json maps it to "${target}", another package path`,
    );
  }
  return npm;
}

/** Prints a stage heading, so a long run says where it is. */
export function step(message: string): void {
  console.log(`\n▶ ${message}`);
}

/** Prints the command line about to run, and where. */
function show(command: string, args: string[], cwd: string | undefined): string {
  const shown = [command, ...args].join(" ");
  console.log(`  $ ${shown}${cwd ? `   (in ${cwd})` : ""}`);
  return shown;
}

/** Runs a command with inherited output; throws when it exits non-zero. */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<void> {
  const shown = show(command, args, options.cwd);
  const { code } = await new Deno.Command(command, {
    args,
    cwd: options.cwd ?? ROOT,
    env: options.env ?? {},
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) throw new Error(`Command failed (exit ${code}): ${shown}`);
}

/** Runs a command and returns its status and output, whatever the status. */
export async function execute(
  command: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  show(command, args, options.cwd);
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args,
    cwd: options.cwd ?? ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** Runs a command and returns its stdout; throws, showing stderr, on failure. */
export async function capture(
  command: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<string> {
  const { code, stdout, stderr } = await execute(command, args, options);
  if (code !== 0) {
    console.error(stderr);
    throw new Error(`Command failed (exit ${code}): ${[command, ...args].join(" ")}`);
  }
  return stdout;
}
