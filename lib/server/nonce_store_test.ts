import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsRangeError, AcsTypeError } from "../errors/errors.ts";
import { MemoryNonceStore, type NonceAddResult } from "./nonce_store.ts";

const T0 = new Date("2016-02-23T12:00:00Z").getTime();
function at(ms: number): Date {
  return new Date(T0 + ms);
}

/** Adds a nonce of an access key, expiring at T0 + `expiresMs`, at T0 + `nowMs`. */
function adder(store: MemoryNonceStore) {
  return (accessKeyId: string, nonce: string, expiresMs: number, nowMs: number): NonceAddResult =>
    store.add({ accessKeyId, nonce, expiresAt: at(expiresMs), now: at(nowMs) });
}

test("MemoryNonceStore.add() refuses a nonce until its expiry, inclusive", () => {
  const add = adder(new MemoryNonceStore());
  assert.equal(add("k", "n", 900_000, 0), "recorded");
  assert.equal(add("k", "n", 900_000, 1), "used");
  assert.equal(add("k", "n", 900_000, 899_999), "used");
  // The very millisecond of expiresAt is still inside: both ends inclusive.
  assert.equal(add("k", "n", 900_000, 900_000), "used");
  assert.equal(add("k", "n", 1_800_000, 900_001), "recorded");
  assert.equal(add("k", "n", 1_800_000, 900_002), "used");
});

test("MemoryNonceStore.add() keeps the nonces of different access keys apart", () => {
  const add = adder(new MemoryNonceStore());
  assert.equal(add("a", "n", 900_000, 0), "recorded");
  assert.equal(add("b", "n", 900_000, 0), "recorded");
  assert.equal(add("a", "n", 900_000, 0), "used");
  assert.equal(add("b", "n", 900_000, 0), "used");
  // No joining of key and nonce can make two records collide.
  assert.equal(add("a\nb", "c", 900_000, 0), "recorded");
  assert.equal(add("a", "b\nc", 900_000, 0), "recorded");
});

test('MemoryNonceStore.add() answers "full" when full of unexpired nonces, and never drops one', () => {
  const store = new MemoryNonceStore({ maxEntries: 2 });
  const add = adder(store);
  assert.equal(add("a", "1", 100, 0), "recorded");
  assert.equal(add("b", "2", 200, 0), "recorded");
  assert.equal(add("c", "3", 300, 50), "full");
  // Both nonces are still refused: a full store does not forget.
  assert.equal(add("a", "1", 100, 60), "used");
  assert.equal(add("b", "2", 200, 100), "used");
  assert.equal(store.size, 2);
});

test("MemoryNonceStore.add() sweeps expired nonces to make room", () => {
  const store = new MemoryNonceStore({ maxEntries: 2 });
  const add = adder(store);
  add("a", "1", 100, 0);
  add("b", "2", 200, 0);
  assert.equal(add("c", "3", 400, 100), "full"); // "1" expires after 100, not at it
  assert.equal(add("c", "3", 400, 150), "recorded");
  assert.equal(store.size, 2);
  assert.equal(add("b", "2", 200, 150), "used");
  // A nonce added after a sweep with an earlier expiry is still swept in time.
  assert.equal(add("d", "4", 500, 210), "recorded");
  assert.equal(store.size, 2);
});

test('MemoryNonceStore.add() answers "key-quota" at a key\'s quota, and other keys are unaffected', () => {
  const store = new MemoryNonceStore({ maxEntries: 10, maxEntriesPerKey: 3 });
  const add = adder(store);
  for (let i = 0; i < 3; i++) assert.equal(add("greedy", `n${i}`, 1000 + i, 0), "recorded");
  for (let i = 3; i < 50; i++) assert.equal(add("greedy", `n${i}`, 1000, 10), "key-quota");
  // A replay is still a replay, not a quota refusal.
  assert.equal(add("greedy", "n0", 1000, 20), "used");
  // Another key still gets the rest of the store.
  for (let i = 0; i < 3; i++) assert.equal(add("other", `n${i}`, 1000, 30), "recorded");
  assert.equal(add("third", "n0", 1000, 30), "recorded");
  assert.equal(store.size, 7);
  // Once its oldest nonce expires, the greedy key gets one slot back.
  assert.equal(add("greedy", "n3", 2000, 1000), "key-quota"); // n0 expires after 1000
  assert.equal(add("greedy", "n3", 2000, 1001), "recorded");
  assert.equal(add("greedy", "n4", 2000, 1001), "key-quota");
  assert.equal(store.size, 7);
});

