// verifyRequest with requests signed with V3 (lib/server/_verify_v3.ts).

import { test } from "node:test";
import assert from "node:assert/strict";
import { signRequest, signRequestV3 } from "../endpoints/mod.ts";
import type { SignRequestV3Options } from "../v3/mod.ts";
import { MemoryNonceStore } from "./nonce_store.ts";
import { verifyRequest, type VerifyRequestOptions, type VerifyResult } from "./verify_request.ts";

const CREDENTIALS = { accessKeyId: "testid", accessKeySecret: "testsecret" };
const SIGNED_AT = new Date("2023-10-26T10:22:32Z");
const BASE: SignRequestV3Options = {
  action: "DescribeInstances",
  endpoint: "http://127.0.0.1:8788",
  params: { RegionId: "cn-hangzhou", "Tag.1.Key": "a b*" },
  credentials: CREDENTIALS,
  timestamp: SIGNED_AT,
  nonce: "3156853299f313e23d1673dc12e1703d",
};

function options(overrides: Partial<VerifyRequestOptions> = {}): VerifyRequestOptions {
  return {
    lookupSecret: (id, token) =>
      id === "testid"
        ? "testsecret"
        : id === "stsid" && token === "CAIS token"
        ? "stssecret"
        : undefined,
    now: () => new Date(SIGNED_AT.getTime() + 60_000),
    nonceStore: new MemoryNonceStore(),
    ...overrides,
  };
}

