// End-to-end tests of signature V3: call() and the CLI with --v3 against the
// local ECS-compatible endpoint over real HTTP on 127.0.0.1 (the endpoint
// verifies through verifyRequest, which takes RPC and V3 requests alike), and
// tampered V3 requests refused with the right code. Needs
// --allow-net=127.0.0.1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../cli.ts";
import { ApiError } from "../lib/client/api_error.ts";
import { call, type CallOptions, type JsonObject } from "../lib/client/call.ts";
import { signRequestV3 } from "../lib/endpoints/mod.ts";
import type { SignedRequestV3, SignRequestV3Options } from "../lib/v3/mod.ts";
import {
  type TestServer as LocalEndpoint,
  withTestServer as withLocalEndpoint,
} from "../lib/testing/mod.ts";

const CREDENTIALS = { accessKeyId: "testid", accessKeySecret: "testsecret" };

function callOptions(endpoint: LocalEndpoint, extra: Partial<CallOptions> = {}): CallOptions {
  return {
    action: "DescribeRegions",
    credentials: CREDENTIALS,
    endpoint: endpoint.origin,
    signatureVersion: "v3",
    sleep: () => Promise.resolve(),
    ...extra,
  };
}

function signed(
  endpoint: LocalEndpoint,
  extra: Partial<SignRequestV3Options> = {},
): SignedRequestV3 {
  return signRequestV3({
    action: "DescribeRegions",
    credentials: CREDENTIALS,
    endpoint: endpoint.origin,
    params: { AcceptLanguage: "en-US" },
    ...extra,
  });
}

/** Sends a signed request, with `headers` replacing some of its headers, and reads the code. */
async function codeOf(
  request: SignedRequestV3,
  change: { url?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<string> {
  const init: RequestInit = {
    method: request.method,
    headers: { ...request.headers, ...change.headers },
  };
  const body = change.body ?? request.body;
  if (body !== null) init.body = body as BodyInit;
  const response = await fetch(change.url ?? request.url, init);
  const answer = await response.json();
  return answer.Code ?? `HTTP ${response.status}`;
}

test("e2e v3: call() with signatureVersion v3 is accepted by the local endpoint over HTTP", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    const answer = await call(callOptions(endpoint)) as JsonObject;
    assert.ok(Array.isArray((answer.Regions as { Region: unknown[] }).Region));
    await call(callOptions(endpoint, { method: "POST", params: { AcceptLanguage: "en-US" } }));
    assert.deepEqual(endpoint.received.map((r) => [r.method, r.status]), [
      ["GET", 200],
      ["POST", 200],
    ]);
  });
});

test("e2e v3: a tampered V3 request is refused with the right code", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    const good = signed(endpoint);
    const post = signed(endpoint, { method: "POST", body: "Description=web" });
    const cases: [string, Promise<string>, string][] = [
      [
        "a changed parameter",
        codeOf(good, { url: good.url.replace("en-US", "en-UT") }),
        "SignatureDoesNotMatch",
      ],
      [
        "a changed action",
        codeOf(good, { headers: { "x-acs-action": "DeleteInstance" } }),
        "SignatureDoesNotMatch",
      ],
      ["a changed body", codeOf(post, { body: "Description=evil" }), "SignatureDoesNotMatch"],
      [
        "an unsigned x-acs header",
        codeOf(good, { headers: { "x-acs-extra": "1" } }),
        "IncompleteSignature",
      ],
      [
        "an old x-acs-date",
        codeOf(signed(endpoint, { timestamp: new Date(Date.now() - 16 * 60_000) })),
        "InvalidTimeStamp.Expired",
      ],
      [
        "an unknown key",
        codeOf(signed(endpoint, { credentials: { accessKeyId: "nobody", accessKeySecret: "x" } })),
        "InvalidAccessKeyId.NotFound",
      ],
    ];
    for (const [what, code, expected] of cases) assert.equal(await code, expected, what);
    assert.equal(await codeOf(good), "HTTP 200");
    assert.equal(await codeOf(good), "SignatureNonceUsed");
  });
});

test("e2e v3: call() with a wrong secret gets SignatureDoesNotMatch, explained by the doctor", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    await assert.rejects(
      call(
        callOptions(endpoint, { credentials: { accessKeyId: "testid", accessKeySecret: "wrong" } }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, "SignatureDoesNotMatch");
        assert.equal(error.attempts, 1);
        assert.match(error.diagnosis ?? "", /same canonical request, so the secret differs/);
        return true;
      },
    );
  });
});

test("e2e v3: the CLI calls the local endpoint with --v3", async () => {
  await withLocalEndpoint({}, async (endpoint) => {
    const out: string[] = [];
    const err: string[] = [];
    const status = await main(
      ["call", "--demo", "--v3", "--endpoint", endpoint.origin, "DescribeRegions"],
      { stdout: (line) => out.push(line), stderr: (line) => err.push(line), env: () => undefined },
    );
    assert.equal(status, 0, err.join("\n"));
    assert.match(JSON.parse(out.join("\n")).RequestId, /^[0-9A-F-]{36}$/);
    assert.equal(endpoint.received.length, 1);
    const [received] = endpoint.received;
    assert.ok(!new URL(received!.url).searchParams.has("SignatureNonce"), "the request is V3");
    assert.match(received!.nonce ?? "", /^[0-9a-f-]{36}$/, "its x-acs-signature-nonce");
  });
});
