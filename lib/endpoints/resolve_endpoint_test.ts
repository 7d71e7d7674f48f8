import { test } from "node:test";
import assert from "node:assert/strict";
import { ECS_CENTRAL_ENDPOINT, ECS_REGIONS } from "./ecs_regions.ts";
import { AcsRangeError, AcsTypeError, type ErrorCode } from "../errors/errors.ts";
import { findRegion } from "./find_region.ts";
import { resolveEndpoint } from "./resolve_endpoint.ts";

// The rows of the request-structure page: its location name, the region id,
// the hostname as issue 3 quotes it, and whether it is in the accelerated table.
// deno-fmt-ignore
const SEED_PAGE = [
  ["China North 3 (Zhangjiakou)", "cn-zhangjiakou", "ecs.cn-zhangjiakou.aliyuncs.com", false],
  ["China North 5 (Hohhot)", "cn-huhehaote", "ecs.cn-huhehaote.aliyuncs.com", false],
  ["Asia Pacific NE 1 (Tokyo)", "ap-northeast-1", "ecs.ap-northeast-1.aliyuncs.com", false],
  ["Asia Pacific SE 2 (Sydney)", "ap-southeast-2", "ecs.ap-southeast-2.aliyuncs.com", false],
  ["Asia Pacific SE 3 (Kuala Lumpur)", "ap-southeast-3", "ecs.ap-southeast-3.aliyuncs.com", false],
  ["Asia Pacific SE 5 (Jakarta)", "ap-southeast-5", "ecs.ap-southeast-5.aliyuncs.com", false],
  ["Asia Pacific SOU 1 (Mumbai)", "ap-south-1", "ecs.ap-south-1.aliyuncs.com", false],
  ["Middle East 1 (Dubai)", "me-east-1", "ecs.me-east-1.aliyuncs.com", false],
  ["Germany 1 (Frankfurt)", "eu-central-1", "ecs.eu-central-1.aliyuncs.com", false],
  ["UK (London)", "eu-west-1", "ecs.eu-west-1.aliyuncs.com", false],
  ["Default (US West 1 Silicon Valley)", "us-west-1", "ecs.us-west-1.aliyuncs.com", true],
  ["Default (US East 1 Virginia)", "us-east-1", "ecs.us-east-1.aliyuncs.com", true],
  ["Default (Hong Kong)", "cn-hongkong", "ecs.cn-hongkong.aliyuncs.com", true],
  ["Default (Asia Pacific SE 1 Singapore)", "ap-southeast-1", "ecs.ap-southeast-1.aliyuncs.com", true],
] as const;

test("resolveEndpoint() resolves all 14 rows of the request-structure page", () => {
  assert.equal(SEED_PAGE.length, 14);
  for (const [location, regionId, host, accelerated] of SEED_PAGE) {
    assert.equal(resolveEndpoint(regionId), host, location);
    assert.equal(resolveEndpoint(regionId, { network: "public" }), host);
    const region = findRegion(location);
    assert.equal(region?.regionId, regionId, location);
    assert.equal(region?.seedLocation, location);
    assert.equal(region?.accelerated, accelerated, location);
    assert.equal(region?.seedTable, accelerated ? "accelerated" : "regional");
  }
  const onPage = ECS_REGIONS.filter((region) => region.seedTable !== null);
  assert.deepEqual(
    onPage.map((region) => region.regionId).sort(),
    SEED_PAGE.map(([, regionId]) => regionId).sort(),
  );
});

test("resolveEndpoint() returns the central endpoint when asked for it", () => {
  assert.equal(
    resolveEndpoint("cn-hangzhou", { endpoint: ECS_CENTRAL_ENDPOINT }),
    "ecs.aliyuncs.com",
  );
});

test("resolveEndpoint() follows the current docs for cn-hangzhou, not its alias", () => {
  assert.equal(resolveEndpoint("cn-hangzhou"), "ecs.cn-hangzhou.aliyuncs.com");
});

