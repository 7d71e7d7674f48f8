/**
 * Remembering the `SignatureNonce` values a verifier has accepted, so that a
 * replayed request is refused.
 *
 * @module
 */

import { positiveLimit, readNonceRecord } from "./_nonce_record.ts";
import { readOptions } from "../_internal/options.ts";

/** One accepted nonce, as {@linkcode verifyRequest} hands it to a {@linkcode NonceStore}. */
export interface NonceRecord {
  /** The access key that signed the request: nonces of different keys never collide. */
  readonly accessKeyId: string;
  /** The request's nonce (`SignatureNonce`). */
  readonly nonce: string;
  /**
   * The last instant at which the nonce must still be refused, inclusive: the
   * verifier sets it past the last instant the request's timestamp can be
   * accepted (the timestamp plus the window, plus a margin of one minute).
   */
  readonly expiresAt: Date;
  /** The verifier's clock, so that store and verifier agree on time. */
  readonly now: Date;
}

/**
 * What {@linkcode NonceStore.add} did with a nonce:
 *
 * - `"recorded"`: it was new (or its earlier record had expired) and is now
 *   recorded; the verifier accepts the request.
 * - `"used"`: it is recorded and unexpired; the verifier refuses the request
 *   as a replay (`SignatureNonceUsed`, HTTP 400).
 * - `"key-quota"`: its access key holds its quota of unexpired nonces, so it
 *   was not recorded; the verifier refuses the request with `Throttling.User`
 *   (HTTP 400, retryable: the key's oldest nonces expire), and other keys are
 *   unaffected.
 * - `"full"`: the store holds all it can, so it was not recorded; the
 *   verifier refuses with `ServiceUnavailable` (HTTP 503, retryable).
 */
export type NonceAddResult = "recorded" | "used" | "key-quota" | "full";

/**
 * Where {@linkcode verifyRequest} records the nonces it has accepted.
 * {@linkcode MemoryNonceStore} protects one process; a store shared by several
 * servers, such as {@linkcode RedisNonceStore}, makes replay protection hold
 * across all of them.
 *
 * `add` must be atomic: two concurrent calls with one access key and nonce
 * must not both answer `"recorded"`. It must keep a nonce until `expiresAt`
 * inclusive, and must never drop an unexpired one to make room (that would let
 * a replay through): it answers `"key-quota"` or `"full"` instead. When it
 * cannot answer (a database outage) it throws or rejects, and the verifier
 * refuses the request with `ServiceUnavailable`, never accepts it unchecked.
 */
export interface NonceStore {
  /**
   * Records a nonce of an access key until `expiresAt` inclusive, unless it
   * is there and unexpired.
   *
   * @param record The access key, the nonce, the expiry and the clock.
   * @returns What was done, possibly as a promise.
   */
  add(record: NonceRecord): NonceAddResult | Promise<NonceAddResult>;
}

/** Options for {@linkcode MemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /**
   * How many unexpired nonces to hold at most, all keys together. Default
   * 100 000. When full, new nonces are refused (`"full"`) until old ones
   * expire.
   */
  readonly maxEntries?: number | undefined;
  /**
   * How many unexpired nonces one access key may hold at most. Default
   * 10 000, so that one key cannot fill the store for the others; `Infinity`
   * for no quota. At its quota a key's new nonces are refused
   * (`"key-quota"`) until its own old ones expire.
   */
  readonly maxEntriesPerKey?: number | undefined;
}

const DEFAULT_MAX_ENTRIES = 100_000;
const DEFAULT_MAX_ENTRIES_PER_KEY = 10_000;

/** The nonces of one access key, and when the earliest of them expires. */
interface KeyNonces {
  readonly expiries: Map<string, number>;
  /** No nonce of this key expires before this instant, so sweeping earlier finds nothing. */
  nothingExpiresBefore: number;
}

/**
 * The default {@linkcode NonceStore}: maps in memory, bounded in size overall
 * and per access key. An expired nonce counts as absent at once, and expired
 * nonces are swept out when a bound is reached; a new nonce is refused only
 * when its key holds `maxEntriesPerKey` unexpired nonces (`"key-quota"`) or
 * the store holds `maxEntries` (`"full"`). It protects one process only.
 *
 * @example Refusing a nonce seen before, and a key past its quota
 * ```ts
 * import { MemoryNonceStore } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const store = new MemoryNonceStore({ maxEntriesPerKey: 2 });
 * const now = new Date("2016-02-23T12:46:24Z");
 * const expiresAt = new Date("2016-02-23T13:02:24Z");
 * const add = (accessKeyId: string, nonce: string, at = now) =>
 *   store.add({ accessKeyId, nonce, expiresAt, now: at });
 * assert.equal(add("testid", "nonce-1"), "recorded");
 * assert.equal(add("testid", "nonce-1"), "used");
 * assert.equal(add("testid", "nonce-1", expiresAt), "used"); // kept until expiresAt inclusive
 * assert.equal(add("testid", "nonce-2"), "recorded");
 * assert.equal(add("testid", "nonce-3"), "key-quota");
 * assert.equal(add("otherid", "nonce-3"), "recorded"); // other keys are unaffected
 * ```
 */
