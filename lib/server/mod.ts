/**
 * The server side: {@linkcode verifyRequest} checks a signed request the way
 * the ECS endpoint does (signature, timestamp window, nonce replay), with
 * accepted nonces kept in a {@linkcode NonceStore} such as
 * {@linkcode MemoryNonceStore}.
 *
 * @example Refusing an unknown access key
 * ```ts
 * import { verifyRequest } from "@acs/rpc/server";
 * import { signRequest } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const signed = signRequest({
 *   action: "DescribeRegions",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 * });
 * const result = await verifyRequest(new Request(signed.url), {
 *   lookupSecret: () => undefined,
 * });
 * assert.equal(result.ok, false);
 * ```
 *
 * @module
 */

export * from "./nonce_store.ts";
export * from "./verify_request.ts";
