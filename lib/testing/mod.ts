/**
 * A test server for code that calls Alibaba Cloud APIs:
 * {@linkcode startTestServer} starts a local ECS-compatible endpoint on
 * 127.0.0.1 that verifies every request as the real endpoint does and
 * answers from your handlers, the built-in `DescribeRegions` and a paged
 * `DescribeInstances`, with switches to inject throttling, 503s and hung
 * requests. {@linkcode withTestServer} closes it for you.
 *
 * Runs in Deno (`--allow-net=127.0.0.1`), Node 20.16 or later and Bun. This entry is not
 * re-exported by `@acs/rpc`: a test helper has no place in an application's
 * import.
 *
 * @example A handler of your own, and an injected failure
 * ```ts
 * import { call } from "@acs/rpc";
 * import { withTestServer } from "@acs/rpc/testing";
 * import assert from "node:assert/strict";
 *
 * await withTestServer({
 *   handlers: { StartInstance: (request) => ({ Started: request.params.InstanceId }) },
 * }, async (server) => {
 *   server.failNext("throttling");
 *   const answer = await call({
 *     action: "StartInstance",
 *     params: { InstanceId: "i-1" },
 *     credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *     endpoint: server.origin,
 *     sleep: async () => {}, // no waiting before the retry
 *   });
 *   assert.equal(answer.Started, "i-1");
 *   assert.deepEqual(server.received.map((r) => r.code), ["Throttling.User", undefined]);
 * });
 * ```
 *
 * @module
 */

export * from "./fake_metadata.ts";
export * from "./fake_sts.ts";
export * from "./test_server.ts";
