import { test } from "node:test";
import assert from "node:assert/strict";
import { ECS_REGIONS } from "../endpoints/ecs_regions.ts";
import { signRequest, type SignRequestOptions } from "../signature/sign_request.ts";
import { ApiError } from "../client/api_error.ts";
import { type TestServer, withTestServer } from "./test_server.ts";

function send(
  endpoint: TestServer,
  options: Partial<SignRequestOptions> = {},
): Promise<Response> {
  const signed = signRequest({
    action: "DescribeRegions",
    credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
    endpoint: endpoint.host,
    protocol: "http",
    ...options,
  });
  return fetch(signed.url, {
    method: signed.method,
    headers: signed.headers,
    ...(signed.body === null ? {} : { body: signed.body }),
  });
}

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

test("startTestServer() listens on 127.0.0.1 and answers DescribeRegions from the endpoint table", async () => {
  await withTestServer({}, async (endpoint) => {
    assert.equal(endpoint.host, `127.0.0.1:${endpoint.port}`);
    assert.equal(endpoint.origin, `http://127.0.0.1:${endpoint.port}`);
    const response = await send(endpoint);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/json;charset=utf-8");
    const body = await response.json();
    assert.match(body.RequestId, REQUEST_ID);
    assert.equal(body.Regions.Region.length, ECS_REGIONS.length);
    assert.deepEqual(
      body.Regions.Region.find((r: { RegionId: string }) => r.RegionId === "cn-hangzhou"),
      {
        RegionId: "cn-hangzhou",
        LocalName: "China (Hangzhou)",
        RegionEndpoint: "ecs.cn-hangzhou.aliyuncs.com",
        Status: "available",
      },
    );
  });
});

test("startTestServer() answers every rejection with RequestId, HostId, Code, Message and Recommend", async () => {
  await withTestServer({}, async (endpoint) => {
    const response = await send(endpoint, {
      credentials: { accessKeyId: "nobody", accessKeySecret: "x" },
    });
    assert.equal(response.status, 404);
    const body = await response.json();
    assert.deepEqual(Object.keys(body), ["RequestId", "HostId", "Code", "Message", "Recommend"]);
    assert.match(body.RequestId, REQUEST_ID);
    assert.equal(body.HostId, endpoint.host);
    assert.equal(body.Code, "InvalidAccessKeyId.NotFound");
    assert.equal(body.Message, "Specified access key is not found.");
    assert.equal(
      body.Recommend,
      `https://api.aliyun.com/troubleshoot?q=InvalidAccessKeyId.NotFound&product=Ecs&requestId=${body.RequestId}`,
    );
  });
});

test("startTestServer() answers an unknown action or version with Alibaba's codes", async () => {
  await withTestServer({}, async (endpoint) => {
    const action = await send(endpoint, { action: "RunInstances" });
    assert.equal(action.status, 404);
    assert.equal((await action.json()).Code, "InvalidAction.NotFound");
    const version = await send(endpoint, { version: "2016-03-14" });
    assert.equal(version.status, 400);
    assert.equal((await version.json()).Code, "InvalidVersion");
  });
});

test("startTestServer() answers in XML when asked", async () => {
  await withTestServer({}, async (endpoint) => {
    const ok = await send(endpoint, { format: "XML" });
    assert.equal(ok.headers.get("content-type"), "text/xml;charset=utf-8");
    assert.match(
      await ok.text(),
      /^<\?xml version='1\.0' encoding='UTF-8'\?><DescribeRegionsResponse><RequestId>[0-9A-F-]{36}<\/RequestId><Regions><Region><RegionId>/,
    );
    const error = await send(endpoint, { format: "XML", action: "Nope" });
    assert.match(
      await error.text(),
      /<Error><RequestId>.*<Code>InvalidAction\.NotFound<\/Code>.*&#38;product=Ecs/,
    );
  });
});

