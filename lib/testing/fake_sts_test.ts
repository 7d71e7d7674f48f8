import { test } from "node:test";
import assert from "node:assert/strict";
import { signRequest } from "../endpoints/mod.ts";
import { startFakeSts } from "./fake_sts.ts";

const CLOCK = new Date("2025-06-01T00:00:00Z");
const now = () => CLOCK;

async function send(signed: ReturnType<typeof signRequest>) {
  const response = await fetch(signed.url, {
    method: signed.method,
    headers: signed.headers,
    body: signed.body,
  });
  return { status: response.status, body: await response.json() };
}

function assumeRole(url: string, params: Record<string, string>, secret = "testsecret") {
  return signRequest({
    action: "AssumeRole",
    version: "2015-04-01",
    endpoint: url,
    method: "POST",
    credentials: { accessKeyId: "testid", accessKeySecret: secret },
    params,
    timestamp: now(),
  });
}

test("startFakeSts() issues credentials for a signed AssumeRole, valid until they expire", async () => {
  let clock = CLOCK.getTime();
  const sts = await startFakeSts({ now: () => new Date(clock) });
  try {
    const signed = signRequest({
      action: "AssumeRole",
      version: "2015-04-01",
      endpoint: sts.url,
      method: "POST",
      credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
      params: {
        RoleArn: "acs:ram::123:role/reader",
        RoleSessionName: "s1",
        DurationSeconds: "900",
      },
      timestamp: new Date(clock),
    });
    const { status, body } = await send(signed);
    assert.equal(status, 200);
    assert.equal(body.Credentials.Expiration, "2025-06-01T00:15:00Z");
    assert.equal(body.AssumedRoleUser.Arn, "acs:ram::123:assumed-role/reader/s1");
    const { AccessKeyId: id, AccessKeySecret: secret, SecurityToken: token } = body.Credentials;
    assert.equal(sts.lookupSecret(id, token), secret);
    assert.equal(sts.lookupSecret(id, "another token"), undefined);
    clock += 900_000;
    assert.equal(sts.lookupSecret(id, token), undefined);
    assert.deepEqual(sts.requests.map((r) => [r.action, r.accessKeyId, r.status]), [
      ["AssumeRole", "testid", 200],
    ]);
  } finally {
    await sts.close();
  }
});

test("startFakeSts() refuses a bad signature, an unknown role and a bad duration as STS does", async () => {
  const sts = await startFakeSts({ now, roles: ["acs:ram::123:role/reader"] });
  try {
    const cases: [ReturnType<typeof signRequest>, number, string][] = [
      [
        assumeRole(sts.url, { RoleArn: "acs:ram::123:role/reader", RoleSessionName: "s" }, "wrong"),
        400,
        "SignatureDoesNotMatch",
      ],
      [
        assumeRole(sts.url, { RoleArn: "acs:ram::123:role/writer", RoleSessionName: "s1" }),
        404,
        "EntityNotExist.Role",
      ],
      [assumeRole(sts.url, { RoleSessionName: "s1" }), 400, "MissingRoleArn"],
      [
        assumeRole(sts.url, {
          RoleArn: "acs:ram::123:role/reader",
          RoleSessionName: "s1",
          DurationSeconds: "899",
        }),
        400,
        "InvalidParameter.DurationSeconds",
      ],
      [
        assumeRole(sts.url, {
          RoleArn: "acs:ram::123:role/reader",
          RoleSessionName: "s1",
          DurationSeconds: "3601",
        }),
        400,
        "InvalidParameter.DurationSeconds",
      ],
      [
        assumeRole(sts.url, { RoleArn: "acs:ram::123:role/reader", RoleSessionName: "bad name" }),
        400,
        "InvalidParameter.RoleSessionName",
      ],
    ];
    for (const [signed, status, code] of cases) {
      const answer = await send(signed);
      assert.equal(answer.status, status, code);
      assert.equal(answer.body.Code, code);
      assert.equal(typeof answer.body.RequestId, "string");
    }
  } finally {
    await sts.close();
  }
});

test("startFakeSts() answers AssumeRoleWithOIDC anonymously for a known token only", async () => {
  const sts = await startFakeSts({ now, oidcTokens: ["good-token"] });
  try {
    const post = async (token: string) => {
      const response = await fetch(
        `${sts.url}/?Action=AssumeRoleWithOIDC&Version=2015-04-01&Format=JSON`,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            OIDCProviderArn: "acs:ram::123:oidc-provider/ack",
            OIDCToken: token,
            RoleArn: "acs:ram::123:role/pod",
            RoleSessionName: "pod-1",
          }),
        },
      );
      return { status: response.status, body: await response.json() };
    };
    assert.equal((await post("good-token")).status, 200);
    const refused = await post("forged-token");
    assert.equal(refused.status, 400);
    assert.equal(refused.body.Code, "AuthenticationFail.OIDCToken.Invalid");
    assert.ok(!JSON.stringify(refused.body).includes("forged-token"));
    assert.deepEqual(sts.requests.map((r) => [r.action, r.status, r.oidcTokenInUrl]), [
      ["AssumeRoleWithOIDC", 200, false],
      ["AssumeRoleWithOIDC", 400, false],
    ]);
  } finally {
    await sts.close();
  }
});

test("startFakeSts() fails the next requests when told to, and answers in-process through its fetch", async () => {
  const sts = await startFakeSts({ now });
  try {
    sts.failNext(1);
    const signed = assumeRole("https://sts.aliyuncs.com", {
      RoleArn: "acs:ram::123:role/reader",
      RoleSessionName: "s1",
    });
    const failed = await sts.fetch(signed.url, {
      method: "POST",
      headers: signed.headers,
      body: signed.body,
    });
    assert.equal(failed.status, 503);
    assert.equal((await failed.json()).Code, "ServiceUnavailable");
    const again = assumeRole("https://sts.aliyuncs.com", {
      RoleArn: "acs:ram::123:role/reader",
      RoleSessionName: "s2",
    });
    const ok = await sts.fetch(again.url, {
      method: "POST",
      headers: again.headers,
      body: again.body,
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  } finally {
    await sts.close();
  }
});
