/**
 * The `acs-rpc` command line as a function: {@linkcode main} takes the
 * arguments, output streams, environment and `fetch` as inputs and returns
 * the exit status, so the same code runs under Deno (`cli.ts`) and Node (the
 * npm package's `acs-rpc` command).
 *
 * @example Printing the endpoint table as JSON
 * ```ts
 * import { main } from "@acs/rpc/cli";
 * import assert from "node:assert/strict";
 *
 * const out: string[] = [];
 * const status = await main(["regions", "--json"], {
 *   stdout: (line) => out.push(line),
 *   stderr: () => {},
 *   env: () => undefined,
 * });
 * assert.equal(status, 0);
 * assert.ok(JSON.parse(out.join("\n")).length > 30);
 * ```
 *
 * @module
 */

export * from "./main.ts";
