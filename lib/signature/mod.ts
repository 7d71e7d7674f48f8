/**
 * The RPC signature (signature version 1.0, HMAC-SHA1), stage by stage:
 * {@linkcode percentEncode}, {@linkcode flattenParams} (with {@linkcode json}),
 * {@linkcode canonicalize}, {@linkcode buildStringToSign}, {@linkcode sign},
 * {@linkcode formatTimestamp}, and {@linkcode signRequest}, which runs them
 * all for an explicit endpoint (or the central `ecs.aliyuncs.com`).
 *
 * This entry leaves the ECS endpoint table out: `signRequest` here needs an
 * `endpoint` when it is given a `regionId`. The `signRequest` of `@acs/rpc`
 * (and of `@acs/rpc/endpoints`) resolves the region itself.
 *
 * @example Signing for an explicit endpoint
 * ```ts
 * import { signRequest } from "@acs/rpc/signature";
 * import assert from "node:assert/strict";
 *
 * const request = signRequest({
 *   action: "DescribeRegions",
 *   endpoint: "http://127.0.0.1:8788",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 * });
 * assert.ok(request.url.startsWith("http://127.0.0.1:8788/?AccessKeyId=testid&"));
 * ```
 *
 * @module
 */

export * from "./build_string_to_sign.ts";
export * from "./canonicalize.ts";
export * from "./flatten_params.ts";
export * from "./format_timestamp.ts";
export * from "./json.ts";
export * from "./percent_encode.ts";
export * from "./sign.ts";
export * from "./sign_request.ts";