test("resolveEndpoint() returns VPC endpoints", () => {
  const cases = [
    ["cn-hangzhou", "ecs-vpc.cn-hangzhou.aliyuncs.com"],
    ["ap-southeast-3", "ecs-vpc.ap-southeast-3.aliyuncs.com"],
    ["cn-hongkong", "ecs-vpc.cn-hongkong.aliyuncs.com"],
    ["na-south-1", "ecs-vpc.na-south-1.aliyuncs.com"],
  ] as const;
  for (const [regionId, host] of cases) {
    assert.equal(resolveEndpoint(regionId, { network: "vpc" }), host);
  }
  for (const region of ECS_REGIONS) {
    if (region.vpcEndpoint === null) continue;
    assert.equal(
      resolveEndpoint(region.regionId, { network: "vpc" }),
      region.vpcEndpoint,
    );
  }
});

test("resolveEndpoint() resolves a closed region", () => {
  assert.equal(
    resolveEndpoint("ap-southeast-2"),
    "ecs.ap-southeast-2.aliyuncs.com",
  );
  assert.equal(
    resolveEndpoint("ap-southeast-2", { network: "vpc" }),
    "ecs-vpc.ap-southeast-2.aliyuncs.com",
  );
});

test("resolveEndpoint() lets an explicit endpoint win over the table", () => {
  const cases = [
    ["cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com"],
    ["eu-west-2", "ecs-vpc.eu-west-2.aliyuncs.com"],
    ["xx-new-1", "ecs.xx-new-1.aliyuncs.com"],
    ["", "localhost:8080"],
    ["cn-hangzhou", "127.0.0.1:65535"],
    ["cn-hangzhou", "[::1]:443"],
    ["cn-hangzhou", "ECS.Example.COM"],
    ["cn-hangzhou", "http://127.0.0.1:8788"],
    ["cn-hangzhou", "https://ecs.aliyuncs.com/"],
  ] as const;
  for (const [regionId, endpoint] of cases) {
    assert.equal(resolveEndpoint(regionId, { endpoint }), endpoint);
    assert.equal(
      resolveEndpoint(regionId, { endpoint, network: "vpc" }),
      endpoint,
    );
  }
});

test("resolveEndpoint() treats undefined options as absent", () => {
  assert.equal(
    resolveEndpoint("cn-beijing", { network: undefined, endpoint: undefined }),
    "ecs.cn-beijing.aliyuncs.com",
  );
});

