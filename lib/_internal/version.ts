// Internal: the package version, deno.json's, written here so that the CLI
// (`acs-rpc --version`) and the client's User-Agent need no file access under
// Deno and no package.json under Node. version_test.ts fails when it differs
// from deno.json; the npm build too. mod.ts never re-exports this file.

/** The version of acs-rpc, as in deno.json (and the npm package.json). */
export const VERSION = "0.1.0";