test("startTestServer().failNext() answers Throttling.User or 503 for the next N verified requests", async () => {
  await withTestServer({}, async (endpoint) => {
    endpoint.failNext("throttling", 2);
    endpoint.failNext("unavailable", 1);
    const statuses: [number, string | undefined][] = [];
    for (let i = 0; i < 4; i++) {
      const response = await send(endpoint);
      statuses.push([response.status, (await response.json()).Code]);
    }
    assert.deepEqual(statuses, [
      [400, "Throttling.User"],
      [400, "Throttling.User"],
      [503, "ServiceUnavailable"],
      [200, undefined],
    ]);
    assert.deepEqual(endpoint.received.map((r) => r.code), [
      "Throttling.User",
      "Throttling.User",
      "ServiceUnavailable",
      undefined,
    ]);
    const coded = (parameter: string) => (error: unknown) =>
      error instanceof RangeError && (error as { code?: string }).code === "invalid-option" &&
      (error as { parameter?: string }).parameter === parameter;
    assert.throws(() => endpoint.failNext("throttling", -1), coded("count"));
    assert.throws(() => endpoint.failNext("boom" as "hang"), coded("kind"));
  });
});

test("startTestServer() serves its control paths only with testSwitches", async () => {
  await withTestServer({}, async (endpoint) => {
    const response = await fetch(`${endpoint.origin}/__local/fail?kind=throttling&count=1`, {
      method: "POST",
    });
    assert.equal(response.status, 400);
    // No Format parameter: the answer is in XML, Alibaba Cloud's default.
    assert.match(await response.text(), /<Code>MissingParameter<\/Code>/);
  });
  await withTestServer({ testSwitches: true }, async (endpoint) => {
    const fail = await fetch(`${endpoint.origin}/__local/fail?kind=unavailable&count=1`, {
      method: "POST",
    });
    assert.equal(fail.status, 204);
    await fail.body?.cancel();
    const throttled = await send(endpoint);
    assert.equal(throttled.status, 503);
    await throttled.body?.cancel();
    const received = await (await fetch(`${endpoint.origin}/__local/received`)).json();
    assert.equal(received.length, 1);
    assert.equal(received[0].code, "ServiceUnavailable");
    const bad = await fetch(`${endpoint.origin}/__local/fail?kind=boom`, { method: "POST" });
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
  });
});

test("startTestServer() refuses a form body over 64 KiB", async () => {
  await withTestServer({}, async (endpoint) => {
    const response = await send(endpoint, {
      method: "POST",
      params: { Big: "x".repeat(70_000) },
    });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).Code, "RequestEntityTooLarge");
  });
});

test("startTestServer() uses its clock for verification and the Date header", async () => {
  const now = new Date("2016-02-23T12:50:00Z");
  await withTestServer({ now: () => now }, async (endpoint) => {
    const response = await send(endpoint, { timestamp: new Date("2016-02-23T12:46:24Z") });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("date"), "Tue, 23 Feb 2016 12:50:00 GMT");
    await response.body?.cancel();
  });
});

const CREDENTIALS = { accessKeyId: "testid", accessKeySecret: "testsecret" };

test("startTestServer() answers from a handler, with its RequestId, in JSON and XML", async () => {
  const seen: string[] = [];
  await withTestServer({
    handlers: {
      StartInstance: (request, { request: http }) => {
        seen.push(`${request.params.InstanceId} ${new URL(http.url).host}`);
        return { Started: request.params.InstanceId ?? "" };
      },
    },
  }, async (server) => {
    const json = await send(server, { action: "StartInstance", params: { InstanceId: "i-1" } });
    assert.equal(json.status, 200);
    const body = await json.json();
    assert.equal(body.Started, "i-1");
    assert.match(body.RequestId, REQUEST_ID);
    const xml = await send(server, {
      action: "StartInstance",
      params: { InstanceId: "i-2" },
      format: "XML",
    });
    assert.match(
      await xml.text(),
      /^<\?xml version='1\.0' encoding='UTF-8'\?><StartInstanceResponse><RequestId>[0-9A-F-]{36}<\/RequestId><Started>i-2<\/Started><\/StartInstanceResponse>$/,
    );
    assert.deepEqual(seen, [`i-1 ${server.host}`, `i-2 ${server.host}`]);
    assert.deepEqual(server.received.map((r) => r.action), ["StartInstance", "StartInstance"]);
  });
});