/** The Request fetch would send for a signed request, with `change` applied. */
function requestOf(
  signed: ReturnType<typeof signRequestV3>,
  change: {
    url?: string;
    headers?: Record<string, string | null>;
    body?: BodyInit | null;
    method?: string;
  } = {},
): Request {
  const headers = new Headers(signed.headers);
  for (const [name, value] of Object.entries(change.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  const body = "body" in change ? change.body : signed.body;
  return new Request(change.url ?? signed.url, {
    method: change.method ?? signed.method,
    headers,
    ...(body === null || body === undefined ? {} : { body: body as BodyInit }),
  });
}

function refusedWith(result: VerifyResult, code: string, status = 400): string {
  assert.ok(!result.ok, `expected ${code}, but the request was accepted`);
  assert.equal(result.error.code, code, result.error.message);
  assert.equal(result.error.status, status);
  return result.error.message;
}

test("verifyRequest() accepts a V3 GET signed by signRequestV3 and reads it", async () => {
  const result = await verifyRequest(requestOf(signRequestV3(BASE)), options());
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  assert.deepEqual(result.accepted, {
    method: "GET",
    accessKeyId: "testid",
    securityToken: undefined,
    resourceOwnerAccount: undefined,
    action: "DescribeInstances",
    version: "2014-05-26",
    format: "JSON",
    nonce: BASE.nonce,
    timestamp: SIGNED_AT,
    params: { RegionId: "cn-hangzhou", "Tag.1.Key": "a b*" },
  });
});

test("verifyRequest() accepts a V3 POST with a form body (its fields are parameters) and with raw bytes", async () => {
  const form = signRequestV3({ ...BASE, method: "POST", body: "InstanceName=web%2001" });
  const accepted = await verifyRequest(requestOf(form), options());
  assert.ok(accepted.ok);
  assert.equal(accepted.accepted.params.InstanceName, "web 01");
  const bytes = signRequestV3({ ...BASE, method: "POST", body: new Uint8Array([0, 0xff, 0x80]) });
  assert.ok((await verifyRequest(requestOf(bytes), options())).ok);
});

test("verifyRequest() accepts V3 with a security token and checks it belongs to the key", async () => {
  const signed = signRequestV3({
    ...BASE,
    endpoint: "https://ecs.cn-hangzhou.aliyuncs.com",
    credentials: {
      accessKeyId: "stsid",
      accessKeySecret: "stssecret",
      securityToken: "CAIS token",
    },
    resourceOwnerAccount: "owner@example.com",
  });
  const result = await verifyRequest(requestOf(signed), options());
  assert.ok(result.ok);
  assert.equal(result.accepted.securityToken, "CAIS token");
  assert.equal(result.accepted.resourceOwnerAccount, "owner@example.com");
  assert.equal(result.accepted.params.ResourceOwnerAccount, undefined);
  const other = requestOf(signed, { headers: { "x-acs-security-token": "another" } });
  refusedWith(await verifyRequest(other, options()), "InvalidAccessKeyId.NotFound", 404);
});

test("verifyRequest() refuses a V3 replay, and shares the nonce store with the RPC signature", async () => {
  const shared = options();
  assert.ok((await verifyRequest(requestOf(signRequestV3(BASE)), shared)).ok);
  refusedWith(await verifyRequest(requestOf(signRequestV3(BASE)), shared), "SignatureNonceUsed");
  const rpc = signRequest({
    action: "DescribeRegions",
    endpoint: "http://127.0.0.1:8788",
    credentials: CREDENTIALS,
    timestamp: SIGNED_AT,
    nonce: BASE.nonce!,
  });
  refusedWith(await verifyRequest(new Request(rpc.url), shared), "SignatureNonceUsed");
});

test("verifyRequest() refuses a tampered V3 request with SignatureDoesNotMatch and quotes its canonical request", async () => {
  const signed = signRequestV3({ ...BASE, method: "POST", body: "InstanceName=web" });
  const tampered: [string, Request][] = [
    [
      "a changed parameter",
      requestOf(signed, { url: signed.url.replace("cn-hangzhou", "cn-beijing") }),
    ],
    ["an added parameter", requestOf(signed, { url: `${signed.url}&PageSize=100` })],
    ["a changed body", requestOf(signed, { body: "InstanceName=evil" })],
    ["a changed action", requestOf(signed, { headers: { "x-acs-action": "DeleteInstance" } })],
    [
      "another host",
      requestOf(signed, { url: signed.url.replace("127.0.0.1:8788", "127.0.0.1:9999") }),
    ],
    ["another method", requestOf(signed, { method: "GET", body: null })],
  ];
  for (const [what, request] of tampered) {
    const message = refusedWith(await verifyRequest(request, options()), "SignatureDoesNotMatch");
    assert.match(
      message,
      /^Specified signature does not match our calculation\. server StringToSign is \[ACS3-HMAC-SHA256\n[0-9a-f]{64}\] server CanonicalRequest is \[(GET|POST)\n\/\n/,
      what,
    );
  }
  const wrongSecret = await verifyRequest(
    requestOf(signed),
    options({ lookupSecret: () => "another secret" }),
  );
  const message = refusedWith(wrongSecret, "SignatureDoesNotMatch");
  assert.ok(message.includes(`server CanonicalRequest is [${signed.canonicalRequest}]`));
});

test("verifyRequest() refuses V3 requests that are incomplete, expired or malformed", async () => {
  const signed = signRequestV3(BASE);
  const cases: [string, Request, string, number?][] = [
    [
      "an unsigned x-acs-* header",
      requestOf(signed, { headers: { "x-acs-extra": "1" } }),
      "IncompleteSignature",
    ],
    [
      "an unsigned content-type",
      requestOf(signed, { headers: { "content-type": "text/plain" } }),
      "IncompleteSignature",
    ],
    [
      "an Authorization header of another form",
      requestOf(signed, { headers: { authorization: "ACS3-HMAC-SHA256 Credential=testid" } }),
      "IncompleteSignature",
    ],
    [
      "a signed header that is not sent",
      requestOf(signed, {
        headers: {
          authorization: signed.headers.authorization.replace(
            "SignedHeaders=",
            "SignedHeaders=x-acs-gone;",
          ),
        },
      }),
      "IncompleteSignature",
    ],
    ["no x-acs-date", requestOf(signed, { headers: { "x-acs-date": null } }), "MissingParameter"],
    [
      "no x-acs-content-sha256",
      requestOf(signed, { headers: { "x-acs-content-sha256": null } }),
      "MissingParameter",
    ],
    [
      "a date with milliseconds",
      requestOf(signed, { headers: { "x-acs-date": "2023-10-26T10:22:32.000Z" } }),
      "InvalidTimeStamp.Format",
    ],
    [
      "a date out of the window",
      requestOf(signed, { headers: { "x-acs-date": "2023-10-26T09:00:00Z" } }),
      "InvalidTimeStamp.Expired",
    ],
    [
      "a parameter given twice",
      requestOf(signed, { url: `${signed.url}&RegionId=x` }),
      "InvalidParameter",
    ],
    ["method PUT", requestOf(signed, { method: "PUT" }), "UnsupportedHTTPMethod", 405],
  ];
  for (const [what, request, code, status] of cases) {
    const result = await verifyRequest(request, options());
    assert.ok(!result.ok, what);
    assert.equal(result.error.code, code, `${what}: ${result.error.message}`);
    assert.equal(result.error.status, status ?? 400, what);
  }
  const unknown = signRequestV3({
    ...BASE,
    credentials: { accessKeyId: "nobody", accessKeySecret: "x" },
  });
  refusedWith(
    await verifyRequest(requestOf(unknown), options()),
    "InvalidAccessKeyId.NotFound",
    404,
  );
  const big = signRequestV3({ ...BASE, method: "POST", body: "x".repeat(100) });
  refusedWith(
    await verifyRequest(requestOf(big), options({ maxBodyBytes: 10 })),
    "RequestEntityTooLarge",
    413,
  );
});

test("verifyRequest() answers V3 in JSON unless the client accepts only XML", async () => {
  const xml = signRequestV3({ ...BASE, headers: { accept: "application/xml" } });
  const result = await verifyRequest(
    requestOf(xml, { headers: { "x-acs-date": "bad" } }),
    options(),
  );
  assert.ok(!result.ok);
  assert.equal(result.error.format, "XML");
  const json = await verifyRequest(
    requestOf(signRequestV3(BASE), { headers: { "x-acs-date": "bad" } }),
    options(),
  );
  assert.ok(!json.ok);
  assert.equal(json.error.format, "JSON");
});

test("verifyRequest() signs the Host header a V3 request arrived with", async () => {
  const signed = signRequestV3({ ...BASE, endpoint: "ecs.cn-hangzhou.aliyuncs.com" });
  // Behind a proxy the URL may name another host; the Host header is what was signed.
  const proxied = new Request(
    signed.url.replace("https://ecs.cn-hangzhou.aliyuncs.com", "http://127.0.0.1:1"),
    {
      headers: { ...signed.headers, host: "ecs.cn-hangzhou.aliyuncs.com" },
    },
  );
  assert.ok((await verifyRequest(proxied, options())).ok);
});
