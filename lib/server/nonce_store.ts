/**
 * Remembering the `SignatureNonce` values a verifier has accepted, so that a
 * replayed request is refused.
 *
 * @module
 */

import { AcsRangeError } from "../errors/mod.ts";

/**
 * Where {@linkcode verifyRequest} records the nonces it has accepted. A store
 * shared by several servers (Redis `SET key 1 NX PXAT expiresAt`, a database
 * row with a unique key) makes replay protection hold across all of them.
 *
 * `add` must be atomic: two concurrent calls with one key must not both
 * return `true`. It may throw (or reject) when it cannot record the key, such
 * as when it is full; the verifier then refuses the request with
 * `ServiceUnavailable` rather than risk accepting a replay.
 */
export interface NonceStore {
  /**
   * Records a key until `expiresAt`.
   *
   * @param key The access key id and the nonce, joined; opaque to the store.
   * @param expiresAt When the key may be forgotten: after it, the request's
   * timestamp is too old to be accepted anyway.
   * @param now The verifier's clock, so that stores and verifier agree on time.
   * @returns `true` when the key was recorded, `false` when it was already
   * there and has not expired.
   */
  add(key: string, expiresAt: Date, now: Date): boolean | Promise<boolean>;
}

/** Options for {@linkcode MemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /**
   * How many unexpired keys to hold at most. Default 100 000. When full, new
   * keys are refused (the store throws) until old ones expire: dropping an
   * unexpired key would let a replay of it through.
   */
  readonly maxEntries?: number | undefined;
}

const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * The default {@linkcode NonceStore}: a `Map` in memory, bounded in size.
 * An expired key counts as absent at once, and expired keys are swept out when
 * the store is full; it refuses a new key only when `maxEntries` keys are all
 * unexpired. It protects one process only.
 *
 * @example Refusing a nonce seen before
 * ```ts
 * import { MemoryNonceStore } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const store = new MemoryNonceStore({ maxEntries: 2 });
 * const now = new Date("2016-02-23T12:46:24Z");
 * const expiresAt = new Date("2016-02-23T13:01:24Z");
 * assert.equal(store.add("testid\nnonce-1", expiresAt, now), true);
 * assert.equal(store.add("testid\nnonce-1", expiresAt, now), false);
 * assert.equal(store.add("testid\nnonce-1", expiresAt, expiresAt), true);
 * ```
 */
export class MemoryNonceStore implements NonceStore {
  readonly #maxEntries: number;
  readonly #expiries = new Map<string, number>();
  /** No key expires before this instant, so sweeping earlier finds nothing. */
  #nothingExpiresBefore = -Infinity;

  /**
   * Creates an empty store.
   *
   * @param options The size bound.
   * @throws {AcsRangeError} `invalid-option` when `maxEntries` is not a
   * positive integer.
   */
  constructor(options: MemoryNonceStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new AcsRangeError(
        "invalid-option",
        `Cannot create nonce store: "maxEntries" must be a positive integer, got ${
          String(maxEntries)
        }`,
        { parameter: "maxEntries" },
      );
    }
    this.#maxEntries = maxEntries;
  }

  /** How many keys the store holds, expired ones not yet swept included. */
  get size(): number {
    return this.#expiries.size;
  }

  /**
   * Records a key until `expiresAt`, unless it is there and unexpired.
   *
   * @param key The key.
   * @param expiresAt When the key may be forgotten.
   * @param now The current time.
   * @returns `true` when recorded, `false` when already there.
   * @throws {AcsRangeError} `invalid-option` when the store holds
   * `maxEntries` unexpired keys, or when `now` or `expiresAt` is an invalid date.
   */
  add(key: string, expiresAt: Date, now: Date): boolean {
    const nowMs = now.getTime();
    const expiry = expiresAt.getTime();
    if (!Number.isFinite(nowMs) || !Number.isFinite(expiry)) {
      // A NaN would compare false both ways and let a replay through.
      throw new AcsRangeError(
        "invalid-option",
        "Cannot record nonce: the current time and the expiry must be valid dates",
        { parameter: Number.isFinite(nowMs) ? "expiresAt" : "now" },
      );
    }
    const previous = this.#expiries.get(key);
    if (previous !== undefined && previous > nowMs) return false;
    if (previous === undefined && this.#expiries.size >= this.#maxEntries) {
      this.#sweep(nowMs);
      if (this.#expiries.size >= this.#maxEntries) {
        throw new AcsRangeError(
          "invalid-option",
          `Cannot record nonce: the store holds its maximum of ${this.#maxEntries} unexpired entries`,
          { parameter: "maxEntries" },
        );
      }
    }
    this.#expiries.set(key, expiry);
    if (expiry < this.#nothingExpiresBefore) this.#nothingExpiresBefore = expiry;
    return true;
  }

  #sweep(nowMs: number): void {
    // When full of unexpired keys, every add would sweep in vain: remember
    // the earliest expiry and skip sweeps until then.
    if (nowMs < this.#nothingExpiresBefore) return;
    let earliest = Infinity;
    for (const [key, expiry] of this.#expiries) {
      if (expiry <= nowMs) this.#expiries.delete(key);
      else if (expiry < earliest) earliest = expiry;
    }
    this.#nothingExpiresBefore = earliest;
  }
}
