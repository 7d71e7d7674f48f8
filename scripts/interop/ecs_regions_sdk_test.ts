// Compares the endpoint table with what the official ECS client for Node
// resolves. Constructing a client computes its endpoint from the region id
// (its `_endpointMap`, then the "regional" rule
// `ecs[-<network>].<regionId>.aliyuncs.com` of @alicloud/openapi-core); no
// credentials are given and no API is called, so nothing touches the network.
import { test } from "node:test";
import assert from "node:assert/strict";
import ecs20140526 from "@alicloud/ecs20140526";
import { ECS_REGIONS, type RegionId } from "../../lib/endpoints/ecs_regions.ts";

// A CommonJS module: its default import is `module.exports`, whose own
// `default` is the client class.
const EcsClient = ecs20140526.default;

type ClientConfig = ConstructorParameters<typeof EcsClient>[0];

type Network = "public" | "vpc";

interface Difference {
  ours: string | null;
  sdk: string;
}

/** A difference we know of, and why our table is right. */
interface KnownDifference extends Difference {
  reason: string;
}

function sdkEndpoint(regionId: string, network: Network): string {
  const config = { regionId, network } as unknown as ClientConfig;
  return new EcsClient(config)._endpoint;
}

function differences(network: Network): Record<string, Difference> {
  const found: Record<string, Difference> = {};
  for (const region of ECS_REGIONS) {
    const ours = network === "public" ? region.publicEndpoint : region.vpcEndpoint;
    const sdk = sdkEndpoint(region.regionId, network);
    if (ours !== sdk) found[region.regionId] = { ours, sdk };
  }
  return found;
}

function withoutReasons(
  known: Partial<Record<RegionId, KnownDifference>>,
): Record<string, Difference> {
  return Object.fromEntries(
    Object.entries(known).map(([id, { ours, sdk }]) => [id, { ours, sdk }]),
  );
}

const PUBLIC_DIFFERENCES: Partial<Record<RegionId, KnownDifference>> = {
  "cn-hangzhou": {
    ours: "ecs.cn-hangzhou.aliyuncs.com",
    sdk: "ecs-cn-hangzhou.aliyuncs.com",
    reason: "the current Endpoints page lists ecs.cn-hangzhou.aliyuncs.com; the SDK's " +
      "_endpointMap keeps the 2019 hostname, which our row keeps as an alias",
  },
};

const VPC_DIFFERENCES: Partial<Record<RegionId, KnownDifference>> = {
  "cn-hangzhou": {
    ours: "ecs-vpc.cn-hangzhou.aliyuncs.com",
    sdk: "ecs-cn-hangzhou.aliyuncs.com",
    reason: "the SDK's _endpointMap entry wins over its network option, so it sends " +
      "VPC requests to the public 2019 hostname; the reference data gives the " +
      "documented pattern ecs-vpc.<regionId>.aliyuncs.com",
  },
  "eu-west-2": {
    ours: null,
    sdk: "ecs-vpc.eu-west-2.aliyuncs.com",
    reason: "the SDK derives a VPC hostname from its rule for any region id; no VPC " +
      "endpoint is documented for eu-west-2, so we refuse rather than guess",
  },
  "sa-east-1": {
    ours: null,
    sdk: "ecs-vpc.sa-east-1.aliyuncs.com",
    reason: "the SDK derives a VPC hostname from its rule for any region id; no VPC " +
      "endpoint is documented for sa-east-1, so we refuse rather than guess",
  },
};

test("ECS_REGIONS public endpoints differ from @alicloud/ecs20140526 only as listed", () => {
  assert.deepEqual(
    differences("public"),
    withoutReasons(PUBLIC_DIFFERENCES),
  );
});

test("ECS_REGIONS VPC endpoints differ from @alicloud/ecs20140526 only as listed", () => {
  assert.deepEqual(differences("vpc"), withoutReasons(VPC_DIFFERENCES));
});

test("the listed differences from @alicloud/ecs20140526 all give a reason", () => {
  for (const diff of [PUBLIC_DIFFERENCES, VPC_DIFFERENCES]) {
    for (const [regionId, { reason }] of Object.entries(diff)) {
      assert.ok(reason.length > 0, regionId);
    }
  }
});

test("@alicloud/ecs20140526 computes its endpoint from the region id and network", () => {
  assert.equal(
    sdkEndpoint("ap-southeast-3", "public"),
    "ecs.ap-southeast-3.aliyuncs.com",
  );
  assert.equal(
    sdkEndpoint("ap-southeast-3", "vpc"),
    "ecs-vpc.ap-southeast-3.aliyuncs.com",
  );
});