test("startTestServer() answers a handler's ApiError in Alibaba's shape, and a crash as InternalError", async () => {
  await withTestServer({
    handlers: {
      Refuse: () => {
        throw new ApiError("IncorrectInstanceStatus", "The instance is stopped.", { status: 403 });
      },
      Crash: () => {
        throw new Error("boom");
      },
      Raw: () => new Response("teapot", { status: 418 }),
    },
  }, async (server) => {
    const refused = await send(server, { action: "Refuse" });
    assert.equal(refused.status, 403);
    const body = await refused.json();
    assert.deepEqual([body.Code, body.Message, body.HostId], [
      "IncorrectInstanceStatus",
      "The instance is stopped.",
      server.host,
    ]);
    const crashed = await send(server, { action: "Crash" });
    assert.equal(crashed.status, 500);
    assert.equal((await crashed.json()).Code, "InternalError");
    const raw = await send(server, { action: "Raw" });
    assert.deepEqual([raw.status, await raw.text()], [418, "teapot"]);
  });
});

test("startTestServer() refuses what verifyRequest refuses, before any handler runs", async () => {
  let calls = 0;
  await withTestServer(
    { handlers: { DescribeRegions: () => ({ calls: ++calls }) } },
    async (server) => {
      const wrong = await send(server, {
        credentials: { accessKeyId: "testid", accessKeySecret: "wrong" },
      });
      assert.equal((await wrong.json()).Code, "SignatureDoesNotMatch");
      const signed = signRequest({
        action: "DescribeRegions",
        credentials: CREDENTIALS,
        endpoint: server.host,
        protocol: "http",
      });
      assert.equal((await fetch(signed.url)).status, 200);
      const replay = await fetch(signed.url);
      assert.equal((await replay.json()).Code, "SignatureNonceUsed");
      assert.equal(calls, 1);
    },
  );
});

test("startTestServer().fetch sends any URL to the server, which verifies it as addressed", async () => {
  await withTestServer({}, async (server) => {
    const signed = signRequest({
      action: "DescribeRegions",
      credentials: CREDENTIALS,
      endpoint: "ecs.cn-hangzhou.aliyuncs.com",
    });
    const response = await server.fetch(signed.url, { headers: { "user-agent": "probe/1" } });
    assert.equal(response.status, 200);
    await response.body?.cancel();
    const [seen] = server.received;
    assert.equal(seen?.host, "ecs.cn-hangzhou.aliyuncs.com");
    assert.ok(seen?.url.startsWith("https://ecs.cn-hangzhou.aliyuncs.com/?"));
    assert.equal(seen?.userAgent, "probe/1");
    const post = signRequest({
      action: "DescribeRegions",
      credentials: CREDENTIALS,
      endpoint: "ecs.cn-hangzhou.aliyuncs.com",
      method: "POST",
    });
    const posted = await server.fetch(post.url, {
      method: "POST",
      headers: post.headers,
      body: post.body,
    });
    assert.equal(posted.status, 200);
    await posted.body?.cancel();
  });
});

interface InstancesPage {
  TotalCount: number;
  NextToken?: string;
  PageNumber?: number;
  PageSize?: number;
  Instances: { Instance: { InstanceId: string; RegionId: string }[] };
}

async function page(server: TestServer, params: Record<string, string | number>) {
  const response = await send(server, {
    action: "DescribeInstances",
    params: { RegionId: "cn-hangzhou", ...params },
  });
  return {
    status: response.status,
    body: await response.json() as InstancesPage & { Code?: string },
  };
}

