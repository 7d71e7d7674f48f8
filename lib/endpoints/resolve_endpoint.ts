/**
 * Resolving the ECS endpoint (host name) for a region.
 *
 * @module
 */

import { ECS_REGIONS, type EcsRegion } from "./ecs_regions.ts";
import { parseEndpoint } from "../_internal/endpoint.ts";
import { closestWords, kindOf, orList, quotePrefix } from "../_internal/suggest.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { checkOptions, checkString } from "./_checks.ts";

/** Options for {@linkcode resolveEndpoint}. */
export interface ResolveEndpointOptions {
  /**
   * Which endpoint of the region to use: `"public"` (the default), reachable
   * from anywhere, or `"vpc"`, reachable only from inside a VPC of that same
   * region (not from other regions, nor from the internet).
   */
  network?: "public" | "vpc" | undefined;
  /**
   * An endpoint to use instead of the table, such as the central endpoint
   * `ecs.aliyuncs.com`, an endpoint of a region the table does not know yet,
   * or a local server: a host name with an optional `:port`, or an `http://`
   * or `https://` URL of one (no path or query). Returned as given.
   */
  endpoint?: string | undefined;
}

const BY_ID: ReadonlyMap<string, EcsRegion> = new Map(
  ECS_REGIONS.map((region) => [region.regionId, region]),
);

const MAX_SUGGESTIONS = 3;

/**
 * Returns the ECS endpoint (host name, without scheme) for a region, from
 * {@linkcode ECS_REGIONS}.
 *
 * An explicit `endpoint` option always wins: it is returned as given and the
 * table is not consulted, so `regionId` may then be any string. A closed
 * region still resolves (its row in {@linkcode regions} says `closed: true`).
 * VPC endpoints (`network: "vpc"`) work only from inside a VPC of that same
 * region; call from anywhere else with the public endpoint.
 *
 * @param regionId The region id, such as `"cn-hangzhou"`.
 * @param options Which network to use, or an explicit endpoint.
 * @returns The host name, such as `"ecs.cn-hangzhou.aliyuncs.com"`.
 * @throws {AcsRangeError} With code `unknown-region` when the region id is
 * not in the table (the message suggests the closest known ids),
 * `no-vpc-endpoint` when `network` is `"vpc"` and the region has no
 * documented VPC endpoint, and `invalid-option` when `network` is neither
 * `"public"` nor `"vpc"` or `endpoint` is neither a host name nor the URL of one.
 * @throws {AcsTypeError} With code `invalid-option` when `regionId`, the
 * options or one of them has the wrong type.
 *
 * @example Choosing an endpoint
 * ```ts
 * import { AcsRangeError, resolveEndpoint } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.equal(resolveEndpoint("ap-southeast-3"), "ecs.ap-southeast-3.aliyuncs.com");
 * assert.equal(
 *   resolveEndpoint("ap-southeast-3", { network: "vpc" }),
 *   "ecs-vpc.ap-southeast-3.aliyuncs.com",
 * );
 * assert.equal(
 *   resolveEndpoint("cn-hangzhou", { endpoint: "ecs.aliyuncs.com" }),
 *   "ecs.aliyuncs.com",
 * );
 * assert.throws(() => resolveEndpoint("cn-hangzou"), {
 *   name: "AcsRangeError",
 *   code: "unknown-region",
 *   message:
 *     'Cannot resolve endpoint for region "cn-hangzou": unknown region id; did you mean "cn-hangzhou"?',
 * });
 * assert.throws(
 *   () => resolveEndpoint("eu-west-2", { network: "vpc" }),
 *   (error) => error instanceof AcsRangeError && error.code === "no-vpc-endpoint",
 * );
 * ```
 */
export function resolveEndpoint(
  regionId: string,
  options: ResolveEndpointOptions = {},
): string {
  checkString(regionId, "regionId");
  checkOptions(options);
  // Each option read once: what is checked is what is returned.
  let networkOption: unknown;
  let endpoint: unknown;
  try {
    networkOption = options.network;
    endpoint = options.endpoint;
  } catch (cause) {
    throw new AcsTypeError(
      "invalid-option",
      "Cannot resolve endpoint: reading the options threw",
      { parameter: "options", cause },
    );
  }
  const network: unknown = networkOption ?? "public";
  if (typeof network !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot use network: expected a string, got ${kindOf(network)}`,
      { parameter: "network" },
    );
  }
  if (network !== "public" && network !== "vpc") {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot use network ${quote(network)}: expected "public" or "vpc"`,
      { parameter: "network" },
    );
  }
  if (endpoint !== undefined) {
    parseEndpoint(endpoint);
    return endpoint as string;
  }

  const region = BY_ID.get(regionId);
  if (region === undefined) {
    const closest = closestRegionIds(regionId);
    const hint = closest.length === 0
      ? 'pass an explicit "endpoint" option for a region not in the table'
      : `did you mean ${orList(closest.map(quote))}?`;
    throw new AcsRangeError(
      "unknown-region",
      `Cannot resolve endpoint for region ${quote(regionId)}: unknown region id; ${hint}`,
      { parameter: "regionId" },
    );
  }
  if (network === "public") return region.publicEndpoint;
  if (region.vpcEndpoint === null) {
    throw new AcsRangeError(
      "no-vpc-endpoint",
      `Cannot resolve VPC endpoint for region ${
        quote(regionId)
      }: no VPC endpoint is documented; use the public network or pass an explicit "endpoint" option`,
      { parameter: "network" },
    );
  }
  return region.vpcEndpoint;
}

const REGION_IDS: readonly string[] = ECS_REGIONS.map((region) => region.regionId);
/** Longer than any region id with some white space around it: not worth trimming. */
const MAX_TRIMMED_LENGTH = 256;

/**
 * The known ids nearest to `regionId` (all at the same, smallest distance, in
 * table order), or none when even the nearest is too far to be a typo. The
 * cost is bounded whatever the length of `regionId`: a long one gets no
 * suggestion.
 */
function closestRegionIds(regionId: string): string[] {
  if (regionId.length > MAX_TRIMMED_LENGTH) return [];
  return closestWords(regionId.trim().toLowerCase(), REGION_IDS, MAX_SUGGESTIONS);
}

/** The value in quotes, or a prefix of it when it is long (see quotePrefix). */
function quote(value: string): string {
  return quotePrefix(value);
}
