/**
 * Where the environment and file providers read: by default the process's
 * environment and file system, or stand-ins a program or a test passes.
 *
 * @module
 */

/**
 * Reads one environment variable: `undefined` when it is not set.
 *
 * @example Reading from a plain object
 * ```ts
 * import type { EnvReader } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const variables: Record<string, string> = { ALIBABA_CLOUD_PROFILE: "second" };
 * const env: EnvReader = (name) => variables[name];
 * assert.equal(env("ALIBABA_CLOUD_PROFILE"), "second");
 * ```
 */
export type EnvReader = (name: string) => string | undefined;

/**
 * Where a provider reads the environment and files. Every default needs
 * `node:` built-ins (Deno, Node and Bun have them; Deno asks for
 * `--allow-env` and `--allow-read`), loaded only when first needed, so a
 * browser or worker never loads them; there, pass `env` and `readTextFile`,
 * or the provider fails with the code `unsupported-runtime`.
 *
 * @example Reading a profile file from memory
 * ```ts
 * import { CliProfileProvider, type HostOptions } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const files: Record<string, string> = {
 *   "/home/me/.aliyun/config.json": JSON.stringify({
 *     current: "default",
 *     profiles: [{ name: "default", mode: "AK", access_key_id: "id1", access_key_secret: "s1" }],
 *   }),
 * };
 * const host: HostOptions = {
 *   env: () => undefined,
 *   homeDir: "/home/me",
 *   readTextFile: async (path) => {
 *     if (files[path] === undefined) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
 *     return files[path];
 *   },
 * };
 * const credentials = await new CliProfileProvider(host).getCredentials();
 * assert.equal(credentials.accessKeyId, "id1");
 * ```
 */
export interface HostOptions {
  /**
   * Reads an environment variable. Default: `process.env` of `node:process`.
   */
  readonly env?: EnvReader | undefined;
  /**
   * The home directory, under which `.aliyun/config.json` and
   * `.alibabacloud/credentials` are looked for. Default: the `HOME` variable
   * (through `env`), else `USERPROFILE`, else `homedir()` of `node:os`. An
   * empty `HOME` means there is none, as with Node's `homedir()`.
   */
  readonly homeDir?: string | undefined;
  /**
   * Reads a UTF-8 text file, rejecting with an error whose `code` is
   * `ENOENT` (or `ENOTDIR`) when it does not exist. Default: `readFile` of
   * `node:fs/promises`.
   */
  readonly readTextFile?: ((path: string) => Promise<string>) | undefined;
}
