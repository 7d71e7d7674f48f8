/**
 * Finding an ECS region by the name of its location.
 *
 * @module
 */

import { ECS_REGIONS, type EcsRegion } from "./ecs_regions.ts";
import { AcsTypeError } from "../errors/mod.ts";

// The request-structure page wraps its accelerated rows as "Default (…)".
const DEFAULT_WRAPPER = /^Default \((.*)\)$/;

const BY_NAME: ReadonlyMap<string, EcsRegion> = new Map(
  ECS_REGIONS.flatMap((region) => {
    const names: (string | null)[] = [
      region.regionId,
      region.name,
      region.seedLocation,
      region.seedLocation?.match(DEFAULT_WRAPPER)?.[1] ?? null,
    ];
    return names.flatMap((name) => name === null ? [] : [[normalize(name), region] as const]);
  }),
);

/** Longer than any region id or location name, with room for white space. */
const MAX_QUERY_LENGTH = 256;

/**
 * Finds a region of {@linkcode ECS_REGIONS} by its region id, its current
 * English name, or the location name of the request-structure page (with or
 * without that page's `Default (…)` wrapper). Letter case, white space and
 * parentheses are ignored, so `"Asia Pacific SE 3 (Kuala Lumpur)"`,
 * `"asia pacific se 3 kuala lumpur"` and `"Malaysia (Kuala Lumpur)"` all find
 * `ap-southeast-3`. Closed regions are found too; check `closed`. A query
 * longer than 256 characters finds nothing, without being read.
 *
 * @param query A region id or a location name.
 * @returns The region, or `undefined` when nothing matches.
 * @throws {AcsTypeError} With code `invalid-option` when `query` is not a
 * string.
 *
 * @example Finding the endpoint for a location name
 * ```ts
 * import { findRegion, resolveEndpoint } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const region = findRegion("Asia Pacific SE 3 (Kuala Lumpur)");
 * assert.equal(region?.regionId, "ap-southeast-3");
 * assert.equal(findRegion("Hong Kong")?.regionId, "cn-hongkong");
 * assert.equal(findRegion("Atlantis"), undefined);
 * if (region) {
 *   assert.equal(resolveEndpoint(region.regionId), "ecs.ap-southeast-3.aliyuncs.com");
 * }
 * ```
 */
export function findRegion(query: string): EcsRegion | undefined {
  if (typeof query !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot find region: expected a string, got ${query === null ? "null" : typeof query}`,
      { parameter: "query" },
    );
  }
  // No name in the table is anywhere near this long: answer without reading it.
  if (query.length > MAX_QUERY_LENGTH) return undefined;
  return BY_NAME.get(normalize(query));
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[\s()]+/g, "");
}
