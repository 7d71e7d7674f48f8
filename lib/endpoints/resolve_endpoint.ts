/**
 * Resolving the ECS endpoint (host name) for a region.
 *
 * @module
 */

import { ECS_REGIONS, type EcsRegion } from "./ecs_regions.ts";
import { parseEndpoint } from "../_internal/endpoint.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";

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
  if (typeof regionId !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot resolve endpoint: expected the region id to be a string, got ${describe(regionId)}`,
      { parameter: "regionId" },
    );
  }
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot resolve endpoint: expected the options to be an object, got ${describe(options)}`,
      { parameter: "options" },
    );
  }
  const network: unknown = options.network ?? "public";
  if (typeof network !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot use network: expected a string, got ${describe(network)}`,
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
  if (options.endpoint !== undefined) {
    parseEndpoint(options.endpoint);
    return options.endpoint;
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

/**
 * The known ids nearest to `regionId` (all at the same, smallest distance, in
 * table order), or none when even the nearest is too far to be a typo.
 */
function closestRegionIds(regionId: string): string[] {
  const wanted = regionId.trim().toLowerCase();
  const distances = ECS_REGIONS.map((region) => ({
    id: region.regionId,
    distance: editDistance(wanted, region.regionId),
  }));
  const nearest = Math.min(...distances.map(({ distance }) => distance));
  // About one edit in three characters, and at least two, can be a typo.
  if (nearest > Math.max(2, Math.floor(wanted.length / 3))) return [];
  return distances
    .filter(({ distance }) => distance === nearest)
    .slice(0, MAX_SUGGESTIONS)
    .map(({ id }) => id);
}

/**
 * The Damerau–Levenshtein distance (optimal string alignment): insertions,
 * deletions, substitutions and swaps of two neighbouring characters.
 */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, before[j - 2]! + 1);
      }
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

function orList(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}
