import { test } from "node:test";
import assert from "node:assert/strict";
import { serveLocal } from "../_internal/node_server.ts";
import { startFakeMetadata } from "../testing/fake_metadata.ts";
import { AcsRangeError } from "../errors/mod.ts";
import { CredentialsError } from "./credentials_error.ts";
import { EcsRamRoleProvider } from "./ecs_ram_role_provider.ts";
import { envOf, TestClock } from "./testdata/helpers.ts";

const HOUR = 3_600_000;
const noEnv = envOf({});

test("EcsRamRoleProvider discovers the role and reads its credentials in the hardened mode", async () => {
  const clock = new TestClock();
  const metadata = await startFakeMetadata({ now: clock.now, roleName: "worker" });
  try {
    const provider = new EcsRamRoleProvider({ endpoint: metadata.url, env: noEnv, now: clock.now });
    const credentials = await provider.getCredentials();
    assert.equal(
      metadata.lookupSecret(credentials.accessKeyId, credentials.securityToken),
      credentials.accessKeySecret,
    );
    assert.equal(credentials.provider, "ecs-ram-role");
    assert.equal(
      credentials.source,
      `RAM role worker of this ECS instance (metadata service at ${metadata.url})`,
    );
    assert.equal(credentials.expiration?.toISOString(), "2025-06-01T06:00:00.000Z");
    assert.deepEqual(metadata.requests.map((r) => `${r.method} ${r.path} ${r.withToken}`), [
      "PUT /latest/api/token false",
      "GET /latest/meta-data/ram/security-credentials/ true",
      "GET /latest/meta-data/ram/security-credentials/worker true",
    ]);
  } finally {
    await metadata.close();
  }
});

test("EcsRamRoleProvider keeps the token and the role: a refresh is one request", async () => {
  const clock = new TestClock();
  const metadata = await startFakeMetadata({ now: clock.now });
  try {
    const provider = new EcsRamRoleProvider({ endpoint: metadata.url, env: noEnv, now: clock.now });
    const first = await provider.getCredentials();
    // The cache refreshes 15 minutes before expiry; the service renewed them an hour before.
    clock.advance(5 * HOUR + 46 * 60_000);
    const second = await provider.getCredentials();
    assert.notEqual(second.accessKeyId, first.accessKeyId);
    assert.equal(metadata.requests.length, 4);
    assert.equal(
      metadata.requests[3]!.path,
      "/latest/meta-data/ram/security-credentials/EcsRamRoleTest",
    );
  } finally {
    await metadata.close();
  }
});

test("EcsRamRoleProvider renews its session token when it lapses, and once when the service forgets it", async () => {
  const clock = new TestClock();
  const metadata = await startFakeMetadata({
    now: clock.now,
    credentialsSeconds: 1800,
    renewBeforeSeconds: 600,
  });
  try {
    const provider = new EcsRamRoleProvider({
      endpoint: metadata.url,
      env: noEnv,
      now: clock.now,
      tokenTtlSeconds: 600,
    });
    await provider.getCredentials();
    // Credentials of 30 minutes are refreshed at half their life; the 10-minute token has lapsed.
    clock.advance(20 * 60_000);
    await provider.getCredentials();
    assert.deepEqual(metadata.requests.filter((r) => r.method === "PUT").length, 2);
    assert.ok(metadata.requests.every((r) => r.status === 200));
    metadata.forgetTokens();
    await provider.getCredentials({ forceRefresh: true });
    assert.deepEqual(metadata.requests.slice(-3).map((r) => `${r.method} ${r.status}`), [
      "GET 401",
      "PUT 200",
      "GET 200",
    ]);
  } finally {
    await metadata.close();
  }
});

test("EcsRamRoleProvider takes the role from ALIBABA_CLOUD_ECS_METADATA, without discovery", async () => {
  const metadata = await startFakeMetadata({ roleName: "from-env" });
  try {
    const provider = new EcsRamRoleProvider({
      endpoint: metadata.url,
      env: envOf({ ALIBABA_CLOUD_ECS_METADATA: "from-env" }),
    });
    await provider.getCredentials();
    assert.deepEqual(metadata.requests.map((r) => r.method), ["PUT", "GET"]);
  } finally {
    await metadata.close();
  }
});

test("EcsRamRoleProvider falls back to the normal mode unless ALIBABA_CLOUD_IMDSV1_DISABLED", async () => {
  const metadata = await startFakeMetadata({ tokensSupported: false, tokenRequired: false });
  try {
    const normal = new EcsRamRoleProvider({ endpoint: metadata.url, env: noEnv });
    await normal.getCredentials();
    assert.deepEqual(metadata.requests.map((r) => `${r.method} ${r.status} ${r.withToken}`), [
      "PUT 404 false",
      "GET 200 false",
      "GET 200 false",
    ]);
    const hardenedOnly = new EcsRamRoleProvider({
      endpoint: metadata.url,
      env: envOf({ ALIBABA_CLOUD_IMDSV1_DISABLED: "TRUE" }),
    });
    await assert.rejects(
      hardenedOnly.getCredentials(),
      (error) =>
        error instanceof CredentialsError && error.code === "request-failed" &&
        /answered HTTP 404, and ALIBABA_CLOUD_IMDSV1_DISABLED forbids the normal mode/.test(
          error.message,
        ),
    );
  } finally {
    await metadata.close();
  }
});

