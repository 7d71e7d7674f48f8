/**
 * Caching and refreshing temporary credentials, for every provider whose
 * credentials expire (STS, the ECS metadata service, credentials URIs) and
 * for your own.
 *
 * @module
 */

import { readGetOptions } from "./_validate.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { readProviderOptions } from "./_host.ts";
import { REFRESHING_PROVIDER_OPTIONS } from "./_option_names.ts";
import { abortReason } from "./_http.ts";
import { CredentialsError } from "./credentials_error.ts";
import type {
  CredentialsProvider,
  GetCredentialsOptions,
  ProvidedCredentials,
} from "./provider.ts";
import { printable } from "../_internal/suggest.ts";
import { checkedClock } from "../_internal/options.ts";

/** How a provider caches and refreshes credentials that expire. */
export interface RefreshOptions {
  /** The clock every decision is taken by. Default `() => new Date()`. */
  readonly now?: (() => Date) | undefined;
  /**
   * How long before their expiry cached credentials are refreshed, in
   * milliseconds, but never more than half their lifetime (so that
   * credentials of 15 minutes are not refreshed at every call). Default
   * 900 000 (15 minutes, as the official SDKs).
   */
  readonly refreshMarginMs?: number | undefined;
  /**
   * How long before their expiry credentials are no longer handed out, in
   * milliseconds: a request signed with them must still reach the server in
   * time. Credentials that a source answers already this close to expiry are
   * refused with `expired-credentials`. Default 60 000.
   */
  readonly expiryMarginMs?: number | undefined;
  /**
   * After a failed refresh, while the cached credentials are still usable:
   * how long to keep serving them before trying again, in milliseconds; it
   * doubles after each failure. Default 1 000.
   */
  readonly retryDelayMs?: number | undefined;
  /** The longest wait between refresh attempts, in milliseconds. Default 60 000. */
  readonly maxRetryDelayMs?: number | undefined;
  /**
   * Told of every failed refresh, including those that the cached
   * credentials cover; for logs (the errors hold no secret).
   */
  readonly onRefreshError?: ((error: unknown) => void) | undefined;
}

/** What {@linkcode RefreshingProvider} needs: how to get fresh credentials. */
export interface RefreshingProviderOptions extends RefreshOptions {
  /** The provider's name, for messages. Default `refreshing`. */
  readonly name?: string | undefined;
  /**
   * Gets fresh credentials from their source. Credentials without an
   * `expiration` are kept until a forced refresh.
   */
  readonly fetchCredentials: () => Promise<ProvidedCredentials>;
}

interface Cached {
  readonly credentials: ProvidedCredentials;
  /** From then on, a call refreshes first. */
  readonly refreshAt: number;
  /** Until then, the credentials may be handed out when a refresh fails. */
  readonly usableUntil: number;
}

const DEFAULTS = {
  refreshMarginMs: 15 * 60_000,
  expiryMarginMs: 60_000,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 60_000,
};

