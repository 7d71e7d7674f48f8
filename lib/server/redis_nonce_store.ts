/**
 * A {@linkcode NonceStore} in Redis, so that several verifying processes
 * share one replay window.
 *
 * @module
 */

import { AcsTypeError } from "../errors/mod.ts";
import type { NonceAddResult, NonceRecord, NonceStore } from "./nonce_store.ts";
import { positiveLimit, readNonceRecord } from "./_nonce_record.ts";
import { readOptions } from "../_internal/options.ts";

/**
 * The one method {@linkcode RedisNonceStore} needs of a Redis client: send a
 * command, given as its words, and resolve to Redis's reply (`"OK"` or `null`
 * for `SET … NX`, a number for `EVAL` of a script that returns an integer).
 *
 * A node-redis client (`redis` on npm, v4 to v6) has it as is:
 * `createClient()` is a `RedisCommandClient`. An ioredis client takes one
 * line: `{ sendCommand: (args) => redis.call(args[0], ...args.slice(1)) }`.
 */
export interface RedisCommandClient {
  /**
   * Sends one command.
   *
   * @param args The command and its arguments, such as `["SET", "k", "1", "NX", "PX", "960000"]`.
   * @returns Redis's reply.
   */
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options for {@linkcode RedisNonceStore}. */
export interface RedisNonceStoreOptions {
  /** The connected client; see {@linkcode RedisCommandClient}. */
  readonly client: RedisCommandClient;
  /**
   * The start of every key. Default `"acs-rpc:nonce:"`. A nonce is kept as
   * `<prefix>{<access key id, URI-encoded>}:<nonce>` and a key's quota count
   * as the sorted set `<prefix>{<access key id, URI-encoded>}`: the braces make
   * them one hash slot, so the store works on Redis Cluster too.
   */
  readonly keyPrefix?: string | undefined;
  /**
   * How many unexpired nonces one access key may hold at most. Default
   * 100 000; `Infinity` for no quota, when each nonce costs a single
   * `SET key 1 NX PX <ms>`. With a quota, that `SET` runs in a short Lua
   * script (`EVALSHA`, or `EVAL` the first time) that also keeps the key's
   * count in a sorted set, about doubling the memory per nonce.
   */
  readonly maxEntriesPerKey?: number | undefined;
  /**
   * How long to wait for Redis, in milliseconds, before the request is
   * refused with `ServiceUnavailable`. Default 1 000. It matters when the
   * client queues commands while disconnected (node-redis does by default):
   * without it a Redis outage would hold every request.
   */
  readonly timeoutMs?: number | undefined;
}

const DEFAULT_PREFIX = "acs-rpc:nonce:";
const DEFAULT_MAX_ENTRIES_PER_KEY = 100_000;
const DEFAULT_TIMEOUT_MS = 1_000;

/**
 * Records a nonce and counts it against its access key's quota, atomically.
 * KEYS: the nonce's key, the key's sorted set of nonces by expiry (Redis time,
 * ms). ARGV: time to live (ms), quota, nonce. Returns 1 recorded, 0 used,
 * -1 at the quota. The sorted set's entries expire exactly as the nonces'
 * keys do (Redis keeps a key until its expiry inclusive, so does the
 * `ZREMRANGEBYSCORE` below), so the count is of unexpired nonces.
 */
const QUOTA_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local ttl = tonumber(ARGV[1])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return -1 end
redis.call('SET', KEYS[1], '1', 'NX', 'PX', ttl)
redis.call('ZADD', KEYS[2], now + ttl, ARGV[3])
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return 1
`.trim();
/**
 * The SHA-1 of {@linkcode QUOTA_SCRIPT}, for `EVALSHA` (Redis caches scripts
 * by it); a test checks it against the script and against `SCRIPT LOAD`.
 */
const QUOTA_SCRIPT_SHA1 = "dc6b42bcc35aaaa9699bc31ce505739381787313";

/**
 * A {@linkcode NonceStore} in Redis: each nonce is a key set with
 * `SET key 1 NX PX <ms>`, so every verifier that shares the Redis shares one
 * replay window, and Redis forgets each nonce once its timestamp can no
 * longer be accepted. Keys are namespaced per access key, and each access key
 * may hold at most `maxEntriesPerKey` unexpired nonces (`"key-quota"`, which
 * the verifier answers with `Throttling.User`), so one key cannot fill Redis
 * for the others.
 *
 * It fails closed: when Redis errs, does not answer within `timeoutMs`, or
 * answers something unexpected, `add` rejects, and the verifier refuses the
 * request with `ServiceUnavailable` (HTTP 503, retryable) — never accepts it
 * unchecked. Run Redis with `maxmemory-policy noeviction` (its default): a
 * policy that evicts keys could evict a nonce and let its replay through;
 * with `noeviction` a full Redis refuses the `SET`, which fails closed.
 *
 * The library does not depend on a Redis client: pass any client with a
 * `sendCommand(args)` method (see {@linkcode RedisCommandClient}). With
 * node-redis (`npm install redis`), register an `error` listener, as
 * node-redis requires:
 *
 * ```ts ignore
 * import { createClient } from "redis";
 * const client = await createClient({ url: "redis://127.0.0.1:6379" })
 *   .on("error", (error) => console.error("redis:", error.message))
 *   .connect();
 * const nonceStore = new RedisNonceStore({ client });
 * ```
 *
 * and with ioredis:
 *
 * ```ts ignore
 * import Redis from "ioredis";
 * const redis = new Redis("redis://127.0.0.1:6379");
 * const nonceStore = new RedisNonceStore({
 *   client: { sendCommand: (args) => redis.call(args[0]!, ...args.slice(1)) },
 * });
 * ```
 *
 * @example Sharing a replay window, here through a stand-in for Redis
 * ```ts
 * import { RedisNonceStore } from "@acs/rpc/server";
 * import assert from "node:assert/strict";
 *
 * // Answers SET … NX like Redis; a real client sends it over the network.
 * const keys = new Set<string>();
 * const sent: string[][] = [];
 * const client = {
 *   sendCommand: (args: string[]) => {
 *     sent.push(args);
 *     if (keys.has(args[1]!)) return Promise.resolve(null);
 *     keys.add(args[1]!);
 *     return Promise.resolve("OK");
 *   },
 * };
 * const store = new RedisNonceStore({ client, maxEntriesPerKey: Infinity });
 * const now = new Date("2016-02-23T12:46:24Z");
 * const expiresAt = new Date("2016-02-23T13:02:24Z");
 * const record = { accessKeyId: "testid", nonce: "nonce-1", expiresAt, now };
 * assert.equal(await store.add(record), "recorded");
 * assert.equal(await store.add(record), "used");
 * assert.deepEqual(sent[0], ["SET", "acs-rpc:nonce:{testid}:nonce-1", "1", "NX", "PX", "960000"]);
 * ```
 */
export class RedisNonceStore implements NonceStore {
  readonly #client: RedisCommandClient;
  readonly #prefix: string;
  readonly #maxEntriesPerKey: number;
  readonly #timeoutMs: number;

  /**
   * Creates a store on a connected client.
   *
   * @param options The client, the key prefix, the quota and the timeout.
   * @throws {AcsTypeError} `invalid-option` when `client` has no
   * `sendCommand` method or `keyPrefix` is not a string, for an unknown
   * option, or options that cannot be read.
   * @throws {AcsRangeError} `invalid-option` when `maxEntriesPerKey` is
   * neither a positive integer nor `Infinity`, or `timeoutMs` not a positive
   * integer.
   */
  constructor(options: RedisNonceStoreOptions) {
    const { client, keyPrefix, maxEntriesPerKey, timeoutMs } = readOptions(
      "create nonce store",
      options ?? {},
      ["client", "keyPrefix", "maxEntriesPerKey", "timeoutMs"],
    ) as Partial<RedisNonceStoreOptions>;
    if (
      typeof client !== "object" || client === null || typeof client.sendCommand !== "function"
    ) {
      throw new AcsTypeError(
        "invalid-option",
        'Cannot create nonce store: "client" must have a sendCommand(args) method',
        { parameter: "client" },
      );
    }
    const prefix = keyPrefix ?? DEFAULT_PREFIX;
    if (typeof prefix !== "string") {
      throw new AcsTypeError(
        "invalid-option",
        'Cannot create nonce store: "keyPrefix" must be a string',
        { parameter: "keyPrefix" },
      );
    }
    this.#client = client;
    this.#prefix = prefix;
    this.#maxEntriesPerKey = positiveLimit(
      "maxEntriesPerKey",
      maxEntriesPerKey,
      DEFAULT_MAX_ENTRIES_PER_KEY,
      true,
    );
    this.#timeoutMs = positiveLimit("timeoutMs", timeoutMs, DEFAULT_TIMEOUT_MS, false);
  }

  /**
   * Records a nonce of an access key in Redis until `expiresAt` inclusive,
   * unless it is there, or the key holds its quota.
   *
   * @param record The access key, the nonce, the expiry and the clock.
   * @returns `"recorded"`, `"used"` or `"key-quota"`.
   * @throws {AcsRangeError} `invalid-option` when `now` or `expiresAt` is an
   * invalid date. It rejects with the client's error, or an `Error` for a
   * timeout or an unexpected reply, when Redis cannot answer.
   */
  async add(record: NonceRecord): Promise<NonceAddResult> {
    const { accessKeyId, nonce, expiry, nowMs } = readNonceRecord(record);
    // Redis keeps a key while its own clock is at most set-time + ttl: the
    // nonce lives until expiresAt inclusive, plus the time to reach Redis.
    const ttl = String(Math.max(1, Math.ceil(expiry - nowMs)));
    const scope = `${this.#prefix}{${encodeURIComponent(accessKeyId)}}`;
    const key = `${scope}:${nonce}`;
    if (this.#maxEntriesPerKey === Infinity) {
      const reply = await this.#send(["SET", key, "1", "NX", "PX", ttl]);
      if (reply === "OK") return "recorded";
      if (reply === null) return "used";
      throw new Error(`Unexpected reply from Redis to SET: ${describe(reply)}`);
    }
    const args = [key, scope, ttl, String(this.#maxEntriesPerKey), nonce];
    let reply: unknown;
    try {
      reply = await this.#send(["EVALSHA", QUOTA_SCRIPT_SHA1, "2", ...args]);
    } catch (error) {
      // A Redis that has not cached the script yet (or was restarted): send it
      // whole once, which caches it.
      if (!/^NOSCRIPT\b/.test(String((error as { message?: unknown })?.message))) throw error;
      reply = await this.#send(["EVAL", QUOTA_SCRIPT, "2", ...args]);
    }
    switch (typeof reply === "number" || typeof reply === "bigint" ? Number(reply) : Number.NaN) {
      case 1:
        return "recorded";
      case 0:
        return "used";
      case -1:
        return "key-quota";
    }
    throw new Error(`Unexpected reply from Redis to EVAL: ${describe(reply)}`);
  }

  async #send(args: string[]): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    try {
      // An async wrapper turns a synchronous throw into a rejection.
      return await Promise.race([(async () => await this.#client.sendCommand(args))(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function describe(reply: unknown): string {
  const text = typeof reply === "string" ? JSON.stringify(reply) : String(reply);
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}
