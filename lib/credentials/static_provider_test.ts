import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsTypeError } from "../errors/mod.ts";
import { CredentialsError } from "./credentials_error.ts";
import { type StaticCredentials, StaticProvider } from "./static_provider.ts";
import { TestClock } from "./testdata/helpers.ts";

test("StaticProvider hands out its credentials with their source", async () => {
  const provider = new StaticProvider(
    { accessKeyId: "testid", accessKeySecret: "testsecret", securityToken: "token" },
    { source: "my vault" },
  );
  const credentials = await provider.getCredentials();
  assert.deepEqual({ ...credentials }, {
    accessKeyId: "testid",
    accessKeySecret: "testsecret",
    securityToken: "token",
    source: "my vault",
    provider: "static",
  });
  assert.ok(Object.isFrozen(credentials));
});

test("StaticProvider refuses its credentials once they have expired", async () => {
  const clock = new TestClock("2025-01-01T00:00:00Z");
  const provider = new StaticProvider({
    accessKeyId: "STS.id",
    accessKeySecret: "s",
    securityToken: "t",
    expiration: new Date("2025-01-01T01:00:00Z"),
  }, { now: clock.now });
  assert.equal((await provider.getCredentials()).accessKeyId, "STS.id");
  clock.advance(3_600_000);
  await assert.rejects(
    provider.getCredentials(),
    (error) =>
      error instanceof CredentialsError && error.code === "expired-credentials" &&
      error.message ===
        "Cannot get credentials from static credentials: they expired at 2025-01-01T01:00:00.000Z",
  );
});

test("StaticProvider refuses bad credentials without quoting them", () => {
  const cases: [unknown, string][] = [
    [null, "Cannot use static credentials: expected an object"],
    [{ accessKeySecret: "s" }, "Cannot use static credentials: credentials.accessKeyId is missing"],
    [
      { accessKeyId: "id", accessKeySecret: "" },
      "Cannot use static credentials: credentials.accessKeySecret is empty",
    ],
    [
      { accessKeyId: "id", accessKeySecret: " padded-secret " },
      "Cannot use static credentials: credentials.accessKeySecret has leading or trailing white space",
    ],
    [
      { accessKeyId: "id", accessKeySecret: "s", securityToken: 5 },
      "Cannot use static credentials: credentials.securityToken is not a string",
    ],
    [
      { accessKeyId: "id", accessKeySecret: "s", expiration: new Date("x") },
      "Cannot use static credentials: credentials.expiration must be a valid Date",
    ],
  ];
  for (const [credentials, message] of cases) {
    assert.throws(
      () => new StaticProvider(credentials as StaticCredentials),
      (error) =>
        error instanceof AcsTypeError && error.code === "invalid-credentials" &&
        error.message === message && !error.message.includes("padded-secret"),
    );
  }
});

test("StaticProvider honours an aborted signal", async () => {
  const provider = new StaticProvider({ accessKeyId: "id", accessKeySecret: "s" });
  await assert.rejects(
    provider.getCredentials({ signal: AbortSignal.abort(new Error("stop")) }),
    /stop/,
  );
});

test("StaticProvider() keeps the secret it checked, reading each field once", async () => {
  let reads = 0;
  const credentials = {
    accessKeyId: "testid",
    get accessKeySecret() {
      // Good on the first read, padded afterwards.
      return ++reads === 1 ? "testsecret" : " testsecret";
    },
  };
  const provided = await new StaticProvider(credentials).getCredentials();
  assert.equal(provided.accessKeySecret, "testsecret");
  assert.equal(reads, 1);
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.throws(
    () => new StaticProvider(proxy as StaticCredentials),
    (error: unknown) =>
      error instanceof AcsTypeError && error.code === "invalid-credentials" &&
      error.parameter === "credentials",
  );
});
