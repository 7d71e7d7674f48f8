// call() with signatureVersion "v3", against a stand-in fetch that verifies
// each request with verifyRequest. (The local endpoint over real HTTP is in
// scripts/e2e_v3_test.ts.)

import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsTypeError } from "../errors/mod.ts";
import { MemoryNonceStore, verifyRequest } from "../server/mod.ts";
import { ApiError } from "./api_error.ts";
import { call, type CallOptions, type JsonObject } from "./call.ts";

const T0 = Date.parse("2023-10-26T10:22:32Z");

function harness(answers: { status: number; body: unknown }[] = [], secret = "testsecret") {
  const seen: Request[] = [];
  const store = new MemoryNonceStore();
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push(request.clone());
    const injected = answers.shift();
    if (injected !== undefined) {
      return new Response(JSON.stringify(injected.body), { status: injected.status });
    }
    const result = await verifyRequest(request, {
      lookupSecret: (id) => (id === "testid" ? secret : undefined),
      now: () => new Date(T0),
      nonceStore: store,
    });
    return result.ok
      ? Response.json({ RequestId: "R-1", Action: result.accepted.action })
      : Response.json({ Code: result.error.code, Message: result.error.message }, {
        status: result.error.status,
      });
  }) as typeof fetch;
  const options = (extra: Partial<CallOptions> = {}): CallOptions => ({
    action: "DescribeRegions",
    credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
    endpoint: "http://127.0.0.1:8788",
    signatureVersion: "v3",
    fetch: fakeFetch,
    now: () => new Date(T0),
    sleep: () => Promise.resolve(),
    ...extra,
  });
  return { seen, options };
}

test("call() with signatureVersion v3 signs with ACS3-HMAC-SHA256 and is accepted", async () => {
  const { seen, options } = harness();
  const answer = await call(options({ params: { RegionId: "cn-hangzhou" } })) as JsonObject;
  assert.equal(answer.Action, "DescribeRegions");
  const [request] = seen;
  assert.match(request!.headers.get("authorization")!, /^ACS3-HMAC-SHA256 Credential=testid,/);
  assert.equal(request!.headers.get("x-acs-action"), "DescribeRegions");
  assert.equal(request!.url, "http://127.0.0.1:8788/?RegionId=cn-hangzhou");
  assert.equal(request!.method, "GET");
});

test("call() with v3 signs each retry afresh, with a new x-acs-signature-nonce", async () => {
  const { seen, options } = harness([{ status: 503, body: { Code: "ServiceUnavailable" } }]);
  await call(options());
  assert.equal(seen.length, 2);
  assert.notEqual(
    seen[0]!.headers.get("x-acs-signature-nonce"),
    seen[1]!.headers.get("x-acs-signature-nonce"),
  );
});

test("call() with v3 keeps the parameters in the query, even for a long POST", async () => {
  const { seen, options } = harness();
  await call(options({ method: "POST", params: { Description: "x".repeat(9000) } }));
  assert.equal(seen[0]!.method, "POST");
  assert.ok(seen[0]!.url.includes("Description=xxx"));
});

test("call() with v3 explains a SignatureDoesNotMatch from the canonical request", async () => {
  const { options } = harness([], "othersecret");
  await assert.rejects(call(options()), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "SignatureDoesNotMatch");
    assert.match(error.diagnosis ?? "", /same canonical request, so the secret differs/);
    return true;
  });
});

test("call() refuses an unknown signatureVersion, and maxUrlBytes with v3", async () => {
  const { options } = harness();
  await assert.rejects(
    call(options({ signatureVersion: "v2" as "v3" })),
    (error) => error instanceof AcsTypeError && error.parameter === "signatureVersion",
  );
  await assert.rejects(
    call(options({ maxUrlBytes: 100 })),
    (error) => error instanceof AcsTypeError && error.parameter === "maxUrlBytes",
  );
});

test("call() still signs with the RPC signature by default", async () => {
  const { seen, options } = harness();
  await call(options({ signatureVersion: undefined }));
  assert.equal(seen[0]!.headers.get("authorization"), null);
  assert.ok(new URL(seen[0]!.url).searchParams.has("SignatureNonce"));
});
