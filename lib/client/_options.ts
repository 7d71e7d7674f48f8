// Internal: checking the options of call(), createClient() and paginate():
// unknown keys (with a suggestion), functions, numbers, the signal.

import { editDistance, quotePrefix, textPrefix, thrownText } from "../_internal/suggest.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";

/**
 * Longer keys get no suggestion (the search costs per character), and are
 * quoted and named by their first 64 code units, as everywhere else.
 */
const MAX_KEY_SEARCHED = 64;

/** The known key closest to `key`, when it is near enough to be a typo. */
export function suggest(key: string, known: readonly string[]): string | undefined {
  if (key.length > MAX_KEY_SEARCHED) return undefined;
  const lower = key.toLowerCase();
  const sameLetters = known.find((name) => name.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = editDistance(lower, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.min(3, Math.floor(key.length / 3))) ? best : undefined;
}

/**
 * Refuses every own key of `options` that is not in `known`: a misspelt
 * option (`regionID`) would otherwise be ignored and the request go
 * elsewhere. `instead` names the option to use for a key that is refused on
 * purpose.
 */
export function checkKeys(
  what: string,
  options: object,
  known: readonly string[],
  instead: Readonly<Record<string, string>> = {},
  prefix = "",
): void {
  const allowed = new Set(known);
  for (const key of Object.keys(options)) {
    if (allowed.has(key)) continue;
    const replacement = Object.hasOwn(instead, key) ? instead[key] : undefined;
    if (replacement !== undefined) {
      throw new AcsTypeError(
        "invalid-option",
        `Cannot ${what}: "${prefix}${key}" is not an option here; ${replacement}`,
        { parameter: `${prefix}${key}` },
      );
    }
    const near = suggest(key, known);
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: unknown option ${quotePrefix(`${prefix}${key}`)}${
        near === undefined ? "" : `; did you mean "${prefix}${near}"?`
      }`,
      { parameter: textPrefix(`${prefix}${key}`) },
    );
  }
}

/**
 * Runs `read` over options a caller gave: whatever reading them throws (a
 * revoked Proxy, a throwing getter) becomes an `invalid-option` error naming
 * `parameter`, so that no raw TypeError escapes.
 */
export function reading<T>(what: string, parameter: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof AcsTypeError || error instanceof AcsRangeError) throw error;
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: reading ${
        parameter === "options" ? "the options" : `"${parameter}"`
      } threw ${thrownText(error)}`,
      { parameter, cause: error },
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  try {
    return Array.isArray(value) ? "an array" : typeof value;
  } catch {
    // A revoked Proxy: Array.isArray throws for one.
    return typeof value;
  }
}

/** A function option, or undefined. */
export function optionalFunction<T>(what: string, name: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "function") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: "${name}" must be a function, got ${describe(value)}`,
      { parameter: name },
    );
  }
  return value as T;
}

/** An object option (such as `retry`), or undefined. */
export function optionalObject(what: string, name: string, value: unknown): object | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: "${name}" must be an object, got ${describe(value)}`,
      { parameter: name },
    );
  }
  return value;
}

/** The largest delay a timer can wait: setTimeout fires at once beyond it. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * A number option: a positive integer or a non-negative number, within
 * `max`; `Infinity` only where `infinite` allows it ("no limit").
 */
export function numberOption(
  what: string,
  name: string,
  value: unknown,
  fallback: number,
  kind: { integer: boolean; max?: number; infinite?: boolean },
): number {
  const chosen = value ?? fallback;
  const ok = typeof chosen === "number" &&
    ((kind.infinite === true && chosen === Infinity) ||
      (Number.isFinite(chosen) && chosen >= (kind.integer ? 1 : 0) &&
        (!kind.integer || Number.isInteger(chosen)) && chosen <= (kind.max ?? Infinity)));
  if (!ok) {
    const expected = kind.integer ? "a positive integer" : "a non-negative number";
    const range = kind.max === undefined ? "" : ` up to ${kind.max}`;
    const infinite = kind.infinite === true ? " (or Infinity for none)" : "";
    throw new AcsRangeError(
      "invalid-option",
      `Cannot ${what}: "${name}" must be ${expected}${range}${infinite}, got ${
        typeof chosen === "number" ? String(chosen) : describe(chosen)
      }`,
      { parameter: name },
    );
  }
  return chosen as number;
}

/**
 * An `AbortSignal` (or another with its shape: a polyfill, another realm's),
 * or undefined. Checked up front: a call that found out mid-way would leave a
 * backoff timer behind that throws when it fires.
 */
export function optionalSignal(what: string, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const signal = value as Partial<AbortSignal> | null;
  let shaped = false;
  try {
    shaped = typeof signal === "object" && signal !== null &&
      typeof signal.aborted === "boolean" && typeof signal.addEventListener === "function" &&
      typeof signal.removeEventListener === "function";
  } catch {
    // A revoked Proxy or a throwing getter: not a signal.
  }
  if (!shaped) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: "signal" must be an AbortSignal, got ${describe(value)}`,
      { parameter: "signal" },
    );
  }
  return signal as AbortSignal;
}

/** The options of call(), in the order of CallOptions. */
export const CALL_OPTION_KEYS = [
  "action",
  "params",
  "credentials",
  "regionId",
  "network",
  "endpoint",
  "version",
  "product",
  "protocol",
  "resourceOwnerAccount",
  "format",
  "method",
  "maxUrlBytes",
  "signatureVersion",
  "retry",
  "timeoutMs",
  "deadlineMs",
  "signal",
  "fetch",
  "userAgent",
  "now",
  "newNonce",
  "random",
  "sleep",
  "onRetry",
] as const;

/** The options of a call that a client leaves to each call. */
export const PER_CALL_KEYS = [
  "format",
  "method",
  "maxUrlBytes",
  "retry",
  "timeoutMs",
  "deadlineMs",
  "signal",
  "onRetry",
] as const;

/** The keys of `retry`. */
export const RETRY_KEYS = ["maxAttempts", "maxElapsedMs", "baseDelayMs", "maxDelayMs"] as const;

/** Options signRequest takes that call() sets itself on each attempt. */
export const SET_BY_CALL: Readonly<Record<string, string>> = {
  nonce: 'each attempt needs a fresh SignatureNonce: pass "newNonce", a function that returns one',
  timestamp: 'each attempt is signed at its own time: pass "now", a clock function',
};
