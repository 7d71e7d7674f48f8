/**
 * The error every credentials provider throws when it cannot supply
 * credentials.
 *
 * @module
 */

import { AcsTypeError } from "../errors/mod.ts";

/**
 * Why a provider could not supply credentials. Messages may be reworded
 * between releases; codes do not change.
 *
 * | code | meaning | a chain… |
 * | --- | --- | --- |
 * | `not-configured` | the source is not set up here: a variable is unset, a file or profile does not exist, a switch disables it | skips it |
 * | `invalid-config` | the source is set up but wrong: bad JSON, a missing field, an unsupported mode | reports it and goes on |
 * | `request-failed` | a service (STS, the metadata service, a credentials URI) could not be reached or refused | reports it and goes on |
 * | `expired-credentials` | the source answered credentials that have expired or are about to | reports it and goes on |
 * | `unsupported-runtime` | the source needs a file system or the environment and this runtime (a browser, a worker) has none, or access was denied | reports it and goes on |
 * | `no-credentials` | a chain found no credentials: `attempts` says where it looked and why each place failed | — |
 *
 * @example Telling "not set up" from "broken"
 * ```ts
 * import { CredentialsError, EnvironmentProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const provider = new EnvironmentProvider({ env: () => undefined });
 * await assert.rejects(
 *   provider.getCredentials(),
 *   (error) => error instanceof CredentialsError && error.code === "not-configured",
 * );
 * ```
 */
export type CredentialsErrorCode =
  | "not-configured"
  | "invalid-config"
  | "request-failed"
  | "expired-credentials"
  | "unsupported-runtime"
  | "no-credentials";

const CODES: readonly string[] = [
  "not-configured",
  "invalid-config",
  "request-failed",
  "expired-credentials",
  "unsupported-runtime",
  "no-credentials",
] satisfies readonly CredentialsErrorCode[];

function invalid(parameter: string, problem: string, cause?: unknown): AcsTypeError {
  return new AcsTypeError("invalid-option", `Cannot create CredentialsError: ${problem}`, {
    parameter,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The constructor's arguments, each option read once and checked. */
function readErrorOptions(code: unknown, options: unknown): CredentialsErrorOptions {
  if (typeof code !== "string" || !CODES.includes(code)) {
    throw invalid("code", `"code" must be one of ${CODES.map((c) => `"${c}"`).join(", ")}`);
  }
  if (typeof options !== "object" || options === null) {
    throw invalid("options", "expected an options object with where and reason");
  }
  let read: Record<keyof CredentialsErrorOptions, unknown>;
  try {
    const { provider, where, reason, attempts, cause } = options as CredentialsErrorOptions;
    read = {
      provider,
      where,
      reason,
      attempts: attempts === undefined ? undefined : [...attempts],
      cause,
    };
  } catch (error) {
    throw invalid(
      "options",
      `reading the options threw ${error instanceof Error ? error.name : typeof error}`,
      error,
    );
  }
  for (const name of ["where", "reason"] as const) {
    if (typeof read[name] !== "string") throw invalid(name, `"${name}" must be a string`);
  }
  if (read.provider !== undefined && typeof read.provider !== "string") {
    throw invalid("provider", '"provider" must be a string or undefined');
  }
  const attempts = read.attempts as unknown[] | undefined;
  attempts?.forEach((attempt, index) => {
    const a = attempt as Partial<Record<keyof CredentialsAttempt, unknown>> | null;
    if (
      typeof a !== "object" || a === null || typeof a.where !== "string" ||
      typeof a.reason !== "string" || typeof a.provider !== "string" ||
      typeof a.code !== "string" || !CODES.includes(a.code)
    ) {
      throw invalid(
        `attempts[${index}]`,
        "each attempt must have a provider, where, reason and code",
      );
    }
  });
  return read as unknown as CredentialsErrorOptions;
}

/** One place a chain looked, and why it gave no credentials. */
export interface CredentialsAttempt {
  /** The provider's name, such as `environment` or `cli-profile`. */
  readonly provider: string;
  /** Where it looked, such as `environment variables`. */
  readonly where: string;
  /** Why it gave no credentials (never a secret). */
  readonly reason: string;
  /** The code of the provider's error. */
  readonly code: CredentialsErrorCode;
}

/** Options of {@linkcode CredentialsError}. */
export interface CredentialsErrorOptions {
  /** The provider's name. */
  readonly provider?: string | undefined;
  /** Where it looked: a file, a service, variables. */
  readonly where: string;
  /** Why it gave no credentials: what is missing or wrong, never a secret. */
  readonly reason: string;
  /** For a chain: every place it looked. */
  readonly attempts?: readonly CredentialsAttempt[] | undefined;
  /** The error that caused this one (never one that quotes a secret). */
  readonly cause?: unknown;
}

/**
 * A provider could not supply credentials. The message says where it looked
 * and why, and never holds a secret, a security token, an OIDC token or the
 * content of a file.
 *
 * @example Reading where a chain looked
 * ```ts
 * import { ChainProvider, CredentialsError, EnvironmentProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const chain = new ChainProvider([new EnvironmentProvider({ env: () => undefined })]);
 * await assert.rejects(chain.getCredentials(), (error) => {
 *   assert.ok(error instanceof CredentialsError);
 *   assert.equal(error.code, "no-credentials");
 *   assert.deepEqual(error.attempts.map((attempt) => attempt.provider), ["environment"]);
 *   return true;
 * });
 * ```
 */
export class CredentialsError extends Error {
  /** The stable code of this error. */
  readonly code: CredentialsErrorCode;
  /** The name of the provider that failed, when one did. */
  readonly provider: string | undefined;
  /** Where it looked. */
  readonly where: string;
  /** Why it gave no credentials. */
  readonly reason: string;
  /** For a chain: every place it looked, in order; otherwise empty. */
  readonly attempts: readonly CredentialsAttempt[];

  /**
   * Creates an error whose message is `Cannot get credentials from <where>:
   * <reason>`, or for a chain the list of places it looked.
   *
   * @param code The stable code.
   * @param options Where, why, and for a chain the attempts.
   * @throws {AcsTypeError} `invalid-option` naming the argument for a code
   * that is not one of {@linkcode CredentialsErrorCode}, or options of the
   * wrong shape (`where` and `reason` must be strings).
   */
  constructor(code: CredentialsErrorCode, options: CredentialsErrorOptions) {
    options = readErrorOptions(code, options);
    const attempts = options.attempts ?? [];
    super(
      attempts.length === 0
        ? `Cannot get credentials from ${options.where}: ${options.reason}`
        : `Cannot get credentials from ${options.where}: ${options.reason}\n${
          attempts.map((attempt, index) =>
            `  ${index + 1}. ${attempt.where} (${
              attempt.code === "not-configured" ? "skipped" : "failed"
            }): ${attempt.reason}`
          ).join("\n")
        }`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "CredentialsError";
    this.code = code;
    this.provider = options.provider;
    this.where = options.where;
    this.reason = options.reason;
    this.attempts = attempts;
  }
}
