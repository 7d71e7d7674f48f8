import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsRangeError } from "../errors/errors.ts";
import { MemoryNonceStore } from "./nonce_store.ts";

const T0 = new Date("2016-02-23T12:00:00Z");
function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

test("MemoryNonceStore.add() refuses a key until it expires", () => {
  const store = new MemoryNonceStore();
  assert.equal(store.add("k", at(900), at(0)), true);
  assert.equal(store.add("k", at(900), at(1)), false);
  assert.equal(store.add("k", at(900), at(899)), false);
  assert.equal(store.add("k", at(1800), at(900)), true);
  assert.equal(store.add("other", at(900), at(0)), true);
});

test("MemoryNonceStore.add() throws when full of unexpired keys, and never drops one", () => {
  const store = new MemoryNonceStore({ maxEntries: 2 });
  store.add("a", at(100), at(0));
  store.add("b", at(200), at(0));
  assert.throws(
    () => store.add("c", at(300), at(50)),
    (error: unknown) =>
      error instanceof AcsRangeError &&
      error.message ===
        "Cannot record nonce: the store holds its maximum of 2 unexpired entries",
  );
  // Both keys are still refused: a full store does not forget.
  assert.equal(store.add("a", at(100), at(60)), false);
  assert.equal(store.add("b", at(200), at(60)), false);
  assert.equal(store.size, 2);
});

test("MemoryNonceStore.add() sweeps expired keys to make room", () => {
  const store = new MemoryNonceStore({ maxEntries: 2 });
  store.add("a", at(100), at(0));
  store.add("b", at(200), at(0));
  assert.equal(store.add("c", at(400), at(150)), true);
  assert.equal(store.size, 2);
  assert.equal(store.add("b", at(200), at(150)), false);
  // A key added after a sweep with an earlier expiry is still swept in time.
  assert.equal(store.add("d", at(500), at(210)), true);
  assert.equal(store.size, 2);
});

test("MemoryNonceStore() refuses a maxEntries that is not a positive integer", () => {
  for (const maxEntries of [0, -1, 1.5, Number.NaN, Infinity]) {
    assert.throws(
      () => new MemoryNonceStore({ maxEntries }),
      (error: unknown) =>
        error instanceof AcsRangeError && error.code === "invalid-option" &&
        error.message ===
          `Cannot create nonce store: "maxEntries" must be a positive integer, got ${maxEntries}`,
    );
  }
});

test("MemoryNonceStore.add() refuses invalid dates instead of letting a replay through", () => {
  const store = new MemoryNonceStore();
  const valid = new Date("2016-02-23T12:46:24Z");
  for (const [expiresAt, now] of [[new Date(Number.NaN), valid], [valid, new Date(Number.NaN)]]) {
    assert.throws(
      () => store.add("k", expiresAt!, now!),
      (error) => error instanceof AcsRangeError && error.code === "invalid-option",
    );
  }
});
