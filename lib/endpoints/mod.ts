/**
 * The ECS endpoint table and what uses it: {@linkcode ECS_REGIONS} (every
 * region with its public and VPC endpoints and their sources),
 * {@linkcode regions}, {@linkcode findRegion}, {@linkcode resolveEndpoint},
 * {@linkcode productEndpoint} (another product's regional endpoint), and
 * {@linkcode signRequest} and {@linkcode signRequestV3}, which resolve
 * `regionId` to its endpoint before signing.
 *
 * @example Resolving a region's endpoint
 * ```ts
 * import { resolveEndpoint } from "@acs/rpc/endpoints";
 * import assert from "node:assert/strict";
 *
 * assert.equal(resolveEndpoint("cn-hangzhou"), "ecs.cn-hangzhou.aliyuncs.com");
 * ```
 *
 * @module
 */

export * from "./ecs_regions.ts";
export * from "./find_region.ts";
export * from "./product_endpoint.ts";
export * from "./resolve_endpoint.ts";
export * from "./sign_request.ts";