export class MemoryNonceStore implements NonceStore {
  readonly #maxEntries: number;
  readonly #maxEntriesPerKey: number;
  readonly #keys = new Map<string, KeyNonces>();
  #size = 0;
  /** No nonce expires before this instant, so sweeping earlier finds nothing. */
  #nothingExpiresBefore = -Infinity;

  /**
   * Creates an empty store.
   *
   * @param options The size bounds.
   * @throws {AcsRangeError} `invalid-option` when `maxEntries` is not a
   * positive integer, or `maxEntriesPerKey` neither that nor `Infinity`.
   * @throws {AcsTypeError} `invalid-option` for an unknown option, or options
   * that cannot be read.
   */
  constructor(options: MemoryNonceStoreOptions = {}) {
    const { maxEntries, maxEntriesPerKey } = readOptions("create nonce store", options ?? {}, [
      "maxEntries",
      "maxEntriesPerKey",
    ]);
    this.#maxEntries = positiveLimit("maxEntries", maxEntries, DEFAULT_MAX_ENTRIES, false);
    this.#maxEntriesPerKey = positiveLimit(
      "maxEntriesPerKey",
      maxEntriesPerKey,
      DEFAULT_MAX_ENTRIES_PER_KEY,
      true,
    );
  }

  /** How many nonces the store holds, expired ones not yet swept included. */
  get size(): number {
    return this.#size;
  }

  /**
   * Records a nonce of an access key until `expiresAt` inclusive, unless it
   * is there and unexpired, or a bound is reached.
   *
   * @param record The access key, the nonce, the expiry and the clock.
   * @returns `"recorded"`, `"used"`, `"key-quota"` or `"full"`.
   * @throws {AcsRangeError} `invalid-option` when `now` or `expiresAt` is an
   * invalid date.
   * @throws {AcsTypeError} `invalid-option` when the access key id or the
   * nonce is not a string.
   */
  add(record: NonceRecord): NonceAddResult {
    const { accessKeyId, nonce, expiry, nowMs } = readNonceRecord(record);
    let key = this.#keys.get(accessKeyId);
    const previous = key?.expiries.get(nonce);
    if (previous !== undefined && previous >= nowMs) return "used";
    if (previous === undefined) {
      // Only a nonce that takes a new slot can meet a bound.
      if (key !== undefined && key.expiries.size >= this.#maxEntriesPerKey) {
        this.#sweepKey(accessKeyId, key, nowMs);
        if (key.expiries.size >= this.#maxEntriesPerKey) return "key-quota";
      }
      if (this.#size >= this.#maxEntries) {
        this.#sweepAll(nowMs);
        if (this.#size >= this.#maxEntries) return "full";
      }
      // A sweep may have dropped the key's emptied map.
      key = this.#keys.get(accessKeyId);
      if (key === undefined) {
        key = { expiries: new Map(), nothingExpiresBefore: Infinity };
        this.#keys.set(accessKeyId, key);
      }
      this.#size++;
    }
    key!.expiries.set(nonce, expiry);
    if (expiry < key!.nothingExpiresBefore) key!.nothingExpiresBefore = expiry;
    if (expiry < this.#nothingExpiresBefore) this.#nothingExpiresBefore = expiry;
    return "recorded";
  }

  #sweepKey(accessKeyId: string, key: KeyNonces, nowMs: number): void {
    // At its quota every add of the key would sweep in vain: remember the
    // earliest expiry and skip sweeps until then.
    if (nowMs <= key.nothingExpiresBefore) return;
    let earliest = Infinity;
    for (const [nonce, expiry] of key.expiries) {
      if (expiry < nowMs) {
        key.expiries.delete(nonce);
        this.#size--;
      } else if (expiry < earliest) earliest = expiry;
    }
    key.nothingExpiresBefore = earliest;
    if (key.expiries.size === 0) this.#keys.delete(accessKeyId);
  }

  #sweepAll(nowMs: number): void {
    if (nowMs <= this.#nothingExpiresBefore) return;
    let earliest = Infinity;
    for (const [accessKeyId, key] of this.#keys) {
      this.#sweepKey(accessKeyId, key, nowMs);
      if (key.expiries.size > 0 && key.nothingExpiresBefore < earliest) {
        earliest = key.nothingExpiresBefore;
      }
    }
    this.#nothingExpiresBefore = earliest;
  }
}
