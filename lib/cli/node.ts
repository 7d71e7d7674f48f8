#!/usr/bin/env node
/**
 * The `acs-rpc` command for Node: the npm package's `bin`, run as
 * `npx acs-rpc sign --demo DescribeRegions`. It runs {@linkcode main} with
 * the process's arguments, environment and output, and sets the exit status.
 * It reads Node's `process` global rather than importing `node:process`, so
 * the package builds without Node's types; importing it runs the command,
 * which is why no export leads here (the Deno entry is `cli.ts`).
 *
 * @module
 */

import { main } from "./main.ts";

/** The part of Node's `process` this entry uses. */
interface NodeProcess {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  exitCode?: number | undefined;
}

const { process } = globalThis as unknown as { process: NodeProcess };

main(process.argv.slice(2), {
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
  env: (name) => process.env[name],
}).then(
  (status) => {
    // Not process.exit(): that could cut off output still being written to a pipe.
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
