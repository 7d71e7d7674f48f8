/**
 * Asking several providers in turn: the first that has credentials wins.
 *
 * @module
 */

import { readGetOptions } from "./_validate.ts";
import { AcsTypeError } from "../errors/mod.ts";
import { readProviderOptions } from "./_host.ts";
import { CHAIN_PROVIDER_OPTIONS } from "./_option_names.ts";
import { abortReason } from "./_http.ts";
import { type CredentialsAttempt, CredentialsError } from "./credentials_error.ts";
import {
  type CredentialsProvider,
  type GetCredentialsOptions,
  isCredentialsProvider,
  type ProvidedCredentials,
} from "./provider.ts";

/** Options of {@linkcode ChainProvider}. */
export interface ChainProviderOptions {
  /** The chain's name. Default `chain`. */
  readonly name?: string | undefined;
  /** What the chain is, for its error: `Cannot get credentials from <where>`. Default `the chain`. */
  readonly where?: string | undefined;
}

function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (error) => (signal.removeEventListener("abort", onAbort), reject(error)),
    );
  });
}

/**
 * A provider that asks its providers in order at every call and answers with
 * the first credentials one gives. It keeps no memory of which provider
 * answered last or which failed: each provider caches and refreshes its own
 * credentials, so a later call costs no more than asking the cached
 * provider, and a source that appears, disappears or recovers is seen at the
 * next call. Concurrent calls share one walk.
 *
 * When no provider has credentials it throws a {@linkcode CredentialsError}
 * with the code `no-credentials` whose message lists every place it looked
 * and why each gave nothing, and whose `attempts` holds the same as data.
 * Errors that are not a `CredentialsError` (a provider of your own) count as
 * failures too, their message kept.
 *
 * @example Falling back from the environment to fixed credentials
 * ```ts
 * import { ChainProvider, EnvironmentProvider, StaticProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const chain = new ChainProvider([
 *   new EnvironmentProvider({ env: () => undefined }),
 *   new StaticProvider({ accessKeyId: "testid", accessKeySecret: "testsecret" }),
 * ]);
 * const credentials = await chain.getCredentials();
 * assert.equal(credentials.provider, "static");
 * ```
 */
export class ChainProvider implements CredentialsProvider {
  /** The chain's name. */
  readonly name: string;
  readonly #providers: readonly CredentialsProvider[];
  readonly #where: string;
  #walk: Promise<ProvidedCredentials> | undefined;

  /**
   * Creates the chain.
   *
   * @param providers The providers, in the order to ask them.
   * @param options The chain's name and description.
   * @throws {AcsTypeError} `invalid-option` when `providers` is not a
   * non-empty array of providers, `name` or `where` not a non-empty
   * string, or an unknown option key.
   */
  constructor(providers: readonly CredentialsProvider[], options: ChainProviderOptions = {}) {
    // Copied once: the providers checked are the providers asked.
    let list: CredentialsProvider[] | undefined;
    try {
      list = Array.isArray(providers) ? [...providers] : undefined;
    } catch {
      // A revoked Proxy or a throwing iterator: refused below.
    }
    if (list === undefined || list.length === 0) {
      throw new AcsTypeError(
        "invalid-option",
        'Cannot build a chain: "providers" must be a non-empty array',
        { parameter: "providers" },
      );
    }
    list.forEach((provider, index) => {
      if (!isCredentialsProvider(provider)) {
        throw new AcsTypeError(
          "invalid-option",
          `Cannot build a chain: providers[${index}] has no getCredentials method`,
          { parameter: `providers[${index}]` },
        );
      }
    });
    const { name, where } = readProviderOptions(
      "build a chain",
      options,
      CHAIN_PROVIDER_OPTIONS,
    );
    for (const [option, value] of [["name", name], ["where", where]] as const) {
      if (value !== undefined && (typeof value !== "string" || value === "")) {
        throw new AcsTypeError(
          "invalid-option",
          `Cannot build a chain: "${option}" must be a non-empty string`,
          { parameter: option },
        );
      }
    }
    this.#providers = list;
    this.name = name ?? "chain";
    this.#where = where ?? "the chain";
  }

  /**
   * Asks the providers in order; a forced refresh is passed to each.
   *
   * @param options A signal that ends this call's wait, and whether to
   * refresh.
   * @returns The first credentials found, with `provider` naming the
   * provider that answered.
   * @throws {CredentialsError} `no-credentials`, listing every place looked.
   */
  getCredentials(options: GetCredentialsOptions = {}): Promise<ProvidedCredentials> {
    let read: ReturnType<typeof readGetOptions>;
    try {
      read = readGetOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    const { signal, forceRefresh } = read;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (!forceRefresh && this.#walk !== undefined) return waitFor(this.#walk, signal);
    const walk = this.#run(forceRefresh);
    if (!forceRefresh) {
      this.#walk = walk;
      walk.then(
        () => this.#walk === walk && (this.#walk = undefined),
        () => this.#walk === walk && (this.#walk = undefined),
      );
    }
    return waitFor(walk, signal);
  }

  async #run(forceRefresh: boolean): Promise<ProvidedCredentials> {
    const attempts: CredentialsAttempt[] = [];
    for (const [index, provider] of this.#providers.entries()) {
      const name = provider.name ?? `providers[${index}]`;
      try {
        const credentials = await provider.getCredentials({ forceRefresh });
        return credentials.provider === undefined
          ? { ...credentials, provider: name }
          : credentials;
      } catch (error) {
        attempts.push(
          error instanceof CredentialsError
            ? {
              provider: error.provider ?? name,
              where: error.where,
              reason: error.code === "no-credentials" ? error.message : error.reason,
              code: error.code,
            }
            : {
              provider: name,
              where: name,
              reason: error instanceof Error ? error.message : String(error),
              code: "request-failed",
            },
        );
      }
    }
    throw new CredentialsError("no-credentials", {
      provider: this.name,
      where: this.#where,
      reason: `found none in the ${attempts.length} places it looked:`,
      attempts,
    });
  }
}
