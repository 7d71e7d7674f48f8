import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { ECS_CENTRAL_ENDPOINT, ECS_REGIONS, regions } from "./ecs_regions.ts";

interface ReferenceRegion {
  regionId: string;
  seedLocation: string | null;
  name: string | null;
  publicEndpoint: string;
  vpcEndpoint: string | null;
  seedTable: "regional" | "accelerated" | null;
  closed: boolean;
  basis: string;
}

interface Reference {
  central: { hostname: string };
  conflicts: string[];
  regions: ReferenceRegion[];
}

// The project's copy of the reference (../shared/reference/ecs-endpoints.json,
// where the endpoint data was compiled), so the tests run in any clone.
const REFERENCE = new URL("../../conformance/reference/ecs-endpoints.json", import.meta.url);
const SHARED = new URL("../../shared/reference/ecs-endpoints.json", import.meta.url);
const reference: Reference = JSON.parse(readFileSync(REFERENCE, "utf8"));

test("the project's copy of the endpoint reference holds the shared reference's data", (t) => {
  if (!existsSync(SHARED)) {
    t.skip("../shared/reference is not beside this clone");
    return;
  }
  assert.deepEqual(reference, JSON.parse(readFileSync(SHARED, "utf8")));
});

test("ECS_REGIONS has one row per region of the reference JSON, in order", () => {
  assert.equal(ECS_REGIONS.length, 37);
  assert.deepEqual(
    ECS_REGIONS.map((region) => region.regionId),
    reference.regions.map((region) => region.regionId),
  );
});

test("ECS_REGIONS rows match the reference JSON field by field", () => {
  for (const [index, expected] of reference.regions.entries()) {
    const { aliases: _, ...row } = ECS_REGIONS[index]!;
    assert.deepEqual(row, {
      regionId: expected.regionId,
      name: expected.name,
      seedLocation: expected.seedLocation,
      publicEndpoint: expected.publicEndpoint,
      vpcEndpoint: expected.vpcEndpoint,
      accelerated: expected.seedTable === "accelerated",
      seedTable: expected.seedTable,
      closed: expected.closed,
      source: expected.basis,
    });
  }
});

test("ECS_REGIONS keeps cn-hangzhou's older hostname as its only alias", () => {
  const withAliases = ECS_REGIONS
    .filter((region) => region.aliases.length > 0)
    .map(({ regionId, aliases }) => ({ regionId, aliases }));
  assert.deepEqual(withAliases, [
    { regionId: "cn-hangzhou", aliases: ["ecs-cn-hangzhou.aliyuncs.com"] },
  ]);
  const conflict = reference.conflicts.find((text) => text.startsWith("cn-hangzhou:"));
  assert.match(conflict ?? "", /ecs-cn-hangzhou\.aliyuncs\.com/);
});

test("ECS_REGIONS endpoints follow the documented host name patterns", () => {
  for (const region of ECS_REGIONS) {
    assert.equal(
      region.publicEndpoint,
      `ecs.${region.regionId}.aliyuncs.com`,
      region.regionId,
    );
    if (region.vpcEndpoint !== null) {
      assert.equal(
        region.vpcEndpoint,
        `ecs-vpc.${region.regionId}.aliyuncs.com`,
        region.regionId,
      );
    }
  }
});

test("ECS_REGIONS and its rows are frozen", () => {
  assert.ok(Object.isFrozen(ECS_REGIONS));
  for (const region of ECS_REGIONS) {
    assert.ok(Object.isFrozen(region), region.regionId);
    assert.ok(Object.isFrozen(region.aliases), region.regionId);
  }
});

test("ECS_CENTRAL_ENDPOINT is the Default row of the request-structure page", () => {
  assert.equal(ECS_CENTRAL_ENDPOINT, "ecs.aliyuncs.com");
  assert.equal(ECS_CENTRAL_ENDPOINT, reference.central.hostname);
});

test("regions() lists every row and marks ap-southeast-2 closed", () => {
  const list = regions();
  assert.deepEqual(list, [...ECS_REGIONS]);
  assert.deepEqual(
    list.filter((region) => region.closed).map((region) => region.regionId),
    ["ap-southeast-2"],
  );
});

test("regions() returns a new array each time", () => {
  const list = regions();
  list.pop();
  assert.equal(regions().length, 37);
  assert.notEqual(regions(), regions());
});