test("MemoryNonceStore keeps the default quotas: 100 000 nonces, 10 000 per key", () => {
  const store = new MemoryNonceStore();
  const add = adder(store);
  for (let i = 0; i < 10_000; i++) add("greedy", String(i), 900_000, 0);
  assert.equal(add("greedy", "one more", 900_000, 0), "key-quota");
  for (let key = 0; key < 9; key++) {
    for (let i = 0; i < 10_000; i++) add(`key${key}`, String(i), 900_000, 0);
  }
  assert.equal(store.size, 100_000);
  assert.equal(add("late", "n", 900_000, 0), "full");
});

test("MemoryNonceStore() refuses bounds that are not positive integers", () => {
  const cases: [Record<string, unknown>, string, string][] = [
    ...[0, -1, 1.5, Number.NaN, Infinity, "10"].map((value): [
      Record<string, unknown>,
      string,
      string,
    ] => [
      { maxEntries: value },
      "maxEntries",
      `Cannot create nonce store: "maxEntries" must be a positive integer, got ${value}`,
    ]),
    ...[0, -1, 1.5, Number.NaN, -Infinity].map((value): [
      Record<string, unknown>,
      string,
      string,
    ] => [
      { maxEntriesPerKey: value },
      "maxEntriesPerKey",
      `Cannot create nonce store: "maxEntriesPerKey" must be a positive integer or Infinity, got ${value}`,
    ]),
  ];
  for (const [options, parameter, message] of cases) {
    assert.throws(
      () => new MemoryNonceStore(options),
      (error: unknown) =>
        error instanceof AcsRangeError && error.code === "invalid-option" &&
        error.parameter === parameter && error.message === message,
    );
  }
  assert.doesNotThrow(() => new MemoryNonceStore({ maxEntriesPerKey: Infinity }));
});

test("MemoryNonceStore() refuses an unknown option, naming the one meant", () => {
  assert.throws(
    () => new MemoryNonceStore({ maxEntriesPerkey: 1 } as never),
    (error: unknown) =>
      error instanceof AcsTypeError && error.code === "invalid-option" &&
      error.parameter === "maxEntriesPerkey" &&
      error.message ===
        'Cannot create nonce store: unknown option "maxEntriesPerkey"; did you mean "maxEntriesPerKey"?',
  );
});

test("MemoryNonceStore.add() refuses invalid dates and records instead of letting a replay through", () => {
  const store = new MemoryNonceStore();
  const valid = new Date("2016-02-23T12:46:24Z");
  const invalid = new Date(Number.NaN);
  class LyingDate extends Date {
    override getTime(): number {
      return 0;
    }
  }
  const cases: [unknown, string, typeof AcsRangeError | typeof AcsTypeError][] = [
    [{ accessKeyId: "k", nonce: "n", expiresAt: invalid, now: valid }, "expiresAt", AcsRangeError],
    [{ accessKeyId: "k", nonce: "n", expiresAt: valid, now: invalid }, "now", AcsRangeError],
    [{ accessKeyId: "k", nonce: "n", expiresAt: valid, now: Date.now() }, "now", AcsRangeError],
    [{ accessKeyId: "k", nonce: "n", expiresAt: "2016", now: valid }, "expiresAt", AcsRangeError],
    [{ accessKeyId: 1, nonce: "n", expiresAt: valid, now: valid }, "accessKeyId", AcsTypeError],
    [{ accessKeyId: "k", nonce: null, expiresAt: valid, now: valid }, "nonce", AcsTypeError],
    [null, "record", AcsTypeError],
  ];
  for (const [record, parameter, errorClass] of cases) {
    assert.throws(
      () => store.add(record as never),
      (error: unknown) =>
        error instanceof errorClass && (error as AcsRangeError).code === "invalid-option" &&
        (error as AcsRangeError).parameter === parameter,
      parameter,
    );
  }
  // A Date subclass is read by Date's own getTime: it cannot report another time.
  assert.equal(
    store.add({ accessKeyId: "k", nonce: "n", expiresAt: new LyingDate(T0 + 10), now: at(0) }),
    "recorded",
  );
  assert.equal(store.add({ accessKeyId: "k", nonce: "n", expiresAt: at(10), now: at(10) }), "used");
});

test("MemoryNonceStore.add() gives a coded error for a record it cannot read", () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.throws(
    () => new MemoryNonceStore().add(proxy as never),
    (error: unknown) =>
      error instanceof AcsTypeError && error.code === "invalid-option" &&
      error.parameter === "record",
  );
});