test("EcsRamRoleProvider is off with ALIBABA_CLOUD_ECS_METADATA_DISABLED=true, sending nothing", async () => {
  let sent = 0;
  const provider = new EcsRamRoleProvider({
    env: envOf({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: "True" }),
    fetch: () => (sent++, Promise.reject(new Error("unexpected"))),
  });
  await assert.rejects(
    provider.getCredentials(),
    (error) =>
      error instanceof CredentialsError && error.code === "not-configured" &&
      error.message ===
        "Cannot get credentials from the ECS metadata service at http://100.100.100.200: disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
  );
  assert.equal(sent, 0);
});

test("EcsRamRoleProvider says when no role is attached", async () => {
  const metadata = await startFakeMetadata({ roleName: null });
  try {
    const provider = new EcsRamRoleProvider({ endpoint: metadata.url, env: noEnv });
    await assert.rejects(
      provider.getCredentials(),
      (error) =>
        error instanceof CredentialsError && error.code === "not-configured" &&
        error.reason === "no RAM role is attached to this instance",
    );
  } finally {
    await metadata.close();
  }
});

test("EcsRamRoleProvider refuses answers whose Code is not Success, incomplete ones and expired ones", async () => {
  const answers: Record<string, unknown>[] = [
    {
      Code: "Failed",
      AccessKeyId: "STS.x",
      AccessKeySecret: "s",
      SecurityToken: "t",
      Expiration: "2099-01-01T00:00:00Z",
    },
    {
      Code: "Success",
      AccessKeyId: "STS.x",
      AccessKeySecret: "s",
      Expiration: "2099-01-01T00:00:00Z",
    },
    {
      Code: "Success",
      AccessKeyId: "STS.x",
      AccessKeySecret: "s",
      SecurityToken: "t",
      Expiration: "2000-01-01T00:00:00Z",
    },
    {
      Code: "Success",
      AccessKeyId: "STS.x",
      AccessKeySecret: "s",
      SecurityToken: "t",
      Expiration: "tomorrow",
    },
  ];
  const expected = [
    /Code is "Failed", not "Success"/,
    /the answer is incomplete: SecurityToken is missing/,
    /they expired at 2000-01-01T00:00:00.000Z/,
    /Expiration is not an ISO 8601 time with a zone/,
  ];
  for (const [index, body] of answers.entries()) {
    const fetch = ((url: string | URL | Request) => {
      const { pathname } = new URL(String(url));
      return Promise.resolve(
        pathname === "/latest/api/token"
          ? new Response("t0")
          : new Response(JSON.stringify(body), { status: 200 }),
      );
    }) as typeof globalThis.fetch;
    const provider = new EcsRamRoleProvider({
      env: envOf({ ALIBABA_CLOUD_ECS_METADATA: "r" }),
      fetch,
    });
    await assert.rejects(provider.getCredentials(), (error) => {
      assert.ok(error instanceof CredentialsError);
      assert.match(error.message, expected[index]!);
      return true;
    });
  }
});

test("EcsRamRoleProvider gives up after one request when the service does not answer in time", async () => {
  let requests = 0;
  const silent = await serveLocal(() => {
    requests++;
    return new Promise<Response>((resolve) =>
      setTimeout(() => resolve(new Response("late")), 2_000)
    );
  });
  try {
    const provider = new EcsRamRoleProvider({ endpoint: silent.url, env: noEnv, timeoutMs: 200 });
    const started = Date.now();
    await assert.rejects(
      provider.getCredentials(),
      (error) =>
        error instanceof CredentialsError && error.code === "request-failed" &&
        error.reason === `no answer from ${silent.url}/latest/api/token within 200 ms`,
    );
    assert.ok(Date.now() - started < 1_500);
    assert.equal(requests, 1);
  } finally {
    await silent.close();
  }
});

test("EcsRamRoleProvider refuses bad options", () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ endpoint: "100.100.100.200/latest" }, /Cannot use endpoint/],
    [{ tokenTtlSeconds: 0 }, /"tokenTtlSeconds" must be a number from 1 to 21600, got 0/],
    [{ tokenTtlSeconds: 21_601 }, /"tokenTtlSeconds"/],
    [{ timeoutMs: -1 }, /"timeoutMs"/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => new EcsRamRoleProvider(options),
      (error) => error instanceof AcsRangeError && message.test((error as Error).message),
    );
  }
});
