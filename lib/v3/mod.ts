/**
 * Signature V3 (`ACS3-HMAC-SHA256`), stage by stage:
 * {@linkcode buildCanonicalQuery}, {@linkcode canonicalizeHeaders},
 * {@linkcode hashPayload}, {@linkcode buildCanonicalRequest},
 * {@linkcode buildStringToSignV3}, {@linkcode signV3},
 * {@linkcode buildAuthorization}, and {@linkcode signRequestV3}, which runs
 * them all for an explicit endpoint (or the central `ecs.aliyuncs.com`).
 *
 * V3 is what Alibaba Cloud documents as the current signature and what the
 * official SDKs sign with by default. The same ECS call carries its action,
 * version, date and nonce in `x-acs-*` headers, hashes the body, and sends
 * the signature in an `Authorization` header; the API parameters stay in the
 * query string. This entry leaves the endpoint table out: the
 * `signRequestV3` of `@acs/rpc` resolves `regionId` itself.
 *
 * @example Signing for an explicit endpoint
 * ```ts
 * import { signRequestV3 } from "@acs/rpc/v3";
 * import assert from "node:assert/strict";
 *
 * const request = signRequestV3({
 *   action: "DescribeRegions",
 *   endpoint: "http://127.0.0.1:8788",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 * });
 * assert.equal(request.url, "http://127.0.0.1:8788/");
 * assert.match(request.headers.authorization, /^ACS3-HMAC-SHA256 Credential=testid,/);
 * ```
 *
 * @module
 */

export * from "./build_authorization.ts";
export * from "./build_canonical_query.ts";
export * from "./build_canonical_request.ts";
export * from "./build_string_to_sign_v3.ts";
export * from "./canonicalize_headers.ts";
export * from "./hash_payload.ts";
export * from "./sign_request_v3.ts";
export * from "./sign_v3.ts";
