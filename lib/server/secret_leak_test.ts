// verifyRequest must never show the access key secret that lookupSecret
// gives it, in any answer (accepted or refused, RPC signature or V3) or in an
// error it throws; and no refusal but SignatureDoesNotMatch may show the
// request's security token or a password. SignatureDoesNotMatch quotes the
// server's string to sign (and for V3 its canonical request), as Alibaba
// Cloud's endpoint does, so a client can find what it signed differently:
// those hold what the client itself sent, token and parameters included, and
// the client redacts them (lib/client/secret_leak_test.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertHidden } from "../credentials/testdata/helpers.ts";
import { signRequest } from "../signature/sign_request.ts";
import { signRequestV3 } from "../v3/sign_request_v3.ts";
import { MemoryNonceStore, type NonceStore } from "./nonce_store.ts";
import { verifyRequest, type VerifyRequestOptions } from "./verify_request.ts";

const SECRET = "Zq8-SERVER-SECRET-v3Lk";
const TOKEN = "CAIS-Zq8/SERVERTOKEN+v3Lk=";
const PASSWORD = "pw-Zq8-SERVER-PASSWORD";
const SIGNED_AT = new Date("2023-10-26T10:22:32Z");
const CREDENTIALS = { accessKeyId: "leakcheck", accessKeySecret: SECRET, securityToken: TOKEN };
const SIGNING = {
  action: "ResetPassword",
  endpoint: "ecs.cn-hangzhou.aliyuncs.com",
  credentials: CREDENTIALS,
  params: { InstanceId: "i-1", Password: PASSWORD },
  timestamp: SIGNED_AT,
} as const;

let counter = 0;

/** A GET signed with the RPC signature, with a token and a password. */
function rpc(query: (url: string) => string = (url) => url, method = "GET"): Request {
  const signed = signRequest({ ...SIGNING, nonce: `rpc-${++counter}` });
  return new Request(query(signed.url), { method });
}

