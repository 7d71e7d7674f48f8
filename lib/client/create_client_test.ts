// createClient() and paginate() against the test server of @acs/rpc/testing,
// over real HTTP on 127.0.0.1: the "Done when" of issue 13.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "./api_error.ts";
import { createClient } from "./create_client.ts";
import type { RetryEvent } from "./call.ts";
import type { CredentialsProvider } from "../credentials/mod.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { withTestServer } from "../testing/mod.ts";

const credentials = { accessKeyId: "testid", accessKeySecret: "testsecret" };

interface Instance {
  InstanceId: string;
  RegionId: string;
}

for (
  const [style, params] of [
    ["PageNumber/PageSize", { PageSize: 10 }],
    ["NextToken/MaxResults", { MaxResults: 10 }],
  ] as const
) {
  test(`client.paginate() collects all 23 instances by ${style}, 10 a page, over HTTP`, async () => {
    await withTestServer({ instances: 23 }, async (server) => {
      const client = createClient({ credentials, regionId: "cn-hangzhou", fetch: server.fetch });
      const ids: string[] = [];
      for await (
        const instance of client.paginate("DescribeInstances", params).items<Instance>(
          "Instances.Instance",
        )
      ) {
        assert.equal(instance.RegionId, "cn-hangzhou");
        ids.push(instance.InstanceId);
      }
      assert.equal(ids.length, 23);
      assert.equal(new Set(ids).size, 23);
      assert.equal(ids[22], "i-test0023");
      // Three pages, each signed afresh and accepted by the verifier.
      assert.deepEqual(server.received.map((r) => r.status), [200, 200, 200]);
      assert.equal(new Set(server.received.map((r) => r.nonce)).size, 3);

      // The pages themselves, and items() finding the list on its own.
      let pages = 0;
      for await (const _page of client.paginate("DescribeInstances", params)) pages++;
      assert.equal(pages, 3);
      let found = 0;
      for await (const _item of client.paginate("DescribeInstances", params).items()) found++;
      assert.equal(found, 23);
    });
  });
}

test("client.paginate() sends each page through the retries: a throttled page is retried", async () => {
  await withTestServer({ instances: 23 }, async (server) => {
    const client = createClient({
      credentials,
      regionId: "cn-hangzhou",
      fetch: server.fetch,
      sleep: () => Promise.resolve(),
    });
    const pages = client.paginate("DescribeInstances", { PageSize: 10 });
    let count = 0;
    for await (const _instance of pages.items("Instances.Instance")) {
      if (++count === 15) server.failNext("throttling");
    }
    assert.equal(count, 23);
    assert.deepEqual(server.received.map((r) => r.code), [
      undefined,
      undefined,
      "Throttling.User",
      undefined,
    ]);
  });
});

test("client.paginate() stops when the loop breaks, and when the signal aborts", async () => {
  await withTestServer({ instances: 23 }, async (server) => {
    const client = createClient({ credentials, regionId: "cn-hangzhou", fetch: server.fetch });
    for await (const _page of client.paginate("DescribeInstances", { PageSize: 10 })) break;
    assert.equal(server.received.length, 1);

    const controller = new AbortController();
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        const pages = client.paginate("DescribeInstances", { PageSize: 5 }, {
          signal: controller.signal,
        });
        for await (const instance of pages.items<Instance>("Instances.Instance")) {
          seen.push(instance.InstanceId);
          if (seen.length === 7) controller.abort(new Error("enough"));
        }
      })(),
      { message: "enough" },
    );
    assert.equal(seen.length, 10);
    assert.equal(server.received.length, 3);
  });
});

