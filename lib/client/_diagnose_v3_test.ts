// The doctor on V3 SignatureDoesNotMatch answers (lib/client/_diagnose_v3.ts),
// through diagnose() and ApiError. The server's messages are made by
// verifyRequest, which quotes its string to sign and canonical request the
// way Alibaba Cloud's V3 endpoints do.

import { test } from "node:test";
import assert from "node:assert/strict";
import { signRequestV3 } from "../endpoints/mod.ts";
import { MemoryNonceStore, verifyRequest } from "../server/mod.ts";
import type { SignRequestV3Options } from "../v3/mod.ts";
import { ApiError } from "./api_error.ts";
import { diagnose } from "./diagnose.ts";

const AT = new Date("2023-10-26T10:22:32Z");
const BASE: SignRequestV3Options = {
  action: "DescribeInstances",
  endpoint: "http://127.0.0.1:8788",
  params: { RegionId: "cn-hangzhou", InstanceName: "a b" },
  credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
  timestamp: AT,
  nonce: "n-1",
};

/** The server's SignatureDoesNotMatch message for `request`, whose secret is `secret`. */
async function serverMessage(request: Request, secret = "testsecret"): Promise<string> {
  const result = await verifyRequest(request, {
    lookupSecret: () => secret,
    now: () => AT,
    nonceStore: new MemoryNonceStore(),
  });
  assert.ok(!result.ok);
  assert.equal(result.error.code, "SignatureDoesNotMatch");
  return result.error.message;
}

function sent(signed: ReturnType<typeof signRequestV3>, url = signed.url, extra = {}): Request {
  const init: RequestInit = { method: signed.method, headers: { ...signed.headers, ...extra } };
  if (signed.body !== null) init.body = signed.body as BodyInit;
  return new Request(url, init);
}

function diagnosisOf(signed: ReturnType<typeof signRequestV3>, message: string) {
  return diagnose({
    code: "SignatureDoesNotMatch",
    message,
    stringToSign: signed.stringToSign,
    canonicalRequest: signed.canonicalRequest,
  });
}

test("diagnose() says the secret differs when the V3 canonical requests match", async () => {
  const signed = signRequestV3(BASE);
  const diagnosis = diagnosisOf(signed, await serverMessage(sent(signed), "othersecret"));
  assert.match(diagnosis!.summary, /same canonical request, so the secret differs/);
  assert.equal(diagnosis!.parameter, undefined);
});

test("diagnose() names a V3 query parameter encoded with '+' for a space", async () => {
  const signed = signRequestV3(BASE);
  // A client that signed "a%20b" but sent "a+b" is fine; one that signed "a+b" is not.
  const wrong = signed.canonicalRequest.replace("InstanceName=a%20b", "InstanceName=a+b");
  const diagnosis = diagnose({
    code: "SignatureDoesNotMatch",
    message: await serverMessage(sent(signed), "othersecret"),
    canonicalRequest: wrong,
  });
  assert.equal(diagnosis!.parameter, "InstanceName");
  assert.match(diagnosis!.summary, /a space was written as "\+"/);
});

test("diagnose() names a host that differs from the one V3 signed", async () => {
  const signed = signRequestV3(BASE);
  const message = await serverMessage(sent(signed, signed.url.replace("8788", "9999")));
  assert.match(
    diagnosisOf(signed, message)!.summary,
    /signed for host "127\.0\.0\.1:8788", but the server received "127\.0\.0\.1:9999"/,
  );
});

test("diagnose() names a parameter added to a V3 request after signing", async () => {
  const signed = signRequestV3(BASE);
  const message = await serverMessage(sent(signed, `${signed.url}&PageSize=100`));
  const diagnosis = diagnosisOf(signed, message);
  assert.equal(diagnosis!.parameter, "PageSize");
  assert.match(diagnosis!.summary, /received parameter "PageSize", which was not signed/);
});

test("diagnose() says a V3 body was changed after signing", async () => {
  const signed = signRequestV3({ ...BASE, method: "POST", body: "Description=web" });
  const changed = new Request(signed.url, {
    method: "POST",
    headers: signed.headers,
    body: "Description=evil",
  });
  assert.match(
    diagnosisOf(signed, await serverMessage(changed))!.summary,
    /the body the server received hashes to [0-9a-f]{64}, not to the signed x-acs-content-sha256 [0-9a-f]{64}/,
  );
});

test("diagnose() never quotes a V3 security token, nor does ApiError", async () => {
  const token = "CAIS-secret-token";
  const signed = signRequestV3({
    ...BASE,
    endpoint: "https://ecs.aliyuncs.com",
    credentials: { ...BASE.credentials, securityToken: token },
    params: { RegionId: "cn-hangzhou", Password: "P@ssw0rd" },
  });
  const message = await serverMessage(
    sent(signed, undefined, { "x-acs-security-token": "CAIS-other" }),
  );
  assert.ok(message.includes(token) || message.includes("CAIS-other"), "the server quotes it");
  const diagnosis = diagnosisOf(signed, message);
  assert.match(
    diagnosis!.summary,
    /header "x-acs-security-token": the signed value differs .*not shown/,
  );
  assert.ok(!diagnosis!.summary.includes(token) && !diagnosis!.summary.includes("CAIS-other"));
  const error = new ApiError("SignatureDoesNotMatch", message, { status: 400 });
  assert.ok(!error.message.includes("CAIS-"), error.message);
  assert.ok(!error.message.includes("P%40ssw0rd"), error.message);
  assert.match(error.message, /x-acs-security-token:\[redacted\]/);
  assert.match(error.message, /Password=\[redacted\]/);
});

test("diagnose() reads a V3 message with only a string to sign, or nothing to compare", () => {
  const signed = signRequestV3(BASE);
  const same = diagnosisOf(
    signed,
    `Specified signature does not match our calculation. server StringToSign is [${signed.stringToSign}]`,
  );
  assert.match(same!.summary, /so the secret differs/);
  const other = diagnosisOf(
    signed,
    "Specified signature does not match our calculation. server StringToSign is [ACS3-HMAC-SHA256\\n00]",
  );
  assert.match(other!.summary, /the usual causes are a "host" that differs/);
});
