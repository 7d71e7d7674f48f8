import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { CredentialsError } from "./credentials_error.ts";
import type { ProvidedCredentials } from "./provider.ts";
import { RefreshingProvider, type RefreshingProviderOptions } from "./refreshing_provider.ts";
import { TestClock } from "./testdata/helpers.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A source that issues `STS.<n>` credentials lasting `lifetimeMs`, or fails when told to. */
function source(clock: TestClock, lifetimeMs = HOUR) {
  const state = { fetched: 0, failing: false, gate: undefined as Promise<void> | undefined };
  const fetchCredentials = async (): Promise<ProvidedCredentials> => {
    state.fetched++;
    const n = state.fetched;
    if (state.gate !== undefined) await state.gate;
    if (state.failing) {
      throw new CredentialsError("request-failed", {
        where: "the test source",
        reason: `attempt ${n} failed`,
      });
    }
    return {
      accessKeyId: `STS.${n}`,
      accessKeySecret: `secret-${n}`,
      securityToken: `token-${n}`,
      expiration: new Date(clock.now().getTime() + lifetimeMs),
    };
  };
  return { state, fetchCredentials };
}

function provider(
  clock: TestClock,
  fetchCredentials: () => Promise<ProvidedCredentials>,
  options: Partial<RefreshingProviderOptions> = {},
) {
  return new RefreshingProvider({ now: clock.now, fetchCredentials, ...options });
}

test("RefreshingProvider caches credentials until the 15-minute margin before expiry", async () => {
  const clock = new TestClock();
  const { state, fetchCredentials } = source(clock);
  const credentials = provider(clock, fetchCredentials);
  assert.equal((await credentials.getCredentials()).accessKeyId, "STS.1");
  clock.advance(44 * MINUTE);
  assert.equal((await credentials.getCredentials()).accessKeyId, "STS.1");
  assert.equal(state.fetched, 1);
  clock.advance(MINUTE);
  assert.equal((await credentials.getCredentials()).accessKeyId, "STS.2");
  assert.equal(state.fetched, 2);
});

test("RefreshingProvider refreshes short-lived credentials at half their lifetime, not at every call", async () => {
  const clock = new TestClock();
  const { state, fetchCredentials } = source(clock, 15 * MINUTE);
  const credentials = provider(clock, fetchCredentials);
  await credentials.getCredentials();
  await credentials.getCredentials();
  clock.advance(7 * MINUTE);
  await credentials.getCredentials();
  assert.equal(state.fetched, 1);
  clock.advance(MINUTE);
  assert.equal((await credentials.getCredentials()).accessKeyId, "STS.2");
});

test("RefreshingProvider shares one refresh among 50 concurrent calls", async () => {
  const clock = new TestClock();
  const { state, fetchCredentials } = source(clock);
  const credentials = provider(clock, fetchCredentials);
  const first = await Promise.all(Array.from({ length: 50 }, () => credentials.getCredentials()));
  assert.equal(state.fetched, 1);
  assert.ok(first.every((c) => c.accessKeyId === "STS.1"));
  clock.advance(50 * MINUTE);
  const second = await Promise.all(Array.from({ length: 50 }, () => credentials.getCredentials()));
  assert.equal(state.fetched, 2);
  assert.ok(second.every((c) => c.accessKeyId === "STS.2"));
});

test("RefreshingProvider keeps serving cached credentials while a refresh fails, and retries later", async () => {
  const clock = new TestClock();
  const { state, fetchCredentials } = source(clock);
  const errors: unknown[] = [];
  const credentials = provider(clock, fetchCredentials, {
    onRefreshError: (error) => errors.push(error),
  });
  await credentials.getCredentials();
  clock.advance(50 * MINUTE);
  state.failing = true;
  assert.equal((await credentials.getCredentials()).accessKeyId, "STS.1");
  assert.equal(state.fetched, 2);
  assert.equal(errors.length, 1);
  // Within the retry delay (1 s), no new attempt.
  assert.equal((await credentials.getCredentials()).accessKeyId, "STS.1");
  assert.equal(state.fetched, 2);
  clock.advance(1_000);
  assert.equal((await credentials.getCredentials()).accessKeyId, "STS.1");
  assert.equal(state.fetched, 3);
  // The delay doubles: 2 s now.
  clock.advance(1_000);
  await credentials.getCredentials();
  assert.equal(state.fetched, 3);
  clock.advance(1_000);
  state.failing = false;
  assert.equal((await credentials.getCredentials()).accessKeyId, "STS.4");
});

test("RefreshingProvider never hands out credentials past expiry less the margin", async () => {
  const clock = new TestClock();
  const { state, fetchCredentials } = source(clock);
  const credentials = provider(clock, fetchCredentials);
  await credentials.getCredentials();
  state.failing = true;
  clock.advance(HOUR - MINUTE);
  const error = await credentials.getCredentials().catch((e) => e);
  assert.ok(error instanceof CredentialsError);
  assert.equal(error.code, "request-failed");
  // Past the retry delay it tries again at every call: no cached fallback.
  clock.advance(HOUR);
  await assert.rejects(credentials.getCredentials(), CredentialsError);
  assert.equal(state.fetched, 3);
});

