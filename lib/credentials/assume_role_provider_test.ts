import { test } from "node:test";
import assert from "node:assert/strict";
import { startFakeSts } from "../testing/fake_sts.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { AssumeRoleProvider, type AssumeRoleProviderOptions } from "./assume_role_provider.ts";
import { CredentialsError } from "./credentials_error.ts";
import { EnvironmentProvider } from "./environment_provider.ts";
import { envOf, TestClock } from "./testdata/helpers.ts";

const SOURCE = { accessKeyId: "testid", accessKeySecret: "testsecret" };
const ROLE = "acs:ram::1234567890:role/reader";

test("AssumeRoleProvider assumes a role with a signed AssumeRole over HTTP", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now });
  try {
    const provider = new AssumeRoleProvider({
      source: SOURCE,
      roleArn: ROLE,
      roleSessionName: "nightly-job",
      durationSeconds: 900,
      stsEndpoint: sts.url,
      now: clock.now,
    });
    const credentials = await provider.getCredentials();
    assert.equal(
      sts.lookupSecret(credentials.accessKeyId, credentials.securityToken),
      credentials.accessKeySecret,
    );
    assert.equal(credentials.expiration?.toISOString(), "2025-06-01T00:15:00.000Z");
    assert.equal(credentials.provider, "assume-role");
    assert.match(
      credentials.source!,
      /^role acs:ram::1234567890:role\/reader \(STS AssumeRole at 127\.0\.0\.1:\d+, signed with static credentials\)$/,
    );
    assert.deepEqual(
      sts.requests.map((
        r,
      ) => [r.action, r.method, r.accessKeyId, r.roleSessionName, r.durationSeconds]),
      [
        ["AssumeRole", "POST", "testid", "nightly-job", "900"],
      ],
    );
  } finally {
    await sts.close();
  }
});

test("AssumeRoleProvider chains roles: STS credentials sign the next AssumeRole (over HTTPS)", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now });
  try {
    const first = new AssumeRoleProvider({
      source: SOURCE,
      roleArn: ROLE,
      fetch: sts.fetch,
      now: clock.now,
    });
    const second = new AssumeRoleProvider({
      source: first,
      roleArn: "acs:ram::1234567890:role/writer",
      fetch: sts.fetch,
      now: clock.now,
    });
    const credentials = await second.getCredentials();
    assert.ok(credentials.source!.includes("signed with role acs:ram::1234567890:role/reader"));
    assert.deepEqual(sts.requests.map((r) => [r.roleArn, r.withSecurityToken, r.status]), [
      [ROLE, false, 200],
      ["acs:ram::1234567890:role/writer", true, 200],
    ]);
  } finally {
    await sts.close();
  }
});

test("AssumeRoleProvider picks the STS endpoint: explicit, regional, VPC, central", async () => {
  const cases: [Partial<AssumeRoleProviderOptions>, string][] = [
    [{}, "https://sts.aliyuncs.com/"],
    [{ stsRegionId: "cn-hangzhou" }, "https://sts.cn-hangzhou.aliyuncs.com/"],
    [{ stsRegionId: "cn-hangzhou", vpc: true }, "https://sts-vpc.cn-hangzhou.aliyuncs.com/"],
    [{ vpc: true }, "https://sts.aliyuncs.com/"],
    [
      { stsEndpoint: "sts.ap-southeast-1.aliyuncs.com", stsRegionId: "cn-hangzhou" },
      "https://sts.ap-southeast-1.aliyuncs.com/",
    ],
  ];
  for (const [options, url] of cases) {
    const sent: string[] = [];
    const fetch = ((input: string | URL | Request) => {
      sent.push(String(input));
      return Promise.resolve(Response.json({ Code: "Stop", Message: "stop" }, { status: 400 }));
    }) as typeof globalThis.fetch;
    await assert.rejects(
      new AssumeRoleProvider({ source: SOURCE, roleArn: ROLE, fetch, ...options }).getCredentials(),
    );
    assert.deepEqual(sent, [url]);
  }
});

