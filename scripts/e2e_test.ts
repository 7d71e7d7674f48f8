// End-to-end tests: call(), the CLI and @alicloud/pop-core against the test
// server of @acs/rpc/testing, over real HTTP on 127.0.0.1. Needs
// --allow-net=127.0.0.1 and, for pop-core, --allow-read --allow-env --allow-sys.
import { test } from "node:test";
import assert from "node:assert/strict";
import RPCClient from "@alicloud/pop-core";
import { main } from "../cli.ts";
import { ApiError } from "../lib/client/api_error.ts";
import { call, type CallOptions } from "../lib/client/call.ts";
import { diagnose } from "../lib/client/diagnose.ts";
import { percentEncode } from "../lib/signature/percent_encode.ts";
import { sign } from "../lib/signature/sign.ts";
import { signRequest, type SignRequestOptions } from "../lib/signature/sign_request.ts";
import {
  type TestServer as LocalEndpoint,
  withTestServer as withLocalEndpoint,
} from "../lib/testing/mod.ts";

const CREDENTIALS = { accessKeyId: "testid", accessKeySecret: "testsecret" };

function callOptions(
  endpoint: LocalEndpoint,
  extra: Partial<CallOptions> & { format?: "JSON" } = {},
): CallOptions & { format?: "JSON" } {
  return {
    action: "DescribeRegions",
    credentials: CREDENTIALS,
    endpoint: endpoint.host,
    protocol: "http",
    // No real waiting: retries happen at once.
    sleep: () => Promise.resolve(),
    ...extra,
  };
}

function signedUrl(
  endpoint: LocalEndpoint,
  extra: Partial<SignRequestOptions> = {},
): string {
  return signRequest({
    action: "DescribeRegions",
    credentials: CREDENTIALS,
    endpoint: endpoint.host,
    protocol: "http",
    params: { AcceptLanguage: "en-US" },
    ...extra,
  }).url;
}

async function codeOf(url: string, init?: RequestInit): Promise<string> {
  const response = await fetch(url, init);
  const body = await response.json();
  return body.Code ?? `HTTP ${response.status}`;
}

test("e2e: call() succeeds against the local endpoint, by GET and, over the URL budget, by POST", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    const answer = await call(callOptions(endpoint));
    assert.ok(Array.isArray((answer.Regions as { Region: unknown[] }).Region));
    await call(callOptions(endpoint, { params: { Description: "x".repeat(9000) } }));
    assert.deepEqual(endpoint.received.map((r) => [r.method, r.status]), [
      ["GET", 200],
      ["POST", 200],
    ]);
  });
});

test("e2e: the CLI calls the local endpoint and prints the answer", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (line: string) => out.push(line),
      stderr: (line: string) => err.push(line),
      env: () => undefined,
    };
    const status = await main(
      ["call", "--demo", "--endpoint", endpoint.origin, "DescribeRegions"],
      io,
    );
    assert.equal(status, 0, err.join("\n"));
    assert.match(JSON.parse(out.join("\n")).RequestId, /^[0-9A-F-]{36}$/);

    out.length = 0;
    const refused = await main(
      ["call", "--demo", "--endpoint", endpoint.origin, "RunInstances"],
      io,
    );
    assert.equal(refused, 1);
    assert.deepEqual(out, []);
    assert.match(
      err.join("\n"),
      /^Error: InvalidAction\.NotFound \(HTTP 404\): .*\nRequestId: [0-9A-F-]{36}\n/,
    );
  });
});

test("e2e: each bad request gets the right code from the local endpoint", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    const good = signedUrl(endpoint);
    const cases: [string, string][] = [
      [good.replace("en-US", "en-UT"), "SignatureDoesNotMatch"],
      [
        signedUrl(endpoint, { timestamp: new Date(Date.now() - 16 * 60_000) }),
        "InvalidTimeStamp.Expired",
      ],
      [
        good.replace(/Timestamp=[^&]*/, "Timestamp=2016-02-23%2012%3A46%3A24"),
        "InvalidTimeStamp.Format",
      ],
      [
        signedUrl(endpoint, {
          credentials: { accessKeyId: "nobody", accessKeySecret: "x" },
        }),
        "InvalidAccessKeyId.NotFound",
      ],
      [good.replace(/&SignatureNonce=[^&]*/, ""), "MissingParameter"],
      [good, "HTTP 200"],
      [good, "SignatureNonceUsed"],
    ];
    for (const [url, code] of cases) {
      assert.equal(await codeOf(url), code, url);
    }
  });
});

test("e2e: call() retries throttling and 503 with fresh nonces, and the server sees them distinct", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    endpoint.failNext("throttling", 2);
    endpoint.failNext("unavailable", 1);
    const delays: number[] = [];
    await call(callOptions(endpoint, {
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    }));
    const { received } = endpoint;
    assert.deepEqual(received.map((r) => r.code), [
      "Throttling.User",
      "Throttling.User",
      "ServiceUnavailable",
      undefined,
    ]);
    assert.equal(new Set(received.map((r) => r.nonce)).size, 4);
    assert.equal(delays.length, 3);
  });
});

