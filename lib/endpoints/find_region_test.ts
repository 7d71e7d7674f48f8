import { test } from "node:test";
import assert from "node:assert/strict";
import { ECS_REGIONS } from "./ecs_regions.ts";
import { AcsTypeError } from "../errors/errors.ts";
import { findRegion } from "./find_region.ts";

// A name shared by two regions would fail here for one of them.
test("findRegion() finds every region by id, name and page location", () => {
  for (const region of ECS_REGIONS) {
    for (const query of [region.regionId, region.name, region.seedLocation]) {
      if (query === null) continue;
      assert.equal(findRegion(query), region, query);
    }
  }
});

test("findRegion() finds the request-structure page's location names", () => {
  const cases = [
    ["Asia Pacific SE 3 (Kuala Lumpur)", "ap-southeast-3"],
    ["China North 3 (Zhangjiakou)", "cn-zhangjiakou"],
    ["UK (London)", "eu-west-1"],
    ["Default (Hong Kong)", "cn-hongkong"],
    ["Default (US West 1 Silicon Valley)", "us-west-1"],
  ] as const;
  for (const [query, regionId] of cases) {
    assert.equal(findRegion(query)?.regionId, regionId, query);
  }
});

test("findRegion() finds accelerated rows without their Default wrapper", () => {
  const cases = [
    ["Hong Kong", "cn-hongkong"],
    ["US West 1 Silicon Valley", "us-west-1"],
    ["US West 1 (Silicon Valley)", "us-west-1"],
    ["US East 1 (Virginia)", "us-east-1"],
    ["Asia Pacific SE 1 (Singapore)", "ap-southeast-1"],
  ] as const;
  for (const [query, regionId] of cases) {
    assert.equal(findRegion(query)?.regionId, regionId, query);
  }
});

test("findRegion() ignores case, white space and parentheses", () => {
  const cases = [
    ["asia pacific se 3 (kuala lumpur)", "ap-southeast-3"],
    ["  Asia  Pacific SE 3\t(Kuala Lumpur) ", "ap-southeast-3"],
    ["ASIA PACIFIC SE3 KUALA LUMPUR", "ap-southeast-3"],
    ["hongkong", "cn-hongkong"],
    ["china (hong kong)", "cn-hongkong"],
    ["CN-HANGZHOU", "cn-hangzhou"],
    ["Malaysia (Kuala Lumpur)", "ap-southeast-3"],
    ["Malaysia (Johor)", "ap-southeast-8"],
  ] as const;
  for (const [query, regionId] of cases) {
    assert.equal(findRegion(query)?.regionId, regionId, query);
  }
});

test("findRegion() finds a closed region", () => {
  const region = findRegion("Asia Pacific SE 2 (Sydney)");
  assert.equal(region?.regionId, "ap-southeast-2");
  assert.equal(region?.closed, true);
});

test("findRegion() returns undefined for unknown names", () => {
  for (
    const query of [
      "",
      " ",
      "Default",
      "Kuala Lumpur",
      "cn-hangzou",
      "ecs.cn-hangzhou.aliyuncs.com",
    ]
  ) {
    assert.equal(findRegion(query), undefined, query);
  }
});

test("findRegion() throws on a query that is not a string", () => {
  for (const [query, got] of [[42, "number"], [null, "null"]] as const) {
    assert.throws(() => findRegion(query as unknown as string), (error) => {
      assert.ok(error instanceof AcsTypeError);
      assert.equal(error.code, "invalid-option");
      assert.equal(error.parameter, "query");
      assert.equal(
        error.message,
        `Cannot find region: expected a string, got ${got}`,
      );
      return true;
    });
  }
});
