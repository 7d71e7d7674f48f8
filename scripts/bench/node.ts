// Node's side of the benchmarks: a scratch npm project outside the repository
// holding the npm build of acs-rpc (installed from its packed tarball, as a
// user would get it) and the official SDKs at pinned versions, plus esbuild
// bundles of the runtime-neutral bench scripts for Node to run there.

import * as esbuild from "esbuild";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NPM_DIR, ROOT } from "../_npm_config.ts";
/** The scratch npm project: outside the repository, reused between runs. */
export const PEERS_DIR: string = join(tmpdir(), "acs-rpc-bench-peers");

/**
 * The peers, pinned exactly; the same versions as deno.json's npm: imports
 * where those exist (httpx and kitx are the ones pop-core resolves, so that
 * stubbing its transport stubs the copy it uses).
 */
export const PEERS: Readonly<Record<string, string>> = {
  "@alicloud/pop-core": "1.8.0",
  "@alicloud/openapi-util": "0.3.3",
  "@alicloud/openapi-client": "0.4.15",
  "httpx": "2.3.3",
  "kitx": "1.3.0",
  // What acs-rpc used before issue 15 (the "before" rows run it, from scripts/fuzz/oracle/).
  "@noble/hashes": "1.8.0",
};

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed in ${cwd}:\n${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return text;
}

/** Node's version, e.g. `v20.20.2`. */
export async function nodeVersion(): Promise<string> {
  return (await run("node", ["--version"], ROOT)).trim();
}

/**
 * Packs npm/ and installs it with the peers into {@linkcode PEERS_DIR}.
 * Everything comes from the npm registry (or npm's cache).
 */
export async function preparePeers(): Promise<void> {
  if (!existsSync(join(NPM_DIR, "package.json"))) {
    throw new Error("npm/ has no build: run `deno run -A scripts/build_npm.ts` first");
  }
  await Deno.mkdir(PEERS_DIR, { recursive: true });
  const tarball = (await run("npm", ["pack", "--silent", "--pack-destination", PEERS_DIR], NPM_DIR))
    .trim().split("\n").pop()!;
  await Deno.writeTextFile(
    join(PEERS_DIR, "package.json"),
    JSON.stringify(
      { private: true, type: "module", dependencies: { ...PEERS, "acs-rpc": `file:${tarball}` } },
      null,
      2,
    ) + "\n",
  );
  await run(
    "npm",
    ["install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"],
    PEERS_DIR,
  );
  // A file: dependency of the same version is not re-extracted: force it, so
  // the bench always sees the build just packed.
  await run("npm", [
    "install",
    "--no-package-lock",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    "--no-save",
    "--force",
    `./${tarball}`,
  ], PEERS_DIR);
}

/**
 * Bundles one of the bench scripts for Node into {@linkcode PEERS_DIR}: our
 * own code is inlined, every package stays an import resolved from the peers'
 * node_modules, and `@acs/rpc` becomes the npm package `acs-rpc`.
 */
export async function bundleForNode(entry: string, outName: string): Promise<string> {
  const outfile = join(PEERS_DIR, outName);
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    alias: { "@acs/rpc": "acs-rpc" },
    logLevel: "error",
  });
  return outfile;
}

/** Stops esbuild's service so that Deno can exit. */
export async function stopBundler(): Promise<void> {
  await esbuild.stop();
}

/** Runs `node [flags] file [args]` in the peers project and returns its stdout. */
export function runNode(flags: string[], file: string, args: string[] = []): Promise<string> {
  return run("node", [...flags, file, ...args], PEERS_DIR);
}

/** Where a peer's file is, for reading its source. */
export function peerFile(path: string): string {
  return join(PEERS_DIR, "node_modules", path);
}
