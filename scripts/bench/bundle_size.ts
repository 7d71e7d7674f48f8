// Bundle size of each library as a Node application would ship it: esbuild,
// platform node (Node's built-in modules stay external), minified, then gzip
// level 9 — the same method for acs-rpc and the official SDKs, resolved from
// the peers project.

import * as esbuild from "esbuild";
import { gzipSync } from "node:zlib";
import { PEERS_DIR } from "./node.ts";

/** What one entry costs. */
export interface SizeRow {
  readonly name: string;
  readonly minified: number;
  readonly gzipped: number;
  /** Input files esbuild pulled in. */
  readonly files: number;
}

export const SIZE_ENTRIES: readonly { name: string; contents: string }[] = [
  { name: "acs-rpc (everything)", contents: 'export * from "acs-rpc";' },
  { name: "acs-rpc (`signRequest` alone)", contents: 'export { signRequest } from "acs-rpc";' },
  {
    name: "pop-core 1.8.0",
    contents: 'module.exports = require("@alicloud/pop-core");',
  },
  {
    name: "openapi-client 0.4.15",
    contents: 'module.exports = require("@alicloud/openapi-client");',
  },
];

/** Bundles each entry; see the file comment. */
export async function bundleSizes(): Promise<SizeRow[]> {
  const rows: SizeRow[] = [];
  for (const entry of SIZE_ENTRIES) {
    const result = await esbuild.build({
      stdin: { contents: entry.contents, resolveDir: PEERS_DIR, loader: "js" },
      bundle: true,
      minify: true,
      platform: "node",
      target: "node20",
      format: entry.contents.startsWith("export") ? "esm" : "cjs",
      write: false,
      metafile: true,
      logLevel: "error",
    });
    const bytes = result.outputFiles[0]!.contents;
    rows.push({
      name: entry.name,
      minified: bytes.byteLength,
      gzipped: gzipSync(bytes, { level: 9 }).byteLength,
      files: Object.keys(result.metafile.inputs).length,
    });
  }
  return rows;
}
