/**
 * Fixed credentials as a provider. It reads neither files nor the
 * environment, so it works in every runtime, browsers and workers included.
 *
 * @module
 */

import { AcsTypeError } from "../errors/mod.ts";
import { readProviderOptions } from "./_host.ts";
import { STATIC_PROVIDER_OPTIONS } from "./_option_names.ts";
import { fieldProblem, readGetOptions } from "./_validate.ts";
import { CredentialsError } from "./credentials_error.ts";
import type {
  CredentialsProvider,
  GetCredentialsOptions,
  ProvidedCredentials,
} from "./provider.ts";
import { checkedClock } from "../_internal/options.ts";

/** Options of {@linkcode StaticProvider}. */
export interface StaticProviderOptions {
  /** What `--explain` and errors call them. Default `static credentials`. */
  readonly source?: string | undefined;
  /** The clock that tells whether they have expired. Default `() => new Date()`. */
  readonly now?: (() => Date) | undefined;
}

/** Fixed credentials, with an optional expiry (for STS credentials obtained elsewhere). */
export interface StaticCredentials {
  /** The access key id. */
  readonly accessKeyId: string;
  /** The access key secret. */
  readonly accessKeySecret: string;
  /** The security token of STS credentials. */
  readonly securityToken?: string | undefined;
  /** When they stop working: after it, the provider refuses them. */
  readonly expiration?: Date | undefined;
}

/**
 * A provider of fixed credentials: checked once, then handed out as they are
 * until their `expiration`, if they have one, after which it fails with
 * `expired-credentials` (it never hands out expired credentials).
 *
 * @example Wrapping fixed keys
 * ```ts
 * import { StaticProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const provider = new StaticProvider({ accessKeyId: "testid", accessKeySecret: "testsecret" });
 * const credentials = await provider.getCredentials();
 * assert.equal(credentials.accessKeyId, "testid");
 * assert.equal(credentials.provider, "static");
 * ```
 */
export class StaticProvider implements CredentialsProvider {
  /** `static`. */
  readonly name = "static";
  readonly #credentials: ProvidedCredentials;
  readonly #now: () => Date;

  /**
   * Checks and keeps the credentials.
   *
   * @param credentials The access key (and token, and expiry).
   * @param options What to call them, and the clock.
   * @throws {AcsTypeError} `invalid-credentials` when a field is missing,
   * empty, not a string or padded with white space (the value is never
   * quoted), `expiration` is not a valid `Date`, or the credentials cannot be
   * read (each field is read once).
   * @throws {AcsTypeError} `invalid-option` for a `source` that is not a
   * string, a `now` that is not a function, or an unknown option key.
   */
  constructor(credentials: StaticCredentials, options: StaticProviderOptions = {}) {
    if (typeof credentials !== "object" || credentials === null) {
      throw new AcsTypeError(
        "invalid-credentials",
        "Cannot use static credentials: expected an object",
        { parameter: "credentials" },
      );
    }
    // Each field read once: what is checked is what is kept, even from getters.
    let given: StaticCredentials;
    try {
      const { accessKeyId, accessKeySecret, securityToken, expiration } = credentials;
      given = { accessKeyId, accessKeySecret, securityToken, expiration };
    } catch (error) {
      throw new AcsTypeError(
        "invalid-credentials",
        `Cannot use static credentials: reading them threw ${
          error instanceof Error ? error.name : typeof error
        }`,
        { parameter: "credentials", cause: error },
      );
    }
    const fields = [
      ["accessKeyId", given.accessKeyId, true],
      ["accessKeySecret", given.accessKeySecret, true],
      ["securityToken", given.securityToken, false],
    ] as const;
    for (const [field, value, required] of fields) {
      if (!required && value === undefined) continue;
      const problem = fieldProblem(value);
      if (problem !== undefined) {
        throw new AcsTypeError(
          "invalid-credentials",
          `Cannot use static credentials: credentials.${field} ${problem}`,
          { parameter: `credentials.${field}` },
        );
      }
    }
    const { expiration } = given;
    if (
      expiration !== undefined &&
      !(expiration instanceof Date && !Number.isNaN(expiration.getTime()))
    ) {
      throw new AcsTypeError(
        "invalid-credentials",
        "Cannot use static credentials: credentials.expiration must be a valid Date",
        { parameter: "credentials.expiration" },
      );
    }
    const { source, now } = readProviderOptions(
      "use static credentials",
      options,
      STATIC_PROVIDER_OPTIONS,
    );
    if (source !== undefined && typeof source !== "string") {
      throw new AcsTypeError(
        "invalid-option",
        'Cannot use static credentials: "source" must be a string',
        { parameter: "source" },
      );
    }
    this.#credentials = Object.freeze({
      accessKeyId: given.accessKeyId,
      accessKeySecret: given.accessKeySecret,
      ...(given.securityToken === undefined ? {} : { securityToken: given.securityToken }),
      ...(expiration === undefined ? {} : { expiration: new Date(expiration.getTime()) }),
      source: source ?? "static credentials",
      provider: this.name,
    });
    this.#now = checkedClock("use static credentials", now);
  }

  /**
   * Returns the credentials.
   *
   * @param options A signal (checked before answering).
   * @returns The credentials.
   * @throws {CredentialsError} `expired-credentials` once they have expired.
   */
  getCredentials(options: GetCredentialsOptions = {}): Promise<ProvidedCredentials> {
    const { expiration } = this.#credentials;
    let expired: boolean;
    try {
      readGetOptions(options).signal?.throwIfAborted();
      expired = expiration !== undefined && expiration.getTime() <= this.#now().getTime();
    } catch (error) {
      return Promise.reject(error);
    }
    if (expired) {
      return Promise.reject(
        new CredentialsError("expired-credentials", {
          provider: this.name,
          where: this.#credentials.source!,
          reason: `they expired at ${expiration!.toISOString()}`,
        }),
      );
    }
    return Promise.resolve(this.#credentials);
  }
}
