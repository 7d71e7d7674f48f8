// The requests and strings every implementation is measured on, as plain
// data: each implementation receives them in its own natural input form.

import { json, type Params } from "@acs/rpc";

/** The documentation's test credentials; nothing here is sent anywhere. */
export const CREDENTIALS = { accessKeyId: "testid", accessKeySecret: "testsecret" } as const;
/** The fixed moment of signing, for the implementations that accept one. */
export const TIMESTAMP = "2016-02-23T12:46:24Z";
/** The fixed `SignatureNonce`, for the implementations that accept one. */
export const NONCE = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
export const VERSION = "2014-05-26";

/** One request to sign, in each implementation's input form. */
export interface Scenario {
  /** Short id used in tables. */
  readonly id: "small" | "typical" | "large";
  /** What the request is, for the report. */
  readonly label: string;
  /** A few words for summary tables. */
  readonly short: string;
  readonly action: string;
  /** acs-rpc's region option (it adds `RegionId` and picks the endpoint). */
  readonly regionId: string | undefined;
  /** The host every implementation sends to. */
  readonly host: string;
  /** acs-rpc's structured parameters (`json()` for JSON-valued ones). */
  readonly params: Params;
  /**
   * The same parameters as the official SDKs take them: nested arrays and
   * objects, JSON-valued parameters as JSON text, `RegionId` as a parameter.
   */
  readonly sdkParams: Record<string, unknown>;
}

const INSTANCE_IDS = ["i-bp67acfmxazb4ph0a1b2", "i-bp67acfmxazb4ph0a1b3"];
const TYPICAL_TAGS = [{ Key: "env", Value: "prod" }, { Key: "team", Value: "web ops" }];
const INSTANCE_NAME = "web server 杭州-01";

/** 200 instance ids for the repeat-list request. */
const MANY_IDS = Array.from(
  { length: 200 },
  (_, i) => `i-bp1g6zv0ce8oghu${i.toString(36).padStart(4, "0")}`,
);

export const SCENARIOS: readonly Scenario[] = [
  {
    id: "small",
    label: "DescribeRegions, no API parameters (the documentation's example)",
    short: "DescribeRegions (no parameters)",
    action: "DescribeRegions",
    regionId: undefined,
    host: "ecs.aliyuncs.com",
    params: {},
    sdkParams: {},
  },
  {
    id: "typical",
    label: "DescribeInstances, 10 parameters (JSON array, paging, two Tag pairs, " +
      "a name with a space and Chinese)",
    short: "DescribeInstances (typical, 10 parameters)",
    action: "DescribeInstances",
    regionId: "cn-hangzhou",
    host: "ecs.cn-hangzhou.aliyuncs.com",
    params: {
      InstanceIds: json(INSTANCE_IDS),
      Status: "Running",
      InstanceName: INSTANCE_NAME,
      PageNumber: 1,
      PageSize: 50,
      Tag: TYPICAL_TAGS,
    },
    sdkParams: {
      RegionId: "cn-hangzhou",
      InstanceIds: JSON.stringify(INSTANCE_IDS),
      Status: "Running",
      InstanceName: INSTANCE_NAME,
      PageNumber: 1,
      PageSize: 50,
      Tag: TYPICAL_TAGS,
    },
  },
  {
    id: "large",
    label: "DescribeInstanceStatus, 200 repeat-list parameters (InstanceId.1 … InstanceId.200)",
    short: "200 repeat-list parameters (7.4 KiB URL)",
    action: "DescribeInstanceStatus",
    regionId: "cn-hangzhou",
    host: "ecs.cn-hangzhou.aliyuncs.com",
    params: { InstanceId: MANY_IDS },
    sdkParams: { RegionId: "cn-hangzhou", InstanceId: MANY_IDS },
  },
];

/** Strings for the percent-encoding comparison. */
export const ENCODE_INPUTS: readonly { id: string; label: string; text: string }[] = [
  {
    id: "short-ascii",
    label: "short ASCII (a Timestamp value, 20 chars)",
    text: TIMESTAMP,
  },
  {
    id: "long-ascii",
    label: "long ASCII (a 2 KiB canonical query, the string-to-sign pass)",
    text: Array.from(
      { length: 40 },
      (_, i) => `InstanceId.${i + 1}=i-bp1g6zv0ce8oghu${i}&PageSize=50&Tag.1.Key=env`,
    ).join("&").slice(0, 2048),
  },
  {
    id: "mixed-cjk-emoji",
    label: "mixed CJK/emoji (141 UTF-16 units: Chinese, emoji, spaces, *()!)",
    text: "杭州 web 服务器 🚀 (数据库-01) *主* ✅ 备份! 上海 cache ☁️ 节点 ".repeat(3),
  },
];