/** A request signed with V3, with a token and a password, and `change` applied. */
function v3(
  change: { url?: (url: string) => string; headers?: Record<string, string | null> } = {},
  method: "GET" | "POST" = "GET",
  body?: string,
): Request {
  const signed = signRequestV3({
    ...SIGNING,
    method,
    nonce: `v3-${++counter}`,
    ...(body === undefined ? {} : { body }),
  });
  const headers = new Headers(signed.headers);
  for (const [name, value] of Object.entries(change.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return new Request((change.url ?? ((url) => url))(signed.url), {
    method,
    headers,
    ...(signed.body === null ? {} : { body: signed.body as BodyInit }),
  });
}

const storeAnswering = (answer: () => unknown): NonceStore => ({
  add: answer as NonceStore["add"],
});

function options(overrides: Partial<VerifyRequestOptions> = {}): VerifyRequestOptions {
  return {
    lookupSecret: () => SECRET,
    now: () => new Date(SIGNED_AT.getTime() + 60_000),
    nonceStore: new MemoryNonceStore(),
    ...overrides,
  };
}

const tamper = (url: string) => url.replace("InstanceId=i-1", "InstanceId=i-2");
const replayed = new MemoryNonceStore();
const FAILING_STORE = storeAnswering(() => {
  throw new Error(`store down, holding ${SECRET} ${TOKEN} ${PASSWORD}`);
});

/** A request, the options to verify it with, and the code expected (or "accepted"). */
type Case = [string, () => Request, Partial<VerifyRequestOptions>, string];
const CASES: Case[] = [
  ["an accepted request", () => rpc(), {}, "accepted"],
  ["a tampered request", () => rpc(tamper), {}, "SignatureDoesNotMatch"],
  ["an unknown key", () => rpc(), { lookupSecret: () => undefined }, "InvalidAccessKeyId.NotFound"],
  ["a stale timestamp", () => rpc(), { now: () => new Date(0) }, "InvalidTimeStamp.Expired"],
  [
    "a malformed timestamp",
    () => rpc((url) => url.replace(/Timestamp=[^&]*/, "Timestamp=2023-10-26")),
    {},
    "InvalidTimeStamp.Format",
  ],
  [
    "a missing timestamp",
    () => rpc((url) => url.replace(/&Timestamp=[^&]*/, "")),
    {},
    "MissingParameter",
  ],
  [
    "another signature method",
    () => rpc((url) => url.replace("HMAC-SHA1", "HMAC-SHA256")),
    {},
    "IncompleteSignature",
  ],
  [
    "a password given twice",
    () => rpc((url) => `${url}&Password=${PASSWORD}`),
    {},
    "InvalidParameter",
  ],
  ["too many parameters", () => rpc(), { maxParameters: 3 }, "TooManyParameters"],
  ["a long query", () => rpc(), { maxQueryBytes: 16 }, "RequestURITooLong"],
  ["an unsupported method", () => rpc((url) => url, "PUT"), {}, "UnsupportedHTTPMethod"],
  [
    "a key at its quota",
    () => rpc(),
    { nonceStore: storeAnswering(() => "key-quota") },
    "Throttling.User",
  ],
  ["a failing nonce store", () => rpc(), { nonceStore: FAILING_STORE }, "ServiceUnavailable"],
  ["a replay", () => rpc(), { nonceStore: replayed }, "SignatureNonceUsed"],
  ["an accepted V3 request", () => v3(), {}, "accepted"],
  ["an accepted V3 POST", () => v3({}, "POST", `VncPassword=${PASSWORD}`), {}, "accepted"],
  ["a tampered V3 request", () => v3({ url: tamper }), {}, "SignatureDoesNotMatch"],
  [
    "a V3 request of an unknown key",
    () => v3(),
    { lookupSecret: () => undefined },
    "InvalidAccessKeyId.NotFound",
  ],
  [
    "a stale V3 request",
    () => v3(),
    { now: () => new Date(0) },
    "InvalidTimeStamp.Expired",
  ],
  [
    "a V3 request without x-acs-date",
    () => v3({ headers: { "x-acs-date": null } }),
    {},
    "MissingParameter",
  ],
  [
    "a V3 request with an unsigned x-acs header",
    () => v3({ headers: { "x-acs-password": PASSWORD } }),
    {},
    "IncompleteSignature",
  ],
  [
    "a V3 request with a password given twice",
    () => v3({ url: (url) => `${url}&Password=${PASSWORD}` }),
    {},
    "InvalidParameter",
  ],
  [
    "a V3 body over the bound",
    () => v3({}, "POST", `VncPassword=${PASSWORD}`),
    { maxBodyBytes: 8 },
    "RequestEntityTooLarge",
  ],
  [
    "a V3 request of a key at its quota",
    () => v3(),
    { nonceStore: storeAnswering(() => "key-quota") },
    "Throttling.User",
  ],
  [
    "a V3 request and a failing nonce store",
    () => v3(),
    { nonceStore: FAILING_STORE },
    "ServiceUnavailable",
  ],
];

for (const [what, request, overrides, expected] of CASES) {
  test(`verifyRequest() keeps the secret out of what it answers for ${what}`, async () => {
    const sent = request();
    // A replay: the same request, accepted once already.
    if (expected === "SignatureNonceUsed") await verifyRequest(sent.clone(), options(overrides));
    const result = await verifyRequest(sent, options(overrides));
    if (expected === "accepted") {
      assert.ok(result.ok, result.ok ? "" : result.error.message);
      // The accepted request holds the token and the parameters, for the server.
      assertHidden(result, [SECRET], what);
      return;
    }
    assert.ok(!result.ok, "expected a refusal");
    assert.equal(result.error.code, expected, result.error.message);
    assertHidden(
      result,
      expected === "SignatureDoesNotMatch" ? [SECRET] : [SECRET, TOKEN, PASSWORD],
      what,
    );
  });
}

test("verifyRequest() keeps the secret out of the errors it throws", async () => {
  const invalidClock = { now: () => new Date(Number.NaN) };
  for (const request of [rpc(), v3()]) {
    await assert.rejects(verifyRequest(request, options(invalidClock)), (error) => {
      assertHidden(error, [SECRET, TOKEN, PASSWORD], "a clock that returns an invalid date");
      return true;
    });
  }
});
