// End to end: providers refreshing against the fake STS and the fake metadata
// service over real HTTP on 127.0.0.1, and API calls made with call() that a
// verifying endpoint accepts only while the credentials it was given last.
// (The endpoint answers in-process: call() rightly refuses to send a security
// token over plain HTTP, and a local HTTPS server would need a trusted
// certificate.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, call } from "../client/mod.ts";
import { MemoryNonceStore, verifyRequest } from "../server/mod.ts";
import { startFakeMetadata } from "../testing/fake_metadata.ts";
import { startFakeSts } from "../testing/fake_sts.ts";
import { AssumeRoleProvider } from "./assume_role_provider.ts";
import { CredentialsError } from "./credentials_error.ts";
import { EcsRamRoleProvider } from "./ecs_ram_role_provider.ts";
import type { CredentialsProvider } from "./provider.ts";
import { envOf, TestClock } from "./testdata/helpers.ts";

const MINUTE = 60_000;
const ROLE = "acs:ram::1234567890:role/e2e";

type Lookup = (id: string, token: string | undefined) => string | undefined;

/** An ECS endpoint that verifies each request against the keys an issuer knows. */
function endpoint(clock: TestClock, lookupSecret: Lookup): typeof fetch {
  const nonceStore = new MemoryNonceStore();
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const verified = await verifyRequest(new Request(input, init), {
      lookupSecret,
      now: clock.now,
      nonceStore,
    });
    return verified.ok
      ? Response.json({ RequestId: crypto.randomUUID(), Regions: { Region: [] } })
      : Response.json(
        { RequestId: "R", Code: verified.error.code, Message: verified.error.message },
        { status: verified.error.status },
      );
  }) as typeof fetch;
}

/** One API call signed with what the provider hands out now. */
async function callWith(provider: CredentialsProvider, clock: TestClock, send: typeof fetch) {
  const credentials = await provider.getCredentials();
  await call({
    action: "DescribeRegions",
    credentials,
    fetch: send,
    now: clock.now,
    retry: { maxAttempts: 1 },
  });
  return credentials;
}

test("e2e: AssumeRole credentials are refreshed before they expire, and the old ones stop working", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now });
  try {
    const ecs = endpoint(clock, sts.lookupSecret);
    const provider = new AssumeRoleProvider({
      source: { accessKeyId: "testid", accessKeySecret: "testsecret" },
      roleArn: ROLE,
      stsEndpoint: sts.url,
      now: clock.now,
    });
    const first = await callWith(provider, clock, ecs);
    clock.advance(44 * MINUTE);
    assert.equal((await callWith(provider, clock, ecs)).accessKeyId, first.accessKeyId);
    clock.advance(2 * MINUTE);
    const second = await callWith(provider, clock, ecs);
    assert.notEqual(second.accessKeyId, first.accessKeyId);
    assert.equal(sts.requests.length, 2);
    clock.advance(15 * MINUTE);
    await assert.rejects(
      call({ action: "DescribeRegions", credentials: first, fetch: ecs, now: clock.now }),
      (error) => error instanceof ApiError && error.code === "InvalidAccessKeyId.NotFound",
    );
    assert.equal((await callWith(provider, clock, ecs)).accessKeyId, second.accessKeyId);
  } finally {
    await sts.close();
  }
});

test("e2e: 50 concurrent calls in the refresh window share exactly one AssumeRole", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now });
  try {
    const ecs = endpoint(clock, sts.lookupSecret);
    const provider = new AssumeRoleProvider({
      source: { accessKeyId: "testid", accessKeySecret: "testsecret" },
      roleArn: ROLE,
      stsEndpoint: sts.url,
      now: clock.now,
    });
    await callWith(provider, clock, ecs);
    clock.advance(50 * MINUTE);
    const used = await Promise.all(
      Array.from({ length: 50 }, () => callWith(provider, clock, ecs)),
    );
    assert.equal(new Set(used.map((c) => c.accessKeyId)).size, 1);
    assert.deepEqual(sts.requests.map((r) => [r.action, r.status]), [
      ["AssumeRole", 200],
      ["AssumeRole", 200],
    ]);
  } finally {
    await sts.close();
  }
});

test("e2e: the metadata session token expires and is fetched again, calls carrying on", async () => {
  const clock = new TestClock();
  const metadata = await startFakeMetadata({
    now: clock.now,
    credentialsSeconds: 3600,
    renewBeforeSeconds: 1200,
  });
  try {
    const ecs = endpoint(clock, metadata.lookupSecret);
    const provider = new EcsRamRoleProvider({
      endpoint: metadata.url,
      env: envOf({}),
      now: clock.now,
      tokenTtlSeconds: 1200,
    });
    const first = await callWith(provider, clock, ecs);
    clock.advance(46 * MINUTE);
    const second = await callWith(provider, clock, ecs);
    assert.notEqual(second.accessKeyId, first.accessKeyId);
    assert.deepEqual(
      metadata.requests.map((r) => `${r.method} ${r.path.replace(/^.*\//, "/")} ${r.status}`),
      [
        "PUT /token 200",
        "GET / 200",
        "GET /EcsRamRoleTest 200",
        "PUT /token 200",
        "GET /EcsRamRoleTest 200",
      ],
    );
    // The service forgets its tokens (a restart): one 401, one new token, and on.
    metadata.forgetTokens();
    await provider.getCredentials({ forceRefresh: true });
    await callWith(provider, clock, ecs);
    assert.deepEqual(metadata.requests.slice(-3).map((r) => `${r.method} ${r.status}`), [
      "GET 401",
      "PUT 200",
      "GET 200",
    ]);
  } finally {
    await metadata.close();
  }
});

test("e2e: a failed refresh is covered by the cached credentials while they are valid, never after", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now });
  try {
    const ecs = endpoint(clock, sts.lookupSecret);
    const errors: unknown[] = [];
    const provider = new AssumeRoleProvider({
      source: { accessKeyId: "testid", accessKeySecret: "testsecret" },
      roleArn: ROLE,
      stsEndpoint: sts.url,
      now: clock.now,
      retry: { maxAttempts: 1 },
      onRefreshError: (error) => errors.push(error),
    });
    const first = await callWith(provider, clock, ecs);
    clock.advance(50 * MINUTE);
    sts.failNext(3);
    const during = await Promise.all(
      Array.from({ length: 20 }, () => callWith(provider, clock, ecs)),
    );
    assert.ok(during.every((c) => c.accessKeyId === first.accessKeyId));
    assert.equal(sts.requests.length, 2);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /STS answered ServiceUnavailable \(HTTP 503\)/);
    // After the retry delay, one more attempt; still covered.
    clock.advance(1_000);
    assert.equal((await callWith(provider, clock, ecs)).accessKeyId, first.accessKeyId);
    assert.equal(sts.requests.length, 3);
    // Within a minute of expiry nothing is covered: the call fails rather than sign with old keys.
    clock.advance(9 * MINUTE);
    await assert.rejects(
      callWith(provider, clock, ecs),
      (error) => error instanceof CredentialsError && error.code === "request-failed",
    );
    // STS is back: fresh credentials at the next call, accepted.
    const fresh = await callWith(provider, clock, ecs);
    assert.notEqual(fresh.accessKeyId, first.accessKeyId);
    assert.deepEqual(sts.requests.map((r) => r.status), [200, 503, 503, 503, 200]);
  } finally {
    await sts.close();
  }
});
