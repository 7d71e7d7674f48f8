/**
 * The endpoint of another product's region, by Alibaba Cloud's documented
 * rule for regional endpoints.
 *
 * @module
 */

import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { kindOf } from "../_internal/suggest.ts";
import { checkOptions, checkString } from "./_checks.ts";
import { resolveEndpoint } from "./resolve_endpoint.ts";

/** Options for {@linkcode productEndpoint}. */
export interface ProductEndpointOptions {
  /** `"public"` (the default) or `"vpc"`, reachable only from a VPC of that region. */
  readonly network?: "public" | "vpc" | undefined;
}

/** A product code as Alibaba Cloud writes it in host names: `vpc`, `slb`, `rds`, `cms`. */
const PRODUCT = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** A region id: `cn-hangzhou`, `ap-southeast-1`, `cn-wuhan-lr`. */
const REGION_ID = /^[a-z]{2,}(?:-[a-z0-9]+)+$/;
const MAX_LENGTH = 63;

function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * Returns a product's regional endpoint by the rule Alibaba Cloud documents
 * for regional endpoints ("Endpoints", Alibaba Cloud OpenAPI documentation,
 * https://www.alibabacloud.com/help/en/openapi/endpoints): public endpoints
 * are `<product>.<region>.aliyuncs.com`, VPC endpoints
 * `<product>-vpc.<region>.aliyuncs.com` — for example `vpc.cn-hangzhou.aliyuncs.com`
 * and `vpc-vpc.cn-hangzhou.aliyuncs.com`, as the VPC API's own endpoint page
 * lists them (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-endpoint).
 *
 * The product `ecs` keeps the sourced table of {@linkcode resolveEndpoint}.
 * Products deployed centrally (one endpoint for every region, such as
 * `vpcpeer.aliyuncs.com`) or with their own naming do not follow the rule:
 * pass their `endpoint` explicitly. The region id is checked for its form
 * only, since other products' regions are not in the ECS table.
 *
 * @param product The product code, in lower case, such as `"vpc"`.
 * @param regionId The region id, such as `"cn-hangzhou"`.
 * @param options The network: public (default) or VPC.
 * @returns The host name, such as `"vpc.cn-hangzhou.aliyuncs.com"`.
 * @throws {AcsTypeError} With code `invalid-option` when an argument is not a string.
 * @throws {AcsRangeError} With code `invalid-option` for a product code or
 * region id of the wrong form or a `network` that is neither `"public"` nor
 * `"vpc"`, and the errors of {@linkcode resolveEndpoint} for `ecs`.
 *
 * @example The VPC API's endpoints
 * ```ts
 * import { productEndpoint } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.equal(productEndpoint("vpc", "cn-hangzhou"), "vpc.cn-hangzhou.aliyuncs.com");
 * assert.equal(
 *   productEndpoint("vpc", "cn-hangzhou", { network: "vpc" }),
 *   "vpc-vpc.cn-hangzhou.aliyuncs.com",
 * );
 * assert.equal(productEndpoint("ecs", "cn-hangzhou"), "ecs.cn-hangzhou.aliyuncs.com");
 * ```
 */
export function productEndpoint(
  product: string,
  regionId: string,
  options: ProductEndpointOptions = {},
): string {
  checkString(product, "product");
  checkString(regionId, "regionId");
  checkOptions(options);
  let network: unknown;
  try {
    network = options.network ?? "public";
  } catch (error) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot resolve endpoint: reading the options threw ${
        error instanceof Error ? error.name : typeof error
      }`,
      { parameter: "options", cause: error },
    );
  }
  if (network !== "public" && network !== "vpc") {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot use network ${
        typeof network === "string" ? shown(network) : kindOf(network)
      }: expected "public" or "vpc"`,
      { parameter: "network" },
    );
  }
  if (product.length > MAX_LENGTH || !PRODUCT.test(product)) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot resolve endpoint for product ${
        shown(product)
      }: expected a product code in lower case, such as "vpc" or "slb"`,
      { parameter: "product" },
    );
  }
  if (product === "ecs") return resolveEndpoint(regionId, { network });
  if (regionId.length > MAX_LENGTH || !REGION_ID.test(regionId)) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot resolve endpoint for region ${
        shown(regionId)
      }: expected a region id such as "cn-hangzhou"`,
      { parameter: "regionId" },
    );
  }
  return network === "vpc"
    ? `${product}-vpc.${regionId}.aliyuncs.com`
    : `${product}.${regionId}.aliyuncs.com`;
}
