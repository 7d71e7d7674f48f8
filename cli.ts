/**
 * The `acs-rpc` command line, for Deno: sign a request and show every stage,
 * call an API, or list the endpoint table.
 *
 * ```sh
 * deno run jsr:@acs/rpc/cli sign --demo --explain DescribeRegions
 * deno run --allow-env --allow-net jsr:@acs/rpc/cli call DescribeInstances --region cn-hangzhou
 * deno run jsr:@acs/rpc/cli regions
 * deno run jsr:@acs/rpc/cli help sign
 * ```
 *
 * The command itself is {@linkcode main}, which runs the same under Node
 * (the npm package's `acs-rpc` command, `npx acs-rpc …`).
 *
 * @example Running the command as a function
 * ```ts
 * import { main } from "@acs/rpc/cli";
 * import assert from "node:assert/strict";
 *
 * const lines: string[] = [];
 * const status = await main(["sign", "--demo", "DescribeRegions"], {
 *   stdout: (line) => lines.push(line),
 *   stderr: (line) => lines.push(line),
 *   env: () => undefined,
 * });
 * assert.equal(status, 0);
 * assert.match(lines[0]!, /Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D$/);
 * ```
 *
 * @module
 */

import { main } from "./lib/cli/mod.ts";

export * from "./lib/cli/mod.ts";

if (import.meta.main) {
  // A permission Deno refuses (no --allow-env, no --allow-net) is thrown as
  // it is: main() names the flag to add.
  Deno.exit(
    await main(Deno.args, {
      stdout: (line) => console.log(line),
      stderr: (line) => console.error(line),
      env: (name) => Deno.env.get(name),
    }),
  );
}
