/**
 * A client configured once: credentials, region, product and policies, then
 * one call per action.
 *
 * @module
 */

import { call, type CallOptions, type JsonObject } from "./call.ts";
import { paginate, type Paginator } from "./paginate.ts";
import { checkOptions } from "./_check.ts";
import { CALL_OPTION_KEYS, checkKeys, PER_CALL_KEYS, reading, SET_BY_CALL } from "./_options.ts";
import { isCredentialsProvider } from "../credentials/mod.ts";
import { signRequest } from "../endpoints/mod.ts";
import { AcsTypeError } from "../errors/mod.ts";
import type { Params } from "../signature/mod.ts";

/**
 * What {@linkcode createClient} takes: the options of {@linkcode call} that
 * hold for every call — credentials (or a provider), `regionId`, `network`,
 * `endpoint`, `version` or `product`, `protocol`, the retry policy, the
 * timeouts, `fetch`, `userAgent`, the clock and the rest. Per call: the
 * action, its parameters, and {@linkcode ClientCallOptions}.
 */
export type ClientOptions = Omit<CallOptions, "action" | "params" | "format" | "signal">;

/** The options of one call of a {@linkcode Client}; they override the client's. */
export interface ClientCallOptions {
  /** `JSON` (default) for the parsed answer, `XML` for its text. */
  readonly format?: "JSON" | "XML" | undefined;
  /** Cancels this call. */
  readonly signal?: AbortSignal | undefined;
  /** `GET` or `POST`, instead of the client's choice. */
  readonly method?: CallOptions["method"];
  /** The longest `GET` URL for this call. */
  readonly maxUrlBytes?: CallOptions["maxUrlBytes"];
  /** The retry policy for this call. */
  readonly retry?: CallOptions["retry"];
  /** The attempt timeout for this call. */
  readonly timeoutMs?: CallOptions["timeoutMs"];
  /** The deadline of this call. */
  readonly deadlineMs?: CallOptions["deadlineMs"];
  /** Told before each retry's wait. */
  readonly onRetry?: CallOptions["onRetry"];
}

/** A configured client: see {@linkcode createClient}. */
export interface Client {
  /**
   * Calls `action` and returns the XML text of the answer.
   *
   * @param action The API, such as `DescribeRegions`.
   * @param params The API's parameters.
   * @param options `format: "XML"`, and this call's other options.
   * @returns The XML text.
   */
  call(
    action: string,
    params: Params | undefined,
    options: ClientCallOptions & { readonly format: "XML" },
  ): Promise<string>;
  /**
   * Calls `action` and returns the JSON answer, typed as `T`.
   *
   * @typeParam T The type of the answer.
   * @param action The API, such as `DescribeRegions`.
   * @param params The API's parameters.
   * @param options This call's options.
   * @returns The JSON answer.
   */
  call<T = JsonObject>(
    action: string,
    params?: Params,
    options?: ClientCallOptions & { readonly format?: "JSON" | undefined },
  ): Promise<T>;
  /**
   * Reads every page of `action`, as {@linkcode paginate} does.
   *
   * @typeParam T The type of a page.
   * @param action The API, such as `DescribeInstances`.
   * @param params The API's parameters (`PageSize` or `MaxResults` among them).
   * @param options This call's options (JSON only).
   * @returns The pages, and their items through `items()`.
   */
  paginate<T = JsonObject>(
    action: string,
    params?: Params,
    options?: Omit<ClientCallOptions, "format">,
  ): Paginator<T>;
}

const CLIENT_KEYS = CALL_OPTION_KEYS.filter((key) =>
  key !== "action" && key !== "params" && key !== "format" && key !== "signal"
);

/** What to use instead of a key one call refuses: the client's own options among them. */
const NOT_PER_CALL: Readonly<Record<string, string>> = {
  ...SET_BY_CALL,
  ...Object.fromEntries(
    CLIENT_KEYS.filter((key) => !(PER_CALL_KEYS as readonly string[]).includes(key))
      .map((key) => [key, `set "${key}" on the client (createClient) instead`]),
  ),
};