test("AssumeRoleProvider reports STS refusals with their code, and source failures as its own", async () => {
  const sts = await startFakeSts({ roles: [ROLE] });
  try {
    const unknownRole = new AssumeRoleProvider({
      source: SOURCE,
      roleArn: "acs:ram::1234567890:role/nobody",
      stsEndpoint: sts.url,
    });
    await assert.rejects(unknownRole.getCredentials(), (error) => {
      assert.ok(error instanceof CredentialsError);
      assert.equal(error.code, "request-failed");
      assert.match(
        error.message,
        /^Cannot get credentials from STS AssumeRole of acs:ram::1234567890:role\/nobody at 127\.0\.0\.1:\d+: STS answered EntityNotExist\.Role \(HTTP 404\): The specified Role not exists\. \(RequestId [0-9A-F-]+\)$/,
      );
      return true;
    });
    const noSource = new AssumeRoleProvider({
      source: new EnvironmentProvider({ env: envOf({}) }),
      roleArn: ROLE,
      stsEndpoint: sts.url,
    });
    await assert.rejects(
      noSource.getCredentials(),
      (error) =>
        error instanceof CredentialsError && error.code === "not-configured" &&
        /no credentials to sign it with: Cannot get credentials from environment variables: ALIBABA_CLOUD_ACCESS_KEY_ID is not set/
          .test(error.message),
    );
    assert.equal(sts.requests.length, 1);
  } finally {
    await sts.close();
  }
});

test("AssumeRoleProvider retries a failed STS once, then keeps its cached credentials", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now });
  try {
    const provider = new AssumeRoleProvider({
      source: SOURCE,
      roleArn: ROLE,
      stsEndpoint: sts.url,
      now: clock.now,
    });
    sts.failNext(1);
    const first = await provider.getCredentials();
    assert.deepEqual(sts.requests.map((r) => r.status), [503, 200]);
    clock.advance(50 * 60_000);
    sts.failNext(2);
    assert.equal((await provider.getCredentials()).accessKeyId, first.accessKeyId);
    assert.deepEqual(sts.requests.map((r) => r.status), [503, 200, 503, 503]);
  } finally {
    await sts.close();
  }
});

test("AssumeRoleProvider refuses bad options, naming them", () => {
  const cases: [Record<string, unknown>, abstract new (...args: never[]) => Error, string][] = [
    [
      { source: SOURCE },
      AcsTypeError,
      'Cannot assume a role: "roleArn" must be a non-empty string',
    ],
    [
      { source: 5, roleArn: ROLE },
      AcsTypeError,
      'Cannot assume a role: "source" must be credentials or a credentials provider',
    ],
    [
      { source: SOURCE, roleArn: ROLE, durationSeconds: 600 },
      AcsRangeError,
      "Cannot assume a role: durationSeconds must be from 900 to 43200 seconds, got 600",
    ],
    [
      { source: SOURCE, roleArn: ROLE, durationSeconds: 1.5 },
      AcsRangeError,
      "Cannot assume a role: durationSeconds must be a whole number of seconds",
    ],
    [
      // insecure-protocol is a TypeError, as the signers throw it.
      { source: SOURCE, roleArn: ROLE, stsEndpoint: "http://sts.example.com" },
      AcsTypeError,
      'Cannot assume a role: the STS endpoint "http://sts.example.com" uses plain HTTP, which only a loopback host (127.0.0.1, localhost, [::1]) may use: STS answers hold secrets',
    ],
    [
      { source: SOURCE, roleArn: ROLE, stsRegionId: "Hangzhou" },
      AcsRangeError,
      'Cannot assume a role: the STS region "Hangzhou" is not a region id',
    ],
    [
      { source: SOURCE, roleArn: ROLE, timeoutMs: 0 },
      AcsRangeError,
      'Cannot assume a role: "timeoutMs" must be a positive number, got 0',
    ],
  ];
  for (const [options, type, message] of cases) {
    assert.throws(
      () => new AssumeRoleProvider(options as unknown as AssumeRoleProviderOptions),
      (error) => error instanceof type && (error as Error).message === message,
    );
  }
});
