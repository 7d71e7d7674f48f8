/**
 * Signing for a region: {@linkcode signRequest} of `@acs/rpc/signature`, with
 * `regionId` resolved to the region's endpoint from the table `ECS_REGIONS`,
 * or by the regional rule for another `product`.
 *
 * @module
 */

// The signers' default version is the ECS API's: the only one the ECS
// endpoint table is for.
import {
  API_VERSION_FORMAT,
  DEFAULT_VERSION as ECS_VERSION,
  invalidOption,
} from "../_internal/request_options.ts";
import {
  type SignedRequest,
  signRequest as signForEndpoint,
  type SignRequestOptions,
} from "../signature/mod.ts";
import {
  type SignedRequestV3,
  signRequestV3 as signV3ForEndpoint,
  type SignRequestV3Options,
} from "../v3/mod.ts";
import { productEndpoint } from "./product_endpoint.ts";
import { resolveEndpoint } from "./resolve_endpoint.ts";

/** What the `signRequest` of `@acs/rpc` takes: the signature's options, and a product. */
export interface RegionalSignRequestOptions extends SignRequestOptions {
  /**
   * The product to call when it is not ECS, such as `"vpc"`: with
   * `regionId`, its endpoint is `<product>.<region>.aliyuncs.com` (or
   * `<product>-vpc.<region>.aliyuncs.com` with `network: "vpc"`), see
   * {@linkcode productEndpoint}. An explicit `endpoint` wins.
   */
  readonly product?: string | undefined;
}

/**
 * Signs one RPC request, as `signRequest` of `@acs/rpc/signature` does, and
 * also resolves `regionId` to that region's endpoint (public, or VPC with
 * `network: "vpc"`) from the table `ECS_REGIONS` when no `endpoint` is given.
 * This is the `signRequest` of `@acs/rpc`; the one of `@acs/rpc/signature`
 * leaves the region table out of a bundle and needs an explicit `endpoint`.
 *
 * The ECS table serves only the ECS API (version `2014-05-26`). For another
 * product pass `product` with `regionId` (its endpoint then follows Alibaba
 * Cloud's regional rule), or an explicit `endpoint`: a `regionId` with
 * another version and neither is refused rather than sent to an ECS host.
 *
 * @param options The action, parameters, credentials and request settings.
 * @returns The method, URL, headers and body to send, and every stage.
 * @throws {AcsTypeError} Every error of `signRequest` of `@acs/rpc/signature`.
 * Also `invalid-option` for a `regionId` with a version that is not ECS's
 * and no `product` or `endpoint`, and for a `product` without `regionId` or `endpoint`.
 * @throws {AcsRangeError} Those errors, and `unknown-region` (an id not in
 * the table; the message suggests the closest ids) and `no-vpc-endpoint`
 * from {@linkcode resolveEndpoint}, and those of {@linkcode productEndpoint}.
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
 *
 * const vpc = signRequest({
 *   action: "DescribeVpcs",
 *   version: "2016-04-28",
 *   product: "vpc",
 *   regionId: "cn-hangzhou",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 * });
 * assert.equal(new URL(vpc.url).host, "vpc.cn-hangzhou.aliyuncs.com");
 * ```
 */
export function signRequest(options: RegionalSignRequestOptions): SignedRequest {
  return signForRegion(options, signForEndpoint);
}

/**
 * Signs a copy of `options` (each option read once: what is resolved is what
 * is signed) without `product`, and with `endpoint` set from `regionId` and
 * `product` when it was not given.
 */
function signForRegion<T extends SignRequestOptions | SignRequestV3Options, R>(
  options: T & { readonly product?: string | undefined },
  sign: (options: T) => R,
): R {
  if (typeof options !== "object" || options === null) return sign(options);
  // The copy is built key by key rather than spread, so that V8 (Node 20)
  // keeps it fast to read once the endpoint is added.
  const snapshot: Record<string, unknown> = {};
  try {
    const keys = Object.keys(options);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      // Assigning "__proto__" would set the copy's prototype: let the signer refuse it.
      if (key === "__proto__") return sign(options);
      snapshot[key] = (options as unknown as Record<string, unknown>)[key];
    }
  } catch {
    // Unreadable options (a revoked Proxy, a throwing getter): the signer
    // reads them again and reports why, with its code.
    return sign(options);
  }
  const { product } = snapshot;
  delete snapshot.product;
  if (product === null || (product !== undefined && typeof product !== "string")) {
    throw invalidOption(
      "product",
      '"product" must be a product code such as "vpc"; leave it out for ECS',
    );
  }
  if (snapshot.endpoint === undefined) {
    const { regionId, version } = snapshot;
    const hasRegion = regionId !== undefined && regionId !== null;
    const network = snapshot.network as "public" | "vpc" | undefined;
    if (product !== undefined) {
      if (!hasRegion) {
        throw invalidOption(
          "regionId",
          `"product" ${
            JSON.stringify(product.slice(0, 40))
          } needs "regionId" to find its endpoint, or pass an explicit "endpoint"`,
        );
      }
      snapshot.endpoint = productEndpoint(product, regionId as string, { network });
    } else if (
      hasRegion && typeof version === "string" && API_VERSION_FORMAT.test(version) &&
      version !== ECS_VERSION
    ) {
      throw invalidOption(
        "product",
        `version ${
          JSON.stringify(version)
        } is not the ECS API's ("${ECS_VERSION}"), and the endpoint table is ECS's; pass "product" (such as "vpc") with "regionId", or an explicit "endpoint"`,
      );
    } else if (hasRegion) {
      snapshot.endpoint = resolveEndpoint(regionId as string, { network });
    }
  }
  return sign(snapshot as unknown as T);
}

/** What the `signRequestV3` of `@acs/rpc` takes: the V3 signer's options, and a product. */
export interface RegionalSignRequestV3Options extends SignRequestV3Options {
  /** The product to call when it is not ECS; see {@linkcode RegionalSignRequestOptions.product}. */
  readonly product?: string | undefined;
}

/**
 * Signs one RPC API request with signature V3 (`ACS3-HMAC-SHA256`), as
 * `signRequestV3` of `@acs/rpc/v3` does, and also resolves `regionId` to that
 * region's endpoint (public, or VPC with `network: "vpc"`) from the table
 * `ECS_REGIONS` when no `endpoint` is given. This is the `signRequestV3` of
 * `@acs/rpc`. Like {@linkcode signRequest}, it takes `product` for other
 * products.
 *
 * @param options The action, parameters, credentials and request settings,
 * with `headers` and `body`, and `product`.
 * @returns The method, URL, headers and body to send, and every stage.
 * @throws {AcsTypeError} Every error of `signRequestV3` of `@acs/rpc/v3`.
 * @throws {AcsRangeError} Those errors, and `unknown-region` and
 * `no-vpc-endpoint` from {@linkcode resolveEndpoint}.
 *
 * @example Signing for a region with V3
 * ```ts
 * import { signRequestV3 } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const request = signRequestV3({
 *   action: "DescribeInstances",
 *   regionId: "ap-southeast-3",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 * });
 * assert.equal(request.url, "https://ecs.ap-southeast-3.aliyuncs.com/?RegionId=ap-southeast-3");
 * assert.equal(request.headers["x-acs-action"], "DescribeInstances");
 * ```
 */
export function signRequestV3(options: RegionalSignRequestV3Options): SignedRequestV3 {
  return signForRegion(options, signV3ForEndpoint);
}