function perCall(options: unknown, what: string): ClientCallOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError("invalid-option", `Cannot ${what}: the options must be an object`, {
      parameter: "options",
    });
  }
  return reading(what, "options", () => {
    checkKeys(what, options, PER_CALL_KEYS, NOT_PER_CALL);
    // A snapshot of the keys that were given: an undefined leaves the client's.
    return Object.fromEntries(
      PER_CALL_KEYS.map((key) => [key, (options as ClientCallOptions)[key]])
        .filter(([, value]) => value !== undefined),
    );
  });
}

/**
 * Creates a client that signs and sends every call with the same
 * credentials (or credentials provider), region, endpoint, version or
 * product, and retry and timeout policy, so that each call names only its
 * action and parameters. The client's options are checked and copied once,
 * here: changing the object afterwards changes nothing.
 *
 * `client.call(action, params?, options?)` is {@linkcode call};
 * `client.paginate(action, params?, options?)` is {@linkcode paginate}.
 * Type an answer with a type argument: `client.call<MyAnswer>("…")`.
 *
 * @param options What holds for every call.
 * @returns The client.
 * @throws {AcsTypeError} `invalid-option` for an unknown option (with the
 * closest known one), one that belongs to a single call, or one of the wrong
 * type; and the errors of {@linkcode signRequest} for the credentials, region,
 * product, version and endpoint.
 * @throws {AcsRangeError} For options out of range, and the range errors of
 * {@linkcode signRequest} (an unknown region among them).
 *
 * @example One client, JSON and XML answers, and every page
 * ```ts
 * import { createClient } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const fakeFetch = (async (url: string | URL | Request) => {
 *   const query = new URL(String(url)).searchParams;
 *   assert.equal(new URL(String(url)).host, "ecs.cn-hangzhou.aliyuncs.com");
 *   if (query.get("Format") === "XML") {
 *     return new Response("<?xml version='1.0' encoding='UTF-8'?><DescribeRegionsResponse/>");
 *   }
 *   return Response.json({ RequestId: "R-1", Regions: { Region: [{ RegionId: "cn-hangzhou" }] } });
 * }) as typeof fetch;
 *
 * const client = createClient({
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *   regionId: "cn-hangzhou",
 *   fetch: fakeFetch,
 * });
 * interface Regions {
 *   Regions: { Region: { RegionId: string }[] };
 * }
 * const answer = await client.call<Regions>("DescribeRegions");
 * assert.equal(answer.Regions.Region[0]?.RegionId, "cn-hangzhou");
 * const xml = await client.call("DescribeRegions", {}, { format: "XML" });
 * assert.ok(xml.startsWith("<?xml"));
 * ```
 */
export function createClient(options: ClientOptions): Client {
  const what = "create client";
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError("invalid-option", `Cannot ${what}: expected an options object`, {
      parameter: "options",
    });
  }
  const base = reading(what, "options", () => {
    checkKeys(what, options, CLIENT_KEYS, {
      ...SET_BY_CALL,
      action: "pass the action to client.call()",
      params: "pass the parameters to client.call()",
      format: 'pass "format" to client.call()',
      signal: 'pass "signal" to client.call()',
    });
    return Object.fromEntries(
      CLIENT_KEYS.map((key) => [key, (options as Record<string, unknown>)[key]])
        .filter(([, value]) => value !== undefined),
    ) as ClientOptions;
  });
  // Mistakes show here rather than at the first call: the options are
  // checked as call() checks them, and a request signed (not sent) to check
  // the credentials, region, product, version and endpoint.
  const checked = checkOptions({ ...base, action: "DescribeRegions" } as CallOptions);
  signRequest({
    ...checked.target,
    action: "DescribeRegions",
    credentials: isCredentialsProvider(checked.credentials)
      ? { accessKeyId: "check", accessKeySecret: "check" }
      : checked.credentials,
  });
  return {
    call: (async (action: string, params?: Params, callOptions?: ClientCallOptions) =>
      await call({
        ...base,
        ...perCall(callOptions, `call "${String(action)}"`),
        action,
        params,
      } as CallOptions)) as Client["call"],
    paginate: <T = JsonObject>(
      action: string,
      params?: Params,
      callOptions?: Omit<ClientCallOptions, "format">,
    ): Paginator<T> =>
      paginate<T>(
        {
          ...base,
          ...perCall(callOptions, `paginate "${String(action)}"`),
          action,
          params,
        } as CallOptions & { format?: "JSON" },
      ),
  };
}
