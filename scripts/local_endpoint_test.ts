import { test } from "node:test";
import assert from "node:assert/strict";
import { ECS_REGIONS } from "../lib/endpoints/ecs_regions.ts";
import { signRequest, type SignRequestOptions } from "../lib/signature/sign_request.ts";
import { type LocalEndpoint, withLocalEndpoint } from "./local_endpoint.ts";

function send(
  endpoint: LocalEndpoint,
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

test("startLocalEndpoint() listens on 127.0.0.1 and answers DescribeRegions from the endpoint table", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
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

test("startLocalEndpoint() answers every rejection with RequestId, HostId, Code, Message and Recommend", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
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

test("startLocalEndpoint() answers an unknown action or version with Alibaba's codes", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    const action = await send(endpoint, { action: "RunInstances" });
    assert.equal(action.status, 404);
    assert.equal((await action.json()).Code, "InvalidAction.NotFound");
    const version = await send(endpoint, { version: "2016-03-14" });
    assert.equal(version.status, 400);
    assert.equal((await version.json()).Code, "InvalidVersion");
  });
});

test("startLocalEndpoint() answers in XML when asked", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
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

test("startLocalEndpoint().failNext() answers Throttling.User or 503 for the next N verified requests", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
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
    assert.throws(() => endpoint.failNext("throttling", -1), RangeError);
  });
});

test("startLocalEndpoint() serves its control paths only with testSwitches", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    const response = await fetch(`${endpoint.origin}/__local/fail?kind=throttling&count=1`, {
      method: "POST",
    });
    assert.equal(response.status, 400);
    // No Format parameter: the answer is in XML, Alibaba Cloud's default.
    assert.match(await response.text(), /<Code>MissingParameter<\/Code>/);
  });
  await withLocalEndpoint({ testSwitches: true }, async (endpoint) => {
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

test("startLocalEndpoint() refuses a form body over 64 KiB", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    const response = await send(endpoint, {
      method: "POST",
      params: { Big: "x".repeat(70_000) },
    });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).Code, "RequestEntityTooLarge");
  });
});

test("startLocalEndpoint() uses its clock for verification and the Date header", async () => {
  const now = new Date("2016-02-23T12:50:00Z");
  await withLocalEndpoint({ now: () => now }, async (endpoint) => {
    const response = await send(endpoint, { timestamp: new Date("2016-02-23T12:46:24Z") });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("date"), "Tue, 23 Feb 2016 12:50:00 GMT");
    await response.body?.cancel();
  });
});
