// Internal: the test server's built-in answers, DescribeRegions from the
// endpoint table and a paged DescribeInstances, in Alibaba Cloud's shapes.

import { ApiError, type JsonObject } from "../client/mod.ts";
import { ECS_REGIONS } from "../endpoints/mod.ts";
import type { AcceptedRequest } from "../server/mod.ts";

/** The ECS API's version, which the built-in actions answer. */
export const ECS_VERSION = "2014-05-26";

/** Alibaba Cloud's answer to a wrong `Version`. */
function checkVersion(request: AcceptedRequest): void {
  if (request.version !== ECS_VERSION) {
    throw new ApiError("InvalidVersion", "Specified parameter Version is not valid.", {
      status: 400,
    });
  }
}

/** `DescribeRegions`: every region of the endpoint table. */
export function describeRegions(request: AcceptedRequest): JsonObject {
  checkVersion(request);
  return {
    Regions: {
      Region: ECS_REGIONS.map((region) => ({
        RegionId: region.regionId,
        LocalName: region.name ?? region.regionId,
        RegionEndpoint: region.publicEndpoint,
        Status: region.closed ? "closed" : "available",
      })),
    },
  };
}

function invalid(name: string, value: string): ApiError {
  return new ApiError(
    `InvalidParameter.${name}`,
    `The specified parameter "${name}" is not valid: ${JSON.stringify(value.slice(0, 40))}.`,
    { status: 400 },
  );
}

/** A whole number in [min, max] from a parameter, or the fallback when absent. */
function integerParam(
  params: Readonly<Record<string, string>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = params[name];
  if (text === undefined) return fallback;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw invalid(name, text);
  return value;
}

/** The token of a position in the list: opaque to clients, as the real ones are. */
function tokenAt(offset: number): string {
  return btoa(`acs-rpc-test:${offset}`).replaceAll("=", "");
}

function offsetOf(token: string, total: number): number {
  let decoded: string;
  try {
    decoded = atob(token);
  } catch {
    throw invalid("NextToken", token);
  }
  const match = /^acs-rpc-test:(\d{1,9})$/.exec(decoded);
  const offset = match === null ? Number.NaN : Number(match[1]);
  if (!(offset > 0 && offset < total)) throw invalid("NextToken", token);
  return offset;
}

/**
 * `DescribeInstances` over `count` made-up instances of the request's
 * region, paged as the real API pages: by `NextToken`/`MaxResults` when the
 * request has either (the answer's `NextToken` is empty on the last page),
 * else by `PageNumber`/`PageSize` (default 1 and 10, at most 100) with
 * `TotalCount`.
 */
export function describeInstances(count: number): (request: AcceptedRequest) => JsonObject {
  return (request) => {
    checkVersion(request);
    const { params } = request;
    const regionId = params.RegionId;
    if (regionId === undefined) {
      throw new ApiError(
        "MissingParameter",
        'The input parameter "RegionId" that is mandatory for processing this request is not supplied.',
        { status: 400 },
      );
    }
    const instances = Array.from({ length: count }, (_, index) => ({
      InstanceId: `i-test${String(index + 1).padStart(4, "0")}`,
      InstanceName: `instance-${index + 1}`,
      RegionId: regionId,
      ZoneId: `${regionId}-a`,
      Status: "Running",
    }));
    const byToken = params.NextToken !== undefined || params.MaxResults !== undefined;
    if (byToken) {
      if (params.PageNumber !== undefined) {
        throw new ApiError(
          "InvalidParameter",
          "NextToken or MaxResults cannot be used together with PageNumber.",
          { status: 400 },
        );
      }
      const maxResults = integerParam(params, "MaxResults", 10, 1, 100);
      const offset = params.NextToken === undefined || params.NextToken === ""
        ? 0
        : offsetOf(params.NextToken, count);
      const end = Math.min(count, offset + maxResults);
      return {
        NextToken: end < count ? tokenAt(end) : "",
        MaxResults: maxResults,
        TotalCount: count,
        Instances: { Instance: instances.slice(offset, end) },
      };
    }
    const pageSize = integerParam(params, "PageSize", 10, 1, 100);
    const pageNumber = integerParam(params, "PageNumber", 1, 1, 1_000_000);
    const start = (pageNumber - 1) * pageSize;
    return {
      TotalCount: count,
      PageNumber: pageNumber,
      PageSize: pageSize,
      Instances: { Instance: instances.slice(start, start + pageSize) },
    };
  };
}
