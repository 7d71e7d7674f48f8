/**
 * The server side: {@linkcode verifyRequest} checks a signed request the way
 * the ECS endpoint does (size bounds, signature, timestamp window, nonce
 * replay), with accepted nonces kept in a {@linkcode NonceStore}:
 * {@linkcode MemoryNonceStore} for one process, {@linkcode RedisNonceStore}
 * for several sharing one Redis.
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
export * from "./redis_nonce_store.ts";
export * from "./verify_request.ts";
