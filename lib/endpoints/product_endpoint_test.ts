import { test } from "node:test";
import assert from "node:assert/strict";
import { productEndpoint } from "./product_endpoint.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";

test("productEndpoint() follows the regional rule <product>.<region>.aliyuncs.com and -vpc", () => {
  // The VPC API's endpoint page lists exactly these for China (Hangzhou) and Singapore.
  assert.equal(productEndpoint("vpc", "cn-hangzhou"), "vpc.cn-hangzhou.aliyuncs.com");
  assert.equal(
    productEndpoint("vpc", "cn-hangzhou", { network: "vpc" }),
    "vpc-vpc.cn-hangzhou.aliyuncs.com",
  );
  assert.equal(productEndpoint("vpc", "ap-southeast-1"), "vpc.ap-southeast-1.aliyuncs.com");
  assert.equal(productEndpoint("slb", "cn-wuhan-lr"), "slb.cn-wuhan-lr.aliyuncs.com");
});

test("productEndpoint() keeps the sourced table for ECS", () => {
  assert.equal(productEndpoint("ecs", "cn-hangzhou"), "ecs.cn-hangzhou.aliyuncs.com");
  assert.throws(() => productEndpoint("ecs", "eu-west-2", { network: "vpc" }), {
    code: "no-vpc-endpoint",
  });
  assert.throws(() => productEndpoint("ecs", "cn-hangzou"), { code: "unknown-region" });
});

test("productEndpoint() refuses products, regions and networks of the wrong form", () => {
  const cases: [() => string, typeof AcsTypeError | typeof AcsRangeError, string, RegExp][] = [
    [
      () => productEndpoint("VPC", "cn-hangzhou"),
      AcsRangeError,
      "product",
      /product code in lower case/,
    ],
    [() => productEndpoint("vpc.evil", "cn-hangzhou"), AcsRangeError, "product", /"vpc.evil"/],
    [() => productEndpoint("", "cn-hangzhou"), AcsRangeError, "product", /product code/],
    [() => productEndpoint("vpc", "cn hangzhou"), AcsRangeError, "regionId", /region id such as/],
    [() => productEndpoint("vpc", "x".repeat(1000)), AcsRangeError, "regionId", /"x{40}…"/],
    [
      () => productEndpoint("vpc", "cn-hangzhou", { network: "lan" as "vpc" }),
      AcsRangeError,
      "network",
      /"public" or "vpc"/,
    ],
    [
      () => productEndpoint(1 as unknown as string, "cn-hangzhou"),
      AcsTypeError,
      "product",
      /got number/,
    ],
    [() => productEndpoint("vpc", null as unknown as string), AcsTypeError, "regionId", /got null/],
  ];
  for (const [run, type, parameter, message] of cases) {
    assert.throws(run, (error: unknown) => {
      assert.ok(error instanceof type);
      assert.equal(error.code, "invalid-option");
      assert.equal(error.parameter, parameter);
      assert.match(error.message, message);
      return true;
    });
  }
});

test("productEndpoint() gives coded errors for a revoked Proxy as product or options", () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  for (
    const [call, parameter] of [
      [() => productEndpoint(proxy as never, "cn-hangzhou"), "product"],
      [() => productEndpoint("vpc", "cn-hangzhou", proxy), "options"],
    ] as const
  ) {
    assert.throws(
      call,
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === parameter,
    );
  }
});

test("productEndpoint() gives resolveEndpoint's coded error for a revoked Proxy", () => {
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const cases: [() => unknown, string, string][] = [
    [() => productEndpoint(revoked() as unknown as string, "cn-hangzhou"), "product", "product"],
    [() => productEndpoint("vpc", revoked() as unknown as string), "regionId", "region id"],
  ];
  for (const [call, parameter, what] of cases) {
    assert.throws(call, {
      name: "AcsTypeError",
      code: "invalid-option",
      parameter,
      message: `Cannot resolve endpoint: expected the ${what} to be a string, got object`,
    });
  }
});