test("RefreshingProvider refuses credentials that arrive already expired or about to expire", async () => {
  const clock = new TestClock();
  for (
    const [lifetimeMs, expected] of [[-10 * MINUTE, /they expired at /], [
      30_000,
      /less than 60000 ms from now/,
    ]] as const
  ) {
    const { fetchCredentials } = source(clock, lifetimeMs);
    await assert.rejects(
      provider(clock, fetchCredentials).getCredentials(),
      (error) =>
        error instanceof CredentialsError && error.code === "expired-credentials" &&
        expected.test(error.message),
    );
  }
});

test("RefreshingProvider refreshes on forceRefresh, and then fails rather than serve the old credentials", async () => {
  const clock = new TestClock();
  const { state, fetchCredentials } = source(clock);
  const credentials = provider(clock, fetchCredentials);
  await credentials.getCredentials();
  assert.equal((await credentials.getCredentials({ forceRefresh: true })).accessKeyId, "STS.2");
  state.failing = true;
  await assert.rejects(credentials.getCredentials({ forceRefresh: true }), CredentialsError);
  // Not forced: the cached credentials are still good.
  assert.equal((await credentials.getCredentials()).accessKeyId, "STS.2");
});

test("RefreshingProvider keeps credentials without an expiry until a forced refresh", async () => {
  const clock = new TestClock();
  let fetched = 0;
  const credentials = provider(clock, () => {
    fetched++;
    return Promise.resolve({ accessKeyId: `AK.${fetched}`, accessKeySecret: "s" });
  });
  await credentials.getCredentials();
  clock.advance(1000 * 24 * HOUR);
  assert.equal((await credentials.getCredentials()).accessKeyId, "AK.1");
  assert.equal((await credentials.getCredentials({ forceRefresh: true })).accessKeyId, "AK.2");
});

test("RefreshingProvider lets a caller's signal end its own wait, not the shared refresh", async () => {
  const clock = new TestClock();
  const { state, fetchCredentials } = source(clock);
  let open!: () => void;
  state.gate = new Promise((resolve) => open = resolve);
  const credentials = provider(clock, fetchCredentials);
  const controller = new AbortController();
  const aborted = credentials.getCredentials({ signal: controller.signal });
  const patient = credentials.getCredentials();
  controller.abort(new Error("caller gave up"));
  await assert.rejects(aborted, /caller gave up/);
  open();
  assert.equal((await patient).accessKeyId, "STS.1");
  assert.equal(state.fetched, 1);
  await assert.rejects(
    credentials.getCredentials({ signal: AbortSignal.abort(new Error("already")) }),
    /already/,
  );
});

test("RefreshingProvider survives a throwing onRefreshError hook", async () => {
  const clock = new TestClock();
  const { state, fetchCredentials } = source(clock);
  const credentials = provider(clock, fetchCredentials, {
    onRefreshError: () => {
      throw new Error("logger broke");
    },
  });
  await credentials.getCredentials();
  clock.advance(50 * MINUTE);
  state.failing = true;
  assert.equal((await credentials.getCredentials()).accessKeyId, "STS.1");
});

test("RefreshingProvider refuses bad options, naming them", () => {
  const fetchCredentials = () => Promise.reject(new Error("unused"));
  const cases: [Record<string, unknown>, abstract new (...args: never[]) => Error, RegExp][] = [
    [{}, AcsTypeError, /"fetchCredentials" must be a function/],
    [
      { fetchCredentials, refreshMarginMs: -1 },
      AcsRangeError,
      /"refreshMarginMs" must be a non-negative number/,
    ],
    [{ fetchCredentials, expiryMarginMs: Number.NaN }, AcsRangeError, /"expiryMarginMs"/],
    [{ fetchCredentials, retryDelayMs: Infinity }, AcsRangeError, /"retryDelayMs"/],
    [{ fetchCredentials, maxRetryDelayMs: "1" }, AcsRangeError, /"maxRetryDelayMs"/],
  ];
  for (const [options, type, message] of cases) {
    assert.throws(
      () => new RefreshingProvider(options as unknown as RefreshingProviderOptions),
      (error) => error instanceof type && message.test((error as Error).message),
    );
  }
});

test("RefreshingProvider and the providers refuse a clock that answers no valid Date with a coded error", async () => {
  const { StaticProvider } = await import("./static_provider.ts");
  const keys = { accessKeyId: "testid", accessKeySecret: "testsecret" };
  const badClock = () => undefined as unknown as Date;
  for (
    const provider of [
      new RefreshingProvider({ fetchCredentials: () => Promise.resolve(keys), now: badClock }),
      new StaticProvider({ ...keys, expiration: new Date(0) }, { now: badClock }),
    ]
  ) {
    await assert.rejects(
      provider.getCredentials(),
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === "now",
    );
  }
});
