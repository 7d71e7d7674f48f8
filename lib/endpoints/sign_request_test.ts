import { test } from "node:test";
import assert from "node:assert/strict";
import { signRequest } from "./sign_request.ts";

const credentials = { accessKeyId: "testid", accessKeySecret: "testsecret" };
const host = (url: string) => new URL(url).host;

test("signRequest() resolves a product's regional endpoint, public or VPC", () => {
  const base = { action: "DescribeVpcs", version: "2016-04-28", product: "vpc", credentials };
  assert.equal(
    host(signRequest({ ...base, regionId: "cn-hangzhou" }).url),
    "vpc.cn-hangzhou.aliyuncs.com",
  );
  assert.equal(
    host(signRequest({ ...base, regionId: "cn-hangzhou", network: "vpc" }).url),
    "vpc-vpc.cn-hangzhou.aliyuncs.com",
  );
  // An explicit endpoint wins over the product.
  assert.equal(
    host(signRequest({ ...base, regionId: "cn-hangzhou", endpoint: "vpc.aliyuncs.com" }).url),
    "vpc.aliyuncs.com",
  );
});

test("signRequest() refuses a regionId with a version other than ECS's and neither product nor endpoint", () => {
  assert.throws(
    () =>
      signRequest({
        action: "DescribeVpcs",
        version: "2016-04-28",
        regionId: "cn-hangzhou",
        credentials,
      }),
    {
      name: "AcsTypeError",
      code: "invalid-option",
      parameter: "product",
      message:
        'Cannot sign request: version "2016-04-28" is not the ECS API\'s ("2014-05-26"), and the endpoint table is ECS\'s; pass "product" (such as "vpc") with "regionId", or an explicit "endpoint"',
    },
  );
  // Without a region it goes where it is sent: the central endpoint, or an explicit one.
  assert.equal(
    host(signRequest({ action: "DescribeVpcs", version: "2016-04-28", credentials }).url),
    "ecs.aliyuncs.com",
  );
  // ECS's own version, explicit or by default, still uses the table.
  for (const version of ["2014-05-26", undefined]) {
    assert.equal(
      host(
        signRequest({ action: "DescribeRegions", version, regionId: "cn-hangzhou", credentials })
          .url,
      ),
      "ecs.cn-hangzhou.aliyuncs.com",
    );
  }
  // An explicit endpoint needs no product.
  assert.equal(
    host(
      signRequest({
        action: "DescribeVpcs",
        version: "2016-04-28",
        endpoint: "vpc.aliyuncs.com",
        credentials,
      }).url,
    ),
    "vpc.aliyuncs.com",
  );
});

test("signRequest() refuses a product without a region, or of the wrong type", () => {
  assert.throws(
    () => signRequest({ action: "DescribeVpcs", product: "vpc", credentials }),
    { code: "invalid-option", parameter: "regionId", message: /"product" "vpc" needs "regionId"/ },
  );
  for (const product of [null, 1, ["vpc"]]) {
    assert.throws(
      () => signRequest({ action: "DescribeVpcs", product: product as never, credentials }),
      { code: "invalid-option", parameter: "product" },
    );
  }
});
