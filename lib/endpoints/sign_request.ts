/**
 * Signing for a region: {@linkcode signRequest} of `@acs/rpc/signature`, with
 * `regionId` resolved to the region's endpoint from the table `ECS_REGIONS`.
 *
 * @module
 */

import {
  type SignedRequest,
  signRequest as signForEndpoint,
  type SignRequestOptions,
} from "../signature/mod.ts";
import { resolveEndpoint } from "./resolve_endpoint.ts";

/**
 * Signs one RPC request, as `signRequest` of `@acs/rpc/signature` does, and
 * also resolves `regionId` to that region's endpoint (public, or VPC with
 * `network: "vpc"`) from the table `ECS_REGIONS` when no `endpoint` is given.
 * This is the `signRequest` of `@acs/rpc`; the one of `@acs/rpc/signature`
 * leaves the region table out of a bundle and needs an explicit `endpoint`.
 *
 * @param options The action, parameters, credentials and request settings.
 * @returns The method, URL, headers and body to send, and every stage.
 * @throws {AcsTypeError} Every error of `signRequest` of `@acs/rpc/signature`.
 * @throws {AcsRangeError} Those errors, and `unknown-region` (an id not in
 * the table; the message suggests the closest ids) and `no-vpc-endpoint`
 * from {@linkcode resolveEndpoint}.
 *
 * @example Signing for a region
 * ```ts
 * import { signRequest } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const request = signRequest({
 *   action: "DescribeInstances",
 *   regionId: "ap-southeast-3",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 * });
 * const url = new URL(request.url);
 * assert.equal(url.host, "ecs.ap-southeast-3.aliyuncs.com");
 * assert.equal(url.searchParams.get("RegionId"), "ap-southeast-3");
 * ```
 */
export function signRequest(options: SignRequestOptions): SignedRequest {
  if (typeof options !== "object" || options === null) return signForEndpoint(options);
  // One read of each option: what is resolved is what is signed. The copy is
  // built key by key rather than spread, so that V8 (Node 20) keeps it fast
  // to read once the endpoint is added.
  const snapshot: Record<string, unknown> = {};
  try {
    const keys = Object.keys(options);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      // Assigning "__proto__" would set the copy's prototype: let the signer refuse it.
      if (key === "__proto__") return signForEndpoint(options);
      snapshot[key] = (options as unknown as Record<string, unknown>)[key];
    }
  } catch {
    // Unreadable options (a revoked Proxy, a throwing getter): the signer
    // reads them again and reports why, with its code.
    return signForEndpoint(options);
  }
  const { regionId, endpoint } = snapshot;
  if (regionId !== undefined && regionId !== null && endpoint === undefined) {
    snapshot.endpoint = resolveEndpoint(regionId as string, {
      network: snapshot.network as "public" | "vpc" | undefined,
    });
  }
  return signForEndpoint(snapshot as unknown as SignRequestOptions);
}