test("startTestServer() pages DescribeInstances by PageNumber/PageSize and by NextToken/MaxResults", async () => {
  await withTestServer({ instances: 23 }, async (server) => {
    const third = await page(server, { PageNumber: 3, PageSize: 10 });
    assert.deepEqual(
      [third.body.TotalCount, third.body.PageNumber, third.body.PageSize],
      [23, 3, 10],
    );
    assert.deepEqual(third.body.Instances.Instance.map((i) => i.InstanceId), [
      "i-test0021",
      "i-test0022",
      "i-test0023",
    ]);
    assert.equal(third.body.Instances.Instance[0]?.RegionId, "cn-hangzhou");

    const first = await page(server, { MaxResults: 20 });
    assert.equal(first.body.Instances.Instance.length, 20);
    assert.notEqual(first.body.NextToken, "");
    const last = await page(server, { MaxResults: 20, NextToken: first.body.NextToken! });
    assert.equal(last.body.Instances.Instance.length, 3);
    assert.equal(last.body.NextToken, "");

    const refusals = [
      [{ NextToken: "bogus" }, "InvalidParameter.NextToken"],
      [{ PageSize: 101 }, "InvalidParameter.PageSize"],
      [{ PageNumber: 1, MaxResults: 10 }, "InvalidParameter"],
    ] as const;
    for (const [params, code] of refusals) {
      const refused = await page(server, params);
      assert.deepEqual([refused.status, refused.body.Code], [400, code]);
    }
    const noRegion = await send(server, { action: "DescribeInstances" });
    assert.equal((await noRegion.json()).Code, "MissingParameter");
  });
});

test("startTestServer().failNext('hang') holds a request until the client gives up", async () => {
  await withTestServer({}, async (server) => {
    server.failNext("hang");
    const signed = signRequest({
      action: "DescribeRegions",
      credentials: CREDENTIALS,
      endpoint: server.host,
      protocol: "http",
    });
    await assert.rejects(
      fetch(signed.url, { signal: AbortSignal.timeout(200) }),
      (error: Error) => error.name === "TimeoutError" || error.name === "AbortError",
    );
    const after = await send(server);
    assert.equal(after.status, 200);
    await after.body?.cancel();
  });
});

test("startTestServer() refuses bad options with coded errors, before listening", async () => {
  const { startTestServer } = await import("./test_server.ts");
  const { AcsRangeError, AcsTypeError } = await import("../errors/mod.ts");
  const cases: [unknown, typeof AcsTypeError | typeof AcsRangeError, string, string][] = [
    [{ port: 70000 }, AcsRangeError, "invalid-option", "port"],
    [{ instances: -1 }, AcsRangeError, "invalid-option", "instances"],
    [{ handlers: { X: "nope" } }, AcsTypeError, "invalid-option", "handlers.X"],
    ["x", AcsTypeError, "invalid-option", "options"],
    // A misspelt option would be ignored, and the server listen elsewhere.
    [{ Port: 8788 }, AcsTypeError, "invalid-option", "Port"],
    [{ now: new Date() }, AcsTypeError, "invalid-option", "now"],
    [{ nonceStore: new Map() }, AcsTypeError, "invalid-option", "nonceStore"],
    [{ testSwitches: "yes" }, AcsTypeError, "invalid-option", "testSwitches"],
    [{ credentials: [] }, AcsTypeError, "invalid-credentials", "credentials"],
    [
      { credentials: [{ accessKeyId: "a" }] },
      AcsTypeError,
      "invalid-credentials",
      "credentials[0].accessKeySecret",
    ],
  ];
  for (const [options, errorClass, code, parameter] of cases) {
    await assert.rejects(
      startTestServer(options as never),
      (error: unknown) =>
        error instanceof errorClass && error.code === code && error.parameter === parameter,
      parameter,
    );
  }
});

test("withTestServer() and the fakes refuse bad arguments with coded errors, before listening", async () => {
  const { startFakeSts } = await import("./fake_sts.ts");
  const { startFakeMetadata } = await import("./fake_metadata.ts");
  const { AcsRangeError, AcsTypeError } = await import("../errors/mod.ts");
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const cases: [() => Promise<unknown>, typeof AcsTypeError | typeof AcsRangeError, string][] = [
    [() => withTestServer({}, "run" as never), AcsTypeError, "body"],
    [() => startFakeSts(null as never), AcsTypeError, "options"],
    [() => startFakeSts(proxy as never), AcsTypeError, "options"],
    [() => startFakeSts({ roleArns: [] } as never), AcsTypeError, "roleArns"],
    [() => startFakeMetadata({ now: 1 } as never), AcsTypeError, "now"],
    [() => startFakeMetadata({ port: -1 }), AcsRangeError, "port"],
  ];
  for (const [start, errorClass, parameter] of cases) {
    await assert.rejects(
      start(),
      (error: unknown) =>
        error instanceof errorClass && error.code === "invalid-option" &&
        error.parameter === parameter,
      parameter,
    );
  }
});
