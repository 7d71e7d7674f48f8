/**
 * Reading every page of a paged API.
 *
 * @module
 */

import { call, type CallOptions, type JsonObject } from "./call.ts";
import { reading } from "./_options.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { type FlatParam, flattenParams } from "../signature/mod.ts";

/** What {@linkcode paginate} needs: the options of {@linkcode call}, for JSON answers. */
export interface PaginateOptions extends CallOptions {
  /** Pages are read as JSON: `XML` is refused. */
  readonly format?: "JSON" | undefined;
}

/**
 * The pages of a paged API, as an async iterator; `items()` iterates the
 * items of every page instead.
 *
 * @typeParam T The type of a page (the JSON answer).
 */
export interface Paginator<T = JsonObject> extends AsyncIterable<T> {
  /**
   * Iterates the items of every page: the list at `path` in each answer,
   * such as `"Instances.Instance"`. Without `path`, the one list in the first
   * answer (a top-level array, or the one array inside a top-level object);
   * an answer with no list or several is refused with `invalid-option`.
   *
   * @typeParam I The type of an item.
   * @param path The dotted path of the list in each answer.
   * @returns The items, page after page.
   */
  items<I = unknown>(path?: string): AsyncIterable<I>;
}

/** Fields of a paged answer that are not its items. */
const PAGING_FIELDS: ReadonlySet<string> = new Set([
  "RequestId",
  "NextToken",
  "MaxResults",
  "TotalCount",
  "PageNumber",
  "PageSize",
]);

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A positive integer read from an answer (as a number or as decimal text). */
function count(value: unknown): number | undefined {
  const number = typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof number === "number" && Number.isSafeInteger(number) && number >= 0
    ? number
    : undefined;
}

function withParam(pairs: readonly FlatParam[], name: string, value: string): FlatParam[] {
  return [...pairs.filter(([key]) => key !== name), [name, value]];
}

function listAt(page: JsonObject, path: readonly string[], shown: string): unknown[] {
  let value: unknown = page;
  for (const segment of path) {
    if (!isObject(value) || !Object.hasOwn(value, segment)) return [];
    value = value[segment];
  }
  if (Array.isArray(value)) return value;
  throw new AcsTypeError(
    "invalid-option",
    `Cannot read items at "${shown}": the answer holds ${
      value === null ? "null" : typeof value
    } there, not a list`,
    { parameter: "path" },
  );
}

/** The path of the one list of an answer, for `items()` without a path. */
function findList(page: JsonObject): string[] {
  const found: string[][] = [];
  for (const [name, value] of Object.entries(page)) {
    if (PAGING_FIELDS.has(name)) continue;
    if (Array.isArray(value)) found.push([name]);
    else if (isObject(value)) {
      const inner = Object.entries(value).filter(([, v]) => Array.isArray(v));
      if (inner.length === 1) found.push([name, inner[0]![0]]);
      else if (inner.length > 1) found.push([name], [name]);
    }
  }
  if (found.length !== 1) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot find the items of the answer: it holds ${
        found.length === 0 ? "no list" : "several lists"
      }; pass their path, such as items("Instances.Instance")`,
      { parameter: "path" },
    );
  }
  return found[0]!;
}

async function* pages<T>(options: PaginateOptions): AsyncGenerator<T> {
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError("invalid-option", "Cannot paginate: expected an options object", {
      parameter: "options",
    });
  }
  const { params, format, ...rest } = reading("paginate", "options", () => ({ ...options }));
  if (format !== undefined && format !== "JSON") {
    throw new AcsTypeError(
      "invalid-option",
      'Cannot paginate: pages are read as JSON; leave "format" out',
      { parameter: "format" },
    );
  }
  // Flattened once: each page sends the same parameters but its position.
  const base = params === undefined || params === null ? [] : flattenParams(params);
  const requested = base.find(([name]) => name === "PageNumber")?.[1];
  let style: "token" | "number" | undefined = requested === undefined ? undefined : "number";
  let pairs = base;
  const seenTokens = new Set<string>();
  let expectedPage = requested === undefined ? undefined : count(requested);
  for (;;) {
    const page = await call<JsonObject>({ ...rest, params: pairs });
    yield page as T;
    const token = page.NextToken;
    if (style === undefined) {
      style = typeof token === "string" && token !== ""
        ? "token"
        : count(page.TotalCount) !== undefined
        ? "number"
        : undefined;
      if (style === undefined) return;
    }
    if (style === "token") {
      if (typeof token !== "string" || token === "") return;
      if (seenTokens.has(token)) {
        throw new AcsRangeError(
          "pagination-loop",
          `Cannot read the next page of "${
            String(rest.action).slice(0, 64)
          }": the API answered the NextToken ${
            JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}…` : token)
          } a second time, which would read the same pages again`,
          { parameter: "NextToken" },
        );
      }
      seenTokens.add(token);
      pairs = withParam(base, "NextToken", token);
      continue;
    }
    const pageNumber = count(page.PageNumber) ?? expectedPage ?? 1;
    if (expectedPage !== undefined && pageNumber !== expectedPage) {
      throw new AcsRangeError(
        "pagination-loop",
        `Cannot read the next page of "${
          String(rest.action).slice(0, 64)
        }": asked for page ${expectedPage}, the API answered page ${pageNumber}`,
        { parameter: "PageNumber" },
      );
    }
    const pageSize = count(page.PageSize) ??
      count(base.find(([name]) => name === "PageSize")?.[1]);
    const total = count(page.TotalCount);
    if (pageSize === undefined || pageSize === 0 || total === undefined) return;
    if (pageNumber * pageSize >= total) return;
    expectedPage = pageNumber + 1;
    pairs = withParam(base, "PageNumber", String(expectedPage));
  }
}