test("e2e: call() does not retry SignatureDoesNotMatch, and the doctor blames the secret", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    await assert.rejects(
      call(callOptions(endpoint, {
        credentials: { accessKeyId: "testid", accessKeySecret: "testsecreT" },
      })),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, "SignatureDoesNotMatch");
        assert.equal(error.attempts, 1);
        assert.match(error.diagnosis ?? "", /so the secret differs/);
        return true;
      },
    );
    assert.equal(endpoint.received.length, 1);
  });
});

test("e2e: call() reads the endpoint's Date header to measure the clock skew", async () => {
  const serverNow = new Date("2026-01-01T00:00:00Z");
  await withLocalEndpoint({ now: () => serverNow }, async (endpoint) => {
    await assert.rejects(
      call(callOptions(endpoint, {
        now: () => new Date(serverNow.getTime() + 20 * 60_000),
      })),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, "InvalidTimeStamp.Expired");
        assert.equal(error.attempts, 1);
        assert.match(error.diagnosis ?? "", /^The local clock is 20 min ahead of the server's/);
        return true;
      },
    );
  });
});

test('e2e: the doctor names the cause for a request signed with "+" for a space', async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    // A client that form-encodes (space as "+") and signs what it sends.
    const pairs: [string, string][] = [
      ["AccessKeyId", "testid"],
      ["Action", "DescribeRegions"],
      ["Format", "JSON"],
      ["InstanceName", "web server"],
      ["SignatureMethod", "HMAC-SHA1"],
      ["SignatureNonce", crypto.randomUUID()],
      ["SignatureVersion", "1.0"],
      ["Timestamp", new Date().toISOString().slice(0, 19) + "Z"],
      ["Version", "2014-05-26"],
    ];
    const query = new URLSearchParams(pairs).toString();
    const stringToSign = `GET&%2F&${percentEncode(query)}`;
    const signature = percentEncode(sign(stringToSign, "testsecret"));
    const response = await fetch(
      `${endpoint.origin}/?${query}&Signature=${signature}`,
    );
    const answer = await response.json();
    assert.equal(answer.Code, "SignatureDoesNotMatch");
    const diagnosis = diagnose({
      code: answer.Code,
      message: answer.Message,
      stringToSign,
    });
    assert.equal(diagnosis?.parameter, "InstanceName");
    assert.match(diagnosis?.summary ?? "", /a space was written as "\+"/);
  });
});

/** Changes one byte of `text` (in the AcceptLanguage value) and checks it. */
function changeOneByte(text: string): string {
  const changed = text.replace("AcceptLanguage=en-US", "AcceptLanguage=en-UT");
  assert.equal(changed.length, text.length);
  let differences = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== changed[i]) differences++;
  }
  assert.equal(differences, 1);
  return changed;
}

test("e2e: @alicloud/pop-core calls DescribeRegions by GET and POST with its own HTTP transport and is accepted", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    const client = new RPCClient({
      accessKeyId: "testid",
      accessKeySecret: "testsecret",
      endpoint: endpoint.origin,
      apiVersion: "2014-05-26",
    });
    for (const method of ["GET", "POST"] as const) {
      const answer = await client.request(
        "DescribeRegions",
        { AcceptLanguage: "en-US" },
        { method },
      ) as { RequestId: string; Regions: { Region: unknown[] } };
      assert.match(answer.RequestId, /^[0-9A-F-]{36}$/);
      assert.ok(answer.Regions.Region.length > 0);
    }
    const [get, post] = endpoint.received;
    assert.deepEqual([get?.method, get?.status], ["GET", 200]);
    assert.deepEqual([post?.method, post?.status], ["POST", 200]);
    assert.match(post!.body, /AcceptLanguage=en-US/);

    // The same requests with one byte changed are refused.
    assert.equal(
      await codeOf(changeOneByte(get!.url)),
      "SignatureDoesNotMatch",
    );
    assert.equal(
      await codeOf(post!.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: changeOneByte(post!.body),
      }),
      "SignatureDoesNotMatch",
    );
    // And replayed unchanged, they are refused too.
    assert.equal(await codeOf(get!.url), "SignatureNonceUsed");

    // pop-core's own error path sees the endpoint's refusal.
    const wrong = new RPCClient({
      accessKeyId: "testid",
      accessKeySecret: "testsecreT",
      endpoint: endpoint.origin,
      apiVersion: "2014-05-26",
    });
    await assert.rejects(
      wrong.request("DescribeRegions", {}, { method: "GET" }),
      (error: { code?: string }) => error.code === "SignatureDoesNotMatch",
    );
  });
});