test("resolveEndpoint() throws on bad input", () => {
  const cases: [
    () => unknown,
    typeof AcsTypeError | typeof AcsRangeError,
    ErrorCode,
    string,
    string,
  ][] = [
    [
      () => resolveEndpoint("cn-hangzou"),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region "cn-hangzou": unknown region id; did you mean "cn-hangzhou"?',
    ],
    [
      () => resolveEndpoint("cn-hangzou", { network: "vpc" }),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region "cn-hangzou": unknown region id; did you mean "cn-hangzhou"?',
    ],
    [
      () => resolveEndpoint("cn-hngzhou"),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region "cn-hngzhou": unknown region id; did you mean "cn-hangzhou"?',
    ],
    [
      () => resolveEndpoint("cn-hnagzhou"),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region "cn-hnagzhou": unknown region id; did you mean "cn-hangzhou"?',
    ],
    [
      () => resolveEndpoint("CN-Shanghai"),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region "CN-Shanghai": unknown region id; did you mean "cn-shanghai"?',
    ],
    [
      () => resolveEndpoint(" us-east-1"),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region " us-east-1": unknown region id; did you mean "us-east-1"?',
    ],
    [
      () => resolveEndpoint("ap-southeast-9"),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region "ap-southeast-9": unknown region id; did you mean "ap-southeast-1", "ap-southeast-2" or "ap-southeast-3"?',
    ],
    [
      () => resolveEndpoint("eu-west-3"),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region "eu-west-3": unknown region id; did you mean "eu-west-1" or "eu-west-2"?',
    ],
    [
      () => resolveEndpoint("mars-north-1"),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region "mars-north-1": unknown region id; pass an explicit "endpoint" option for a region not in the table',
    ],
    [
      () => resolveEndpoint(""),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region "": unknown region id; pass an explicit "endpoint" option for a region not in the table',
    ],
    [
      () => resolveEndpoint("Hong Kong"),
      AcsRangeError,
      "unknown-region",
      "regionId",
      'Cannot resolve endpoint for region "Hong Kong": unknown region id; pass an explicit "endpoint" option for a region not in the table',
    ],
    [
      () => resolveEndpoint("eu-west-2", { network: "vpc" }),
      AcsRangeError,
      "no-vpc-endpoint",
      "network",
      'Cannot resolve VPC endpoint for region "eu-west-2": no VPC endpoint is documented; use the public network or pass an explicit "endpoint" option',
    ],
    [
      () => resolveEndpoint("sa-east-1", { network: "vpc" }),
      AcsRangeError,
      "no-vpc-endpoint",
      "network",
      'Cannot resolve VPC endpoint for region "sa-east-1": no VPC endpoint is documented; use the public network or pass an explicit "endpoint" option',
    ],
    [
      () => resolveEndpoint("cn-hangzhou", { network: "internal" as "vpc" }),
      AcsRangeError,
      "invalid-option",
      "network",
      'Cannot use network "internal": expected "public" or "vpc"',
    ],
    [
      () =>
        resolveEndpoint("cn-hangzhou", {
          network: "VPC" as "vpc",
          endpoint: "ecs.aliyuncs.com",
        }),
      AcsRangeError,
      "invalid-option",
      "network",
      'Cannot use network "VPC": expected "public" or "vpc"',
    ],
    [
      () => resolveEndpoint("cn-hangzhou", { network: 1 as unknown as "vpc" }),
      AcsTypeError,
      "invalid-option",
      "network",
      "Cannot use network: expected a string, got number",
    ],
    [
      () => resolveEndpoint(42 as unknown as string),
      AcsTypeError,
      "invalid-option",
      "regionId",
      "Cannot resolve endpoint: expected the region id to be a string, got number",
    ],
    [
      () => resolveEndpoint(null as unknown as string),
      AcsTypeError,
      "invalid-option",
      "regionId",
      "Cannot resolve endpoint: expected the region id to be a string, got null",
    ],
    [
      () => resolveEndpoint("cn-hangzhou", "vpc" as unknown as { network: "vpc" }),
      AcsTypeError,
      "invalid-option",
      "options",
      "Cannot resolve endpoint: expected the options to be an object, got string",
    ],
    [
      () => resolveEndpoint("cn-hangzhou", null as unknown as { network: "vpc" }),
      AcsTypeError,
      "invalid-option",
      "options",
      "Cannot resolve endpoint: expected the options to be an object, got null",
    ],
    [
      () =>
        resolveEndpoint("cn-hangzhou", {
          endpoint: ["a"] as unknown as string,
        }),
      AcsTypeError,
      "invalid-option",
      "endpoint",
      "Cannot use endpoint: expected a string, got array",
    ],
    ...([
      [
        "ecs.aliyuncs.com/",
        "expected a host name with an optional port, without path, query, user or spaces",
      ],
      [
        "ecs.aliyuncs.com/?Action=DescribeRegions",
        "expected a host name with an optional port, without path, query, user or spaces",
      ],
      [
        "user@ecs.aliyuncs.com",
        "expected a host name with an optional port, without path, query, user or spaces",
      ],
      [
        "https://user@ecs.aliyuncs.com",
        "expected a host name with an optional port, without path, query, user or spaces",
      ],
      [
        "https://ecs.aliyuncs.com?x",
        "expected a host name with an optional port, without path, query, user or spaces",
      ],
      ["ecs.aliyuncs.com:0", "the port must be a number from 1 to 65535"],
      ["ecs.aliyuncs.com:65536", "the port must be a number from 1 to 65535"],
      ["ecs.aliyuncs.com:", "the port must be a number from 1 to 65535"],
      ["ecs.aliyuncs.com:08", "the port must be a number from 1 to 65535"],
      [
        " ecs.aliyuncs.com",
        "expected a host name with an optional port, without path, query, user or spaces",
      ],
      [
        "ecs..aliyuncs.com",
        "expected a host name (letters, digits and hyphens, between dots), an IPv4 address or a bracketed IPv6 address",
      ],
      [
        "-ecs.aliyuncs.com",
        "expected a host name (letters, digits and hyphens, between dots), an IPv4 address or a bracketed IPv6 address",
      ],
      ["", "expected a host name with an optional port, without path, query, user or spaces"],
      [
        "http://",
        "expected a host name with an optional port, without path, query, user or spaces",
      ],
      ["999.999.999.999", "not a valid IPv4 address (four numbers from 0 to 255)"],
      ["1.2.3", "not a valid IPv4 address (four numbers from 0 to 255)"],
      ["01.2.3.4", "not a valid IPv4 address (four numbers from 0 to 255)"],
      ["[1.2.3.4]", "not a valid IPv6 address"],
      ["[::1::2]", "not a valid IPv6 address"],
      ["[::1", "an IPv6 address needs its closing bracket"],
      ["[0:0::1]", 'write the IPv6 address as "[::1]"'],
      ["ecs.123", "the last label of a host name must not be a number"],
      ["0x7f.1", "the last label of a host name must not be a number"],
      ["ecs.0x7f", "the last label of a host name must not be a number"],
      ["ftp://ecs.aliyuncs.com", 'expected "https://" or "http://", or a bare host name'],
    ] as const).map(([endpoint, problem]): [
      () => unknown,
      typeof AcsRangeError,
      ErrorCode,
      string,
      string,
    ] => [
      () => resolveEndpoint("cn-hangzhou", { endpoint }),
      AcsRangeError,
      "invalid-option",
      "endpoint",
      `Cannot use endpoint ${JSON.stringify(endpoint)}: ${problem}`,
    ]),
  ];
  for (const [call, errorClass, code, parameter, message] of cases) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof errorClass, message);
      assert.equal(error.code, code);
      assert.equal(error.parameter, parameter);
      assert.equal(error.message, message);
      return true;
    });
  }
});

