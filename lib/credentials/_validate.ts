// Internal: checks shared by the providers. Messages name the field, never
// its value (it may be a secret).

import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { printable } from "../_internal/suggest.ts";
import type { GetCredentialsOptions, ProvidedCredentials } from "./provider.ts";

const PADDED = /^\s|\s$/;

/** What is wrong with a credential field, or `undefined` when it is usable. */
export function fieldProblem(value: unknown, missing = "is missing"): string | undefined {
  return typeof value !== "string"
    ? value === undefined || value === null ? missing : "is not a string"
    : value === ""
    ? "is empty"
    : PADDED.test(value)
    ? "has leading or trailing white space"
    : undefined;
}

/**
 * A text option: `undefined` when absent (and not `required`), else a
 * non-empty string.
 *
 * @throws {AcsTypeError} `invalid-option` naming it: `Cannot <what>:
 * "<name>" must be a non-empty string`.
 */
export function textOption(
  what: string,
  name: string,
  value: unknown,
  required = false,
): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: "${name}" must be a non-empty string`,
      { parameter: name },
    );
  }
  return value;
}

/**
 * The `timeoutMs` option: `fallback` when absent, else a positive finite
 * number of milliseconds.
 *
 * @throws {AcsRangeError} `invalid-option` naming `timeoutMs`.
 */
export function timeoutOption(what: string, value: unknown, fallback: number): number {
  const timeoutMs = value ?? fallback;
  if (!(typeof timeoutMs === "number" && timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot ${what}: "timeoutMs" must be a positive number, got ${printable(timeoutMs)}`,
      { parameter: "timeoutMs" },
    );
  }
  return timeoutMs;
}

/** The fields of credentials, as found (a file, variables, an answer). */
export interface FoundCredentials {
  readonly accessKeyId: unknown;
  readonly accessKeySecret: unknown;
  readonly securityToken?: unknown;
}

/**
 * The problem with credentials as found, naming each field as its source
 * calls it (`access_key_id`, `ALIBABA_CLOUD_ACCESS_KEY_ID`, `AccessKeyId`), or
 * `undefined`.
 */
export function credentialsProblem(
  found: FoundCredentials,
  names: { readonly id: string; readonly secret: string; readonly token?: string },
  tokenRequired: boolean,
  missing = "is missing",
): string | undefined {
  const checks: [string, unknown, boolean][] = [
    [names.id, found.accessKeyId, true],
    [names.secret, found.accessKeySecret, true],
  ];
  if (names.token !== undefined) checks.push([names.token, found.securityToken, tokenRequired]);
  const problems: string[] = [];
  for (const [name, value, required] of checks) {
    if (!required && (value === undefined || value === null || value === "")) continue;
    const problem = fieldProblem(value, missing);
    if (problem !== undefined) problems.push(`${name} ${problem}`);
  }
  return problems.length === 0 ? undefined : problems.join(", ");
}

/** Credentials from checked fields, with the token only when there is one. */
export function credentialsFrom(
  found: FoundCredentials,
  extra: Omit<ProvidedCredentials, "accessKeyId" | "accessKeySecret" | "securityToken">,
): ProvidedCredentials {
  const token = found.securityToken;
  return {
    accessKeyId: found.accessKeyId as string,
    accessKeySecret: found.accessKeySecret as string,
    ...(typeof token === "string" && token !== "" ? { securityToken: token } : {}),
    ...extra,
  };
}

/**
 * The options of a `getCredentials` call, read once and checked: a signal
 * that is not an `AbortSignal` (or one with its shape) would otherwise throw
 * a raw TypeError at its first use.
 *
 * @throws {AcsTypeError} `invalid-option` naming `options`, `signal` or
 * `forceRefresh`.
 */
export function readGetOptions(
  options: unknown,
): { readonly signal: AbortSignal | undefined; readonly forceRefresh: boolean } {
  if (options === undefined) return { signal: undefined, forceRefresh: false };
  const invalid = (parameter: string, problem: string, cause?: unknown) =>
    new AcsTypeError("invalid-option", `Cannot get credentials: ${problem}`, {
      parameter,
      ...(cause === undefined ? {} : { cause }),
    });
  if (typeof options !== "object" || options === null) {
    throw invalid(
      "options",
      `expected an options object, got ${options === null ? "null" : typeof options}`,
    );
  }
  let signal: unknown;
  let forceRefresh: unknown;
  let shaped = false;
  try {
    ({ signal, forceRefresh } = options as GetCredentialsOptions);
    const s = signal as Partial<AbortSignal> | null;
    shaped = typeof s === "object" && s !== null && typeof s.aborted === "boolean" &&
      typeof s.throwIfAborted === "function" && typeof s.addEventListener === "function" &&
      typeof s.removeEventListener === "function";
  } catch (error) {
    throw invalid(
      "options",
      `reading the options threw ${error instanceof Error ? error.name : typeof error}`,
      error,
    );
  }
  if (signal !== undefined && !shaped) throw invalid("signal", '"signal" must be an AbortSignal');
  if (forceRefresh !== undefined && typeof forceRefresh !== "boolean") {
    throw invalid("forceRefresh", '"forceRefresh" must be true or false');
  }
  return { signal: signal as AbortSignal | undefined, forceRefresh: forceRefresh === true };
}
