/**
 * acs-rpc builds signed Alibaba Cloud ECS API requests (RPC style, signature
 * version 1.0) with web-standard APIs only, so the same code runs in Deno,
 * Node, Bun, browsers and edge workers.
 *
 * Each stage of the signature is a function of its own:
 * {@linkcode percentEncode}, {@linkcode flattenParams}, {@linkcode canonicalize},
 * {@linkcode buildStringToSign}, {@linkcode sign}, {@linkcode formatTimestamp},
 * and {@linkcode signRequest} runs them all. {@linkcode signRequestV3} signs
 * the same call with signature V3 (`ACS3-HMAC-SHA256`), whose stages are
 * functions too. {@linkcode resolveEndpoint} picks a region's host from the
 * sourced table {@linkcode ECS_REGIONS}.
 *
 * To send a request, {@linkcode call} signs it, sends it with `fetch`, retries
 * what is safe to retry (each attempt signed afresh) and explains refusals
 * with {@linkcode diagnose}. {@linkcode verifyRequest} checks a signed request
 * the way the ECS endpoint does.
 *
 * @example Signing the documentation's example request
 * ```ts
 * import { signRequest } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const { signature } = signRequest({
 *   action: "DescribeRegions",
 *   format: "XML",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *   timestamp: new Date("2016-02-23T12:46:24Z"),
 *   nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
 * });
 * assert.equal(signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
 * ```
 *
 * @module
 */

export * from "./lib/errors/mod.ts";
export * from "./lib/signature/mod.ts";
export * from "./lib/endpoints/mod.ts";
export * from "./lib/client/mod.ts";
export * from "./lib/credentials/mod.ts";
export * from "./lib/server/mod.ts";
export * from "./lib/v3/mod.ts";
// Both entries above export a signRequest (and a signRequestV3): this
// package's is the one that also resolves regionId (the signature and v3
// entries' leave the region table out).
export { signRequest, signRequestV3 } from "./lib/endpoints/mod.ts";
