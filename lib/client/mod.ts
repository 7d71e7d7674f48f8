/**
 * Calling an API: {@linkcode createClient} configures credentials, region and
 * policies once; {@linkcode call} signs, sends with `fetch`, retries what is
 * safe to retry and throws {@linkcode ApiError} for refusals, with the
 * doctor's {@linkcode diagnose} explaining a `SignatureDoesNotMatch`;
 * {@linkcode paginate} reads every page of a paged API.
 *
 * @example Handling an API error
 * ```ts
 * import { ApiError, call } from "@acs/rpc/client";
 * import assert from "node:assert/strict";
 *
 * const fakeFetch = (async () =>
 *   new Response(JSON.stringify({ Code: "InvalidParameter", Message: "bad" }), {
 *     status: 400,
 *   })) as typeof fetch;
 * await assert.rejects(
 *   call({
 *     action: "DescribeRegions",
 *     credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *     fetch: fakeFetch,
 *   }),
 *   (error) => error instanceof ApiError && error.code === "InvalidParameter",
 * );
 * ```
 *
 * @module
 */

export * from "./api_error.ts";
export * from "./call.ts";
export * from "./create_client.ts";
export * from "./diagnose.ts";
export * from "./paginate.ts";