/**
 * Reads every page of a paged API with {@linkcode call}: each page's request
 * goes through the same signing, retries and timeouts as a single call.
 *
 * The paging style is read from the answers. When the first answer has a
 * non-empty `NextToken` (and the request no `PageNumber`), each next request
 * carries that token, until an answer has none; a token answered twice is
 * refused (`pagination-loop`) rather than read again. Otherwise, when the
 * answer has a `TotalCount` (or the request a `PageNumber`), the next request
 * asks for `PageNumber + 1` until `PageNumber × PageSize` reaches
 * `TotalCount`; an answer for another page than the one asked for is refused
 * (`pagination-loop`). An answer with neither is the only page. Pass
 * `MaxResults` (token style) or `PageSize` in `params` to choose the page size.
 *
 * Iterating starts the requests; breaking out of the loop stops them, and
 * `signal` aborts the page in flight.
 *
 * @typeParam T The type of a page.
 * @param options The options of {@linkcode call} (JSON only).
 * @returns The pages, and their items through `items()`.
 *
 * @example Collecting every instance of a paged API
 * ```ts
 * import { paginate } from "@acs/rpc/client";
 * import assert from "node:assert/strict";
 *
 * // A stand-in fetch for an API with 5 items, answering 2 a page.
 * const fakeFetch = (async (url: string | URL | Request) => {
 *   const page = Number(new URL(String(url)).searchParams.get("PageNumber") ?? "1");
 *   const ids = ["i-1", "i-2", "i-3", "i-4", "i-5"].slice((page - 1) * 2, page * 2);
 *   return Response.json({
 *     RequestId: `R-${page}`,
 *     TotalCount: 5,
 *     PageNumber: page,
 *     PageSize: 2,
 *     Instances: { Instance: ids.map((InstanceId) => ({ InstanceId })) },
 *   });
 * }) as typeof fetch;
 *
 * const ids: string[] = [];
 * for await (
 *   const instance of paginate({
 *     action: "DescribeInstances",
 *     params: { PageSize: 2 },
 *     credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *     fetch: fakeFetch,
 *   }).items<{ InstanceId: string }>("Instances.Instance")
 * ) {
 *   ids.push(instance.InstanceId);
 * }
 * assert.deepEqual(ids, ["i-1", "i-2", "i-3", "i-4", "i-5"]);
 * ```
 */
export function paginate<T = JsonObject>(options: PaginateOptions): Paginator<T> {
  return {
    [Symbol.asyncIterator]: () => pages<T>(options),
    items: <I = unknown>(path?: string): AsyncIterable<I> => {
      if (path !== undefined && (typeof path !== "string" || path === "")) {
        throw new AcsTypeError(
          "invalid-option",
          'Cannot read items: "path" must be a dotted path such as "Instances.Instance"',
          { parameter: "path" },
        );
      }
      return {
        async *[Symbol.asyncIterator]() {
          let segments = path?.split(".");
          for await (const page of pages<JsonObject>(options)) {
            segments ??= findList(page);
            yield* listAt(page, segments, segments.join(".")) as I[];
          }
        },
      };
    },
  };
}
