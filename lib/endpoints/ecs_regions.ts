/**
 * The ECS endpoint table: every public ECS region with its public and VPC
 * endpoints, its names, and where each hostname comes from.
 *
 * @module
 */

/**
 * The central ECS endpoint: the `Default` row of the request-structure page,
 * in the China (Hangzhou) central region. The page recommends an endpoint
 * chosen by where the caller is, to reduce network latency; see
 * {@linkcode ECS_REGIONS}.
 *
 * @example Using the central endpoint
 * ```ts
 * import { ECS_CENTRAL_ENDPOINT, resolveEndpoint } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ECS_CENTRAL_ENDPOINT, "ecs.aliyuncs.com");
 * assert.equal(
 *   resolveEndpoint("cn-hangzhou", { endpoint: ECS_CENTRAL_ENDPOINT }),
 *   "ecs.aliyuncs.com",
 * );
 * ```
 */
export const ECS_CENTRAL_ENDPOINT = "ecs.aliyuncs.com" as const;

/**
 * One row of {@linkcode ECS_REGIONS}: an ECS region, its names and its
 * endpoints.
 *
 * @typeParam Id The type of the region id; {@linkcode RegionId} by default.
 */
export interface EcsRegion<Id extends string = RegionId> {
  /** The region id, as sent in the `RegionId` request parameter. */
  readonly regionId: Id;
  /** The current English name, or `null` where the documentation gives none. */
  readonly name: string | null;
  /**
   * The location name exactly as the request-structure page writes it (such
   * as `"Asia Pacific SE 3 (Kuala Lumpur)"` or `"Default (Hong Kong)"`), or
   * `null` when the region is not on that page.
   */
  readonly seedLocation: string | null;
  /** The public endpoint (host name). */
  readonly publicEndpoint: string;
  /**
   * The VPC endpoint, reachable only from inside a VPC of this same region,
   * or `null` when none is documented.
   */
  readonly vpcEndpoint: string | null;
  /**
   * Whether the request-structure page lists the endpoint as accelerated
   * through the virtual network and Express Connect (its second table).
   */
  readonly accelerated: boolean;
  /**
   * The table of the request-structure page the region is in: `"regional"`
   * (the first), `"accelerated"` (the second), or `null` (not on the page).
   */
  readonly seedTable: "regional" | "accelerated" | null;
  /**
   * Whether the documentation marks the region closed. A closed region still
   * resolves; whether it still accepts requests is up to Alibaba Cloud.
   */
  readonly closed: boolean;
  /** Older host names of the public endpoint that sources still use. */
  readonly aliases: readonly string[];
  /**
   * The basis for the hostnames: `DOC2026` is the current Endpoints page,
   * `DOC2018`/`DOC2019`/`DOC2021` are versions of the request-structure page,
   * `NPM_7_11_0` is the endpoint map of `@alicloud/ecs20140526` 7.11.0.
   */
  readonly source: string;
}

/**
 * Every public ECS region, sorted by region id, from
 * `ecs-endpoints.json` (compiled from Alibaba Cloud's documentation and the
 * official SDKs' endpoint data; each row's `source` says which). Closed
 * regions are in the table and marked `closed: true`. Rows are frozen.
 *
 * Where sources disagree the row follows the current documentation and keeps
 * the older hostname in `aliases`: `cn-hangzhou` is
 * `ecs.cn-hangzhou.aliyuncs.com` on the current Endpoints page, while the 2019
 * documentation and the SDKs' data use `ecs-cn-hangzhou.aliyuncs.com`.
 *
 * @example Listing the regions without a VPC endpoint
 * ```ts
 * import { ECS_REGIONS } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const noVpc = ECS_REGIONS.filter((region) => region.vpcEndpoint === null);
 * assert.deepEqual(noVpc.map((region) => region.regionId), ["eu-west-2", "sa-east-1"]);
 * ```
 */