function milliseconds(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (typeof chosen !== "number" || !Number.isFinite(chosen) || chosen < 0) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot refresh credentials: "${name}" must be a non-negative number of milliseconds, got ${
        printable(chosen)
      }`,
      { parameter: name },
    );
  }
  return chosen;
}

/** Waits for a shared promise, or rejects as soon as this caller's signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A provider that caches the credentials `fetchCredentials` gets and
 * refreshes them a margin before they expire:
 *
 * - concurrent calls share one refresh (single flight);
 * - when a refresh fails while the cached credentials are still usable, they
 *   are handed out and the refresh is tried again after a growing delay,
 *   instead of failing calls;
 * - credentials are never handed out past their expiry less
 *   `expiryMarginMs`: then a call waits for a refresh, and fails if it does;
 * - `forceRefresh` refreshes now, and fails if the refresh fails;
 * - a caller's `signal` ends its own wait, never the refresh others share.
 *
 * Every decision is taken by the `now` clock.
 *
 * @example Refreshing when the clock passes the margin
 * ```ts
 * import { RefreshingProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * let clock = Date.parse("2025-01-01T00:00:00Z");
 * let fetched = 0;
 * const provider = new RefreshingProvider({
 *   now: () => new Date(clock),
 *   fetchCredentials: async () => {
 *     fetched++;
 *     return {
 *       accessKeyId: `STS.${fetched}`,
 *       accessKeySecret: "secret",
 *       securityToken: "token",
 *       expiration: new Date(clock + 3_600_000),
 *     };
 *   },
 * });
 * const calls = await Promise.all([provider.getCredentials(), provider.getCredentials()]);
 * assert.deepEqual(calls.map((c) => c.accessKeyId), ["STS.1", "STS.1"]);
 * clock += 46 * 60_000; // 14 minutes before expiry: inside the 15-minute margin
 * assert.equal((await provider.getCredentials()).accessKeyId, "STS.2");
 * ```
 */
export class RefreshingProvider implements CredentialsProvider {
  /** The provider's name. */
  readonly name: string;
  readonly #fetchCredentials: () => Promise<ProvidedCredentials>;
  readonly #now: () => Date;
  readonly #refreshMarginMs: number;
  readonly #expiryMarginMs: number;
  readonly #retryDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #onRefreshError: ((error: unknown) => void) | undefined;
  #cached: Cached | undefined;
  #inflight: Promise<ProvidedCredentials> | undefined;
  #failures = 0;
  #retryAt = -Infinity;

  /**
   * Creates the provider; nothing is fetched until the first call.
   *
   * @param options How to get fresh credentials, and the refresh policy.
   * @throws {AcsTypeError} `invalid-option` when `fetchCredentials`, `now` or
   * `onRefreshError` is not a function, the options cannot be read, or for
   * an unknown option key.
   * @throws {AcsRangeError} When a margin or delay is negative or not a number.
   */
  constructor(options: RefreshingProviderOptions) {
    options = readProviderOptions("refresh credentials", options, REFRESHING_PROVIDER_OPTIONS);
    if (typeof options.fetchCredentials !== "function") {
      throw new AcsTypeError(
        "invalid-option",
        'Cannot refresh credentials: "fetchCredentials" must be a function',
        { parameter: "fetchCredentials" },
      );
    }
    this.name = options.name ?? "refreshing";
    this.#fetchCredentials = options.fetchCredentials;
    this.#now = checkedClock("refresh credentials", options.now);
    this.#refreshMarginMs = milliseconds(
      "refreshMarginMs",
      options.refreshMarginMs,
      DEFAULTS.refreshMarginMs,
    );
    this.#expiryMarginMs = milliseconds(
      "expiryMarginMs",
      options.expiryMarginMs,
      DEFAULTS.expiryMarginMs,
    );
    this.#retryDelayMs = milliseconds("retryDelayMs", options.retryDelayMs, DEFAULTS.retryDelayMs);
    this.#maxRetryDelayMs = milliseconds(
      "maxRetryDelayMs",
      options.maxRetryDelayMs,
      DEFAULTS.maxRetryDelayMs,
    );
    this.#onRefreshError = options.onRefreshError;
  }

  /**
   * Returns the cached credentials while they are fresh, else refreshes them
   * (sharing a refresh already in flight).
   *
   * @param options A signal that ends this call's wait, and whether to
   * refresh now.
   * @returns The credentials.
   * @throws {CredentialsError} With `expired-credentials` when the source
   * answers credentials about to expire; whatever `fetchCredentials` throws
   * when no usable credentials are cached or the refresh was forced.
   */
  async getCredentials(options: GetCredentialsOptions = {}): Promise<ProvidedCredentials> {
    const { signal, forceRefresh } = readGetOptions(options);
    signal?.throwIfAborted();
    const now = this.#now().getTime();
    const cached = this.#cached;
    if (!forceRefresh && cached !== undefined) {
      if (now < cached.refreshAt) return cached.credentials;
      // A refresh failed a moment ago: keep serving until the retry is due.
      if (now < cached.usableUntil && now < this.#retryAt) return cached.credentials;
    }
    try {
      return await untilAborted(this.#inflight ?? this.#start(), signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      const current = this.#cached;
      if (
        !forceRefresh && current !== undefined && this.#now().getTime() < current.usableUntil
      ) {
        return current.credentials;
      }
      throw error;
    }
  }

  #start(): Promise<ProvidedCredentials> {
    const refresh = (async () => {
      // Run the fetch after #inflight is set, even if it throws at once.
      await Promise.resolve();
      try {
        const credentials = await this.#fetchCredentials();
        this.#cached = this.#plan(credentials, this.#now().getTime());
        this.#failures = 0;
        this.#retryAt = -Infinity;
        return credentials;
      } catch (error) {
        this.#failures++;
        this.#retryAt = this.#now().getTime() +
          Math.min(this.#maxRetryDelayMs, this.#retryDelayMs * 2 ** (this.#failures - 1));
        try {
          this.#onRefreshError?.(error);
        } catch {
          // A logging hook must not turn a covered failure into a failed call.
        }
        throw error;
      } finally {
        this.#inflight = undefined;
      }
    })();
    this.#inflight = refresh;
    // Every caller may have given up (aborted); the outcome is still cached.
    refresh.catch(() => {});
    return refresh;
  }

  #plan(credentials: ProvidedCredentials, now: number): Cached {
    const expiration = credentials.expiration;
    if (expiration === undefined) {
      return { credentials, refreshAt: Infinity, usableUntil: Infinity };
    }
    const expiresAt = expiration instanceof Date ? expiration.getTime() : Number.NaN;
    if (Number.isNaN(expiresAt) || expiresAt - this.#expiryMarginMs <= now) {
      throw new CredentialsError("expired-credentials", {
        provider: credentials.provider ?? this.name,
        where: credentials.source ?? this.name,
        reason: Number.isNaN(expiresAt)
          ? "their expiration is not a valid date"
          : expiresAt <= now
          ? `they expired at ${expiration.toISOString()}`
          : `they expire at ${expiration.toISOString()}, less than ${this.#expiryMarginMs} ms from now`,
      });
    }
    const margin = Math.min(this.#refreshMarginMs, (expiresAt - now) / 2);
    return {
      credentials,
      refreshAt: expiresAt - margin,
      usableUntil: expiresAt - this.#expiryMarginMs,
    };
  }
}