test('createClient({ credentials, regionId: "cn-hangzhou" }).call("DescribeRegions") answers typed JSON, and XML text', async () => {
  await withTestServer({}, async (server) => {
    const client = createClient({ credentials, regionId: "cn-hangzhou", fetch: server.fetch });
    interface DescribeRegions {
      RequestId: string;
      Regions: { Region: { RegionId: string; RegionEndpoint: string }[] };
    }
    const answer = await client.call<DescribeRegions>("DescribeRegions");
    const hangzhou = answer.Regions.Region.find((r) => r.RegionId === "cn-hangzhou");
    assert.equal(hangzhou?.RegionEndpoint, "ecs.cn-hangzhou.aliyuncs.com");
    const xml: string = await client.call("DescribeRegions", undefined, { format: "XML" });
    assert.ok(xml.startsWith("<?xml"), xml.slice(0, 40));
    assert.match(xml, /<DescribeRegionsResponse><RequestId>[0-9A-F-]{36}<\/RequestId><Regions>/);
    // Both went to the region's endpoint, with RegionId, and were verified.
    assert.deepEqual(server.received.map((r) => [r.host, r.status]), [
      ["ecs.cn-hangzhou.aliyuncs.com", 200],
      ["ecs.cn-hangzhou.aliyuncs.com", 200],
    ]);
    assert.ok(
      server.received.every((r) => new URL(r.url).searchParams.get("RegionId") === "cn-hangzhou"),
    );
    assert.match(server.received[0]!.userAgent ?? "", /^acs-rpc\/\d+\.\d+\.\d+ \(/);

    // Errors are read from either format.
    for (const format of ["JSON", "XML"] as const) {
      await assert.rejects(
        client.call("RunInstances", {}, { format } as { format: "JSON" }),
        (error: unknown) =>
          error instanceof ApiError && error.code === "InvalidAction.NotFound" &&
          error.status === 404 && /^[0-9A-F-]{36}$/.test(error.requestId ?? ""),
      );
    }
  });
});

test(
  "client.call() cuts off a hung attempt by the default 10 s timeout and retries it",
  { timeout: 30_000 },
  async () => {
    await withTestServer({}, async (server) => {
      server.failNext("hang");
      const events: RetryEvent[] = [];
      const client = createClient({
        credentials,
        endpoint: server.origin,
        onRetry: (event) => events.push(event),
        sleep: () => Promise.resolve(),
      });
      const started = Date.now();
      const answer = await client.call("DescribeRegions");
      assert.ok(typeof answer.RequestId === "string");
      assert.ok(Date.now() - started >= 9_900, "the default timeout is 10 s");
      assert.equal(events.length, 1);
      assert.match(
        (events[0]!.error as Error).message,
        /^Cannot reach http:\/\/127\.0\.0\.1:\d+\/: no answer within 10000 ms/,
      );
      assert.equal(server.received.at(-1)?.status, 200);
    });
  },
);

test("client.call() ends by its deadline although every attempt hangs", async () => {
  await withTestServer({}, async (server) => {
    server.failNext("hang", 10);
    const client = createClient({ credentials, endpoint: server.origin, timeoutMs: 100 });
    const started = Date.now();
    await assert.rejects(
      client.call("DescribeRegions", {}, { deadlineMs: 500 }),
      (error: unknown) => error instanceof DOMException && error.name === "TimeoutError",
    );
    assert.ok(Date.now() - started < 5_000);
  });
});

test("createClient() checks its options when it is created", () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ regionID: "cn-hangzhou" }, "regionID", /did you mean "regionId"\?/],
    [{ params: {} }, "params", /pass the parameters to client\.call\(\)/],
    [{ signal: AbortSignal.abort() }, "signal", /pass "signal" to client\.call\(\)/],
    [{ nonce: "n" }, "nonce", /"newNonce"/],
    [{ fetch: 1 }, "fetch", /"fetch" must be a function/],
    [{ regionId: "cn-hangzou" }, "regionId", /did you mean "cn-hangzhou"\?/],
    [{ regionId: "cn-hangzhou", version: "2016-04-28" }, "product", /pass "product"/],
    [{ product: "vpc" }, "regionId", /"product" "vpc" needs "regionId"/],
    [{ product: "VPC!", regionId: "cn-hangzhou" }, "product", /product code in lower case/],
    [{ credentials: { accessKeyId: "id" } }, "credentials.accessKeySecret", /must be a string/],
  ];
  for (const [extra, parameter, message] of cases) {
    assert.throws(
      () => createClient({ credentials, ...extra } as never),
      (error: unknown) => {
        assert.ok(error instanceof AcsTypeError || error instanceof AcsRangeError, String(error));
        assert.equal(error.parameter, parameter);
        assert.match(error.message, message);
        return true;
      },
    );
  }
});

test("client.call() refuses client-wide options per call, and copies the client's options once", async () => {
  await withTestServer({}, async (server) => {
    const options = { credentials, endpoint: server.origin };
    const client = createClient(options);
    options.endpoint = "ecs.aliyuncs.com";
    await client.call("DescribeRegions");
    assert.equal(server.received.length, 1);
    await assert.rejects(
      client.call("DescribeRegions", {}, { regionId: "cn-beijing" } as never),
      { code: "invalid-option", message: /set "regionId" on the client/ },
    );
    await assert.rejects(
      client.call("DescribeRegions", {}, { formt: "XML" } as never),
      { code: "invalid-option", message: /did you mean "format"\?/ },
    );
  });
});

test("createClient({ product }) sends to <product>.<region>.aliyuncs.com, or -vpc for the VPC", async () => {
  await withTestServer({
    handlers: { DescribeVpcs: (request) => ({ Version: request.version }) },
  }, async (server) => {
    for (const network of ["public", "vpc"] as const) {
      const client = createClient({
        credentials,
        regionId: "cn-hangzhou",
        network,
        product: "vpc",
        version: "2016-04-28",
        fetch: server.fetch,
      });
      const answer = await client.call("DescribeVpcs");
      assert.equal(answer.Version, "2016-04-28");
    }
    assert.deepEqual(server.received.map((r) => r.host), [
      "vpc.cn-hangzhou.aliyuncs.com",
      "vpc-vpc.cn-hangzhou.aliyuncs.com",
    ]);
  });
});

test("createClient() with a credentials provider refreshes once when the server no longer knows the key", async () => {
  const asked: (boolean | undefined)[] = [];
  const provider: CredentialsProvider = {
    getCredentials: (options) => {
      asked.push(options?.forceRefresh);
      return Promise.resolve(
        options?.forceRefresh
          ? { accessKeyId: "new", accessKeySecret: "new-secret", securityToken: "t-2" }
          : { accessKeyId: "old", accessKeySecret: "old-secret", securityToken: "t-1" },
      );
    },
  };
  await withTestServer({
    credentials: [{ accessKeyId: "new", accessKeySecret: "new-secret", securityToken: "t-2" }],
  }, async (server) => {
    const client = createClient({
      credentials: provider,
      regionId: "cn-hangzhou",
      fetch: server.fetch,
    });
    await client.call("DescribeRegions");
    assert.deepEqual(asked, [false, true]);
    assert.deepEqual(server.received.map((r) => r.code), [
      "InvalidAccessKeyId.NotFound",
      undefined,
    ]);
  });
});
