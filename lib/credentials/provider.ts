/**
 * What every credentials provider is: an object whose
 * {@linkcode CredentialsProvider.getCredentials} answers the credentials to
 * sign with now, refreshing them when they are about to expire.
 *
 * @module
 */

import type { Credentials } from "../signature/mod.ts";

/** Credentials as a provider answers them: with an expiry and where they came from. */
export interface ProvidedCredentials extends Credentials {
  /** When temporary credentials stop working; `undefined` for long-term keys. */
  readonly expiration?: Date | undefined;
  /**
   * Where they came from, for `--explain` and error messages, such as
   * `environment` or `profile "second" in ~/.aliyun/config.json`. Never a
   * secret.
   */
  readonly source?: string | undefined;
  /**
   * The name of the provider that supplied them, such as `environment` or
   * `cli-profile` (for a chain, the provider in it that answered).
   */
  readonly provider?: string | undefined;
}

/** Options of {@linkcode CredentialsProvider.getCredentials}. */
export interface GetCredentialsOptions {
  /** Cancels a refresh in flight. */
  readonly signal?: AbortSignal | undefined;
  /** Refresh even when the cached credentials are still valid. */
  readonly forceRefresh?: boolean | undefined;
}

/**
 * A source of credentials: static keys, the environment, a profile file, the
 * ECS metadata service, STS, … Concurrent calls share one refresh.
 *
 * @example A provider of fixed credentials
 * ```ts
 * import { type CredentialsProvider, isCredentialsProvider } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const provider: CredentialsProvider = {
 *   getCredentials: () =>
 *     Promise.resolve({ accessKeyId: "testid", accessKeySecret: "testsecret", source: "test" }),
 * };
 * assert.ok(isCredentialsProvider(provider));
 * assert.equal((await provider.getCredentials()).accessKeyId, "testid");
 * ```
 */
export interface CredentialsProvider {
  /** A short name for messages, such as `environment` or `cli-profile`. */
  readonly name?: string | undefined;
  /**
   * Returns credentials to sign with now: cached ones while they are valid
   * for longer than the provider's margin, else fresh ones.
   *
   * @param options A signal, and whether to force a refresh.
   * @returns The credentials, with their expiry and source.
   */
  getCredentials(options?: GetCredentialsOptions): Promise<ProvidedCredentials>;
}

/**
 * Whether a value is a {@linkcode CredentialsProvider} (an object with a
 * `getCredentials` method) rather than fixed credentials.
 *
 * @param value The `credentials` option as given.
 * @returns `true` for a provider.
 *
 * @example Telling a provider from fixed credentials
 * ```ts
 * import { isCredentialsProvider } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.equal(isCredentialsProvider({ accessKeyId: "a", accessKeySecret: "b" }), false);
 * ```
 */
export function isCredentialsProvider(value: unknown): value is CredentialsProvider {
  if (typeof value !== "object" || value === null) return false;
  try {
    return typeof (value as { getCredentials?: unknown }).getCredentials === "function";
  } catch {
    // A revoked Proxy or a throwing getter: not a provider (a predicate never throws).
    return false;
  }
}