export const ECS_REGIONS = [
  {
    regionId: "ap-northeast-1",
    name: "Japan (Tokyo)",
    seedLocation: "Asia Pacific NE 1 (Tokyo)",
    publicEndpoint: "ecs.ap-northeast-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.ap-northeast-1.aliyuncs.com",
    accelerated: false,
    seedTable: "regional",
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "ap-northeast-2",
    name: "South Korea (Seoul)",
    seedLocation: null,
    publicEndpoint: "ecs.ap-northeast-2.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.ap-northeast-2.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "ap-south-1",
    name: "India (Mumbai)",
    seedLocation: "Asia Pacific SOU 1 (Mumbai)",
    publicEndpoint: "ecs.ap-south-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.ap-south-1.aliyuncs.com",
    accelerated: false,
    seedTable: "regional",
    closed: false,
    aliases: [],
    source: "official doc tables (DOC2018/DOC2019/DOC2021) + SDK data",
  },
  {
    regionId: "ap-southeast-1",
    name: "Singapore",
    seedLocation: "Default (Asia Pacific SE 1 Singapore)",
    publicEndpoint: "ecs.ap-southeast-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.ap-southeast-1.aliyuncs.com",
    accelerated: true,
    seedTable: "accelerated",
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "ap-southeast-2",
    name: "Australia (Sydney)",
    seedLocation: "Asia Pacific SE 2 (Sydney)",
    publicEndpoint: "ecs.ap-southeast-2.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.ap-southeast-2.aliyuncs.com",
    accelerated: false,
    seedTable: "regional",
    closed: true,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "ap-southeast-3",
    name: "Malaysia (Kuala Lumpur)",
    seedLocation: "Asia Pacific SE 3 (Kuala Lumpur)",
    publicEndpoint: "ecs.ap-southeast-3.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.ap-southeast-3.aliyuncs.com",
    accelerated: false,
    seedTable: "regional",
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "ap-southeast-5",
    name: "Indonesia (Jakarta)",
    seedLocation: "Asia Pacific SE 5 (Jakarta)",
    publicEndpoint: "ecs.ap-southeast-5.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.ap-southeast-5.aliyuncs.com",
    accelerated: false,
    seedTable: "regional",
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "ap-southeast-6",
    name: "Philippines (Manila)",
    seedLocation: null,
    publicEndpoint: "ecs.ap-southeast-6.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.ap-southeast-6.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "ap-southeast-7",
    name: "Thailand (Bangkok)",
    seedLocation: null,
    publicEndpoint: "ecs.ap-southeast-7.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.ap-southeast-7.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "ap-southeast-8",
    name: "Malaysia (Johor)",
    seedLocation: null,
    publicEndpoint: "ecs.ap-southeast-8.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.ap-southeast-8.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "NPM_7_11_0 explicit map entry (no ECS doc row seen)",
  },
  {
    regionId: "cn-beijing",
    name: "China (Beijing)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-beijing.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-beijing.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-chengdu",
    name: "China (Chengdu)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-chengdu.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-chengdu.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "NPM_7_11_0 explicit map entry (no ECS doc row seen)",
  },
  {
    regionId: "cn-fuzhou",
    name: "China (Fuzhou - Local Region)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-fuzhou.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-fuzhou.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-guangzhou",
    name: "China (Guangzhou)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-guangzhou.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-guangzhou.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "official doc tables (DOC2018/DOC2019/DOC2021) + SDK data",
  },
  {
    regionId: "cn-hangzhou",
    name: "China (Hangzhou)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-hangzhou.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-hangzhou.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    // The 2019 docs and every SDK endpoint map use this older hostname.
    aliases: ["ecs-cn-hangzhou.aliyuncs.com"],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-heyuan",
    name: "China (Heyuan)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-heyuan.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-heyuan.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-hongkong",
    name: "China (Hong Kong)",
    seedLocation: "Default (Hong Kong)",
    publicEndpoint: "ecs.cn-hongkong.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-hongkong.aliyuncs.com",
    accelerated: true,
    seedTable: "accelerated",
    closed: false,
    aliases: [],
    source: "official doc tables (DOC2018/DOC2019/DOC2021) + SDK data",
  },
  {
    regionId: "cn-huhehaote",
    name: "China (Hohhot)",
    seedLocation: "China North 5 (Hohhot)",
    publicEndpoint: "ecs.cn-huhehaote.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-huhehaote.aliyuncs.com",
    accelerated: false,
    seedTable: "regional",
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-nanjing",
    name: "China (Nanjing - Local Region)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-nanjing.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-nanjing.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-qingdao",
    name: "China (Qingdao)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-qingdao.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-qingdao.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-shanghai",
    name: "China (Shanghai)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-shanghai.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-shanghai.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-shenzhen",
    name: "China (Shenzhen)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-shenzhen.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-shenzhen.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-wuhan-lr",
    name: "China (Wuhan - Local Region)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-wuhan-lr.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-wuhan-lr.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "NPM_7_11_0 explicit map entry (no ECS doc row seen)",
  },
  {
    regionId: "cn-wulanchabu",
    name: "China (Ulanqab)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-wulanchabu.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-wulanchabu.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-zhangjiakou",
    name: "China (Zhangjiakou)",
    seedLocation: "China North 3 (Zhangjiakou)",
    publicEndpoint: "ecs.cn-zhangjiakou.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-zhangjiakou.aliyuncs.com",
    accelerated: false,
    seedTable: "regional",
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-zhengzhou-jva",
    name: "Zhengzhou (China Unicom Joint Venture)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-zhengzhou-jva.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-zhengzhou-jva.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "DOC2026 (current official Endpoints page)",
  },
  {
    regionId: "cn-zhongwei",
    name: "China Northwest 2 (Zhongwei)",
    seedLocation: null,
    publicEndpoint: "ecs.cn-zhongwei.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.cn-zhongwei.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "NPM_7_11_0 explicit map entry (no ECS doc row seen)",
  },
  {
    regionId: "eu-central-1",
    name: "Germany (Frankfurt)",
    seedLocation: "Germany 1 (Frankfurt)",
    publicEndpoint: "ecs.eu-central-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.eu-central-1.aliyuncs.com",
    accelerated: false,
    seedTable: "regional",
    closed: false,
    aliases: [],
    source: "official doc tables (DOC2018/DOC2019/DOC2021) + SDK data",
  },
  {
    regionId: "eu-west-1",
    name: "UK (London)",
    seedLocation: "UK (London)",
    publicEndpoint: "ecs.eu-west-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.eu-west-1.aliyuncs.com",
    accelerated: false,
    seedTable: "regional",
    closed: false,
    aliases: [],
    source: "official doc tables (DOC2018/DOC2019/DOC2021) + SDK data",
  },
  {
    regionId: "eu-west-2",
    name: null,
    seedLocation: null,
    publicEndpoint: "ecs.eu-west-2.aliyuncs.com",
    vpcEndpoint: null,
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "NPM_7_11_0 explicit map entry (no ECS doc row seen)",
  },
  {
    regionId: "me-central-1",
    name: "Saudi Arabia (Riyadh)",
    seedLocation: null,
    publicEndpoint: "ecs.me-central-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.me-central-1.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "NPM_7_11_0 explicit map entry (no ECS doc row seen)",
  },
  {
    regionId: "me-east-1",
    name: "UAE (Dubai)",
    seedLocation: "Middle East 1 (Dubai)",
    publicEndpoint: "ecs.me-east-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.me-east-1.aliyuncs.com",
    accelerated: false,
    seedTable: "regional",
    closed: false,
    aliases: [],
    source: "official doc tables (DOC2018/DOC2019/DOC2021) + SDK data",
  },
  {
    regionId: "na-south-1",
    name: null,
    seedLocation: null,
    publicEndpoint: "ecs.na-south-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.na-south-1.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "NPM_7_11_0 explicit map entry (no ECS doc row seen)",
  },
  {
    regionId: "sa-east-1",
    name: null,
    seedLocation: null,
    publicEndpoint: "ecs.sa-east-1.aliyuncs.com",
    vpcEndpoint: null,
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "NPM_7_11_0 explicit map entry (no ECS doc row seen)",
  },
  {
    regionId: "us-east-1",
    name: "US (Virginia)",
    seedLocation: "Default (US East 1 Virginia)",
    publicEndpoint: "ecs.us-east-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.us-east-1.aliyuncs.com",
    accelerated: true,
    seedTable: "accelerated",
    closed: false,
    aliases: [],
    source: "official doc tables (DOC2018/DOC2019/DOC2021) + SDK data",
  },
  {
    regionId: "us-southeast-1",
    name: "US (Atlanta)",
    seedLocation: null,
    publicEndpoint: "ecs.us-southeast-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.us-southeast-1.aliyuncs.com",
    accelerated: false,
    seedTable: null,
    closed: false,
    aliases: [],
    source: "NPM_7_11_0 explicit map entry (no ECS doc row seen)",
  },
  {
    regionId: "us-west-1",
    name: "US (Silicon Valley)",
    seedLocation: "Default (US West 1 Silicon Valley)",
    publicEndpoint: "ecs.us-west-1.aliyuncs.com",
    vpcEndpoint: "ecs-vpc.us-west-1.aliyuncs.com",
    accelerated: true,
    seedTable: "accelerated",
    closed: false,
    aliases: [],
    source: "official doc tables (DOC2018/DOC2019/DOC2021) + SDK data",
  },
] as const satisfies readonly EcsRegion<string>[];

for (const region of ECS_REGIONS) {
  Object.freeze(region.aliases);
  Object.freeze(region);
}
Object.freeze(ECS_REGIONS);

/** The id of a region in {@linkcode ECS_REGIONS}, such as `"cn-hangzhou"`. */
export type RegionId = typeof ECS_REGIONS[number]["regionId"];

/**
 * Lists every region of the endpoint table. Closed regions are included and
 * marked `closed: true`; {@linkcode resolveEndpoint} still resolves them.
 *
 * @returns A new array of the (frozen) rows of {@linkcode ECS_REGIONS}.
 *
 * @example Finding the closed regions
 * ```ts
 * import { regions } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const closed = regions().filter((region) => region.closed);
 * assert.deepEqual(closed.map((region) => region.regionId), ["ap-southeast-2"]);
 * ```
 */
export function regions(): EcsRegion[] {
  return [...ECS_REGIONS];
}
