/**
 * Credentials where users keep them: the {@linkcode CredentialsProvider}
 * interface that `call()`, clients and the CLI accept besides fixed
 * credentials.
 *
 * @example Checking for a provider
 * ```ts
 * import { isCredentialsProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * assert.ok(isCredentialsProvider({ getCredentials: async () => ({ accessKeyId: "a", accessKeySecret: "b" }) }));
 * ```
 *
 * @module
 */

export * from "./provider.ts";