test("resolveEndpoint() quotes only a prefix of a long unknown id and suggests nothing", () => {
  const long = "cn-hangzhou" + "x".repeat(4 * 1024 * 1024);
  assert.throws(() => resolveEndpoint(long), (error) => {
    assert.ok(error instanceof AcsRangeError);
    assert.equal(error.code, "unknown-region");
    assert.ok(error.message.length < 300, `message of ${error.message.length} characters`);
    assert.ok(error.message.includes(`"cn-hangzhouxxxx`));
    assert.ok(error.message.includes("(4194315 UTF-16 code units)"));
    assert.ok(!error.message.includes("did you mean"));
    return true;
  });
  // Just past the compared length: no suggestion either, however close.
  const padded = "cn-hangzhou" + "-".repeat(60);
  assert.throws(
    () => resolveEndpoint(padded),
    (error) => error instanceof AcsRangeError && !error.message.includes("did you mean"),
  );
  // A surrogate pair at the cut is kept whole or left out, never halved.
  const emoji = "😀".repeat(100);
  assert.throws(
    () => resolveEndpoint(emoji),
    (error) => error instanceof AcsRangeError && !/\\ud83d"/.test(error.message),
  );
});

test("findRegion() answers a 4 MB query without reading it", () => {
  assert.equal(findRegion("cn-hangzhou" + " ".repeat(4 * 1024 * 1024)), undefined);
  assert.equal(findRegion("  cn-hangzhou  ")?.regionId, "cn-hangzhou");
});
