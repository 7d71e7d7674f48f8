// Internal: reading and checking the options of call() once, before
// anything is sent. createClient() runs the same checks when it is created.

import type { CallOptions, RetryEvent, RetryOptions } from "./call.ts";
import {
  CALL_OPTION_KEYS,
  checkKeys,
  MAX_TIMER_MS,
  numberOption,
  optionalFunction,
  optionalObject,
  optionalSignal,
  reading,
  RETRY_KEYS,
  SET_BY_CALL,
} from "./_options.ts";
import { defaultUserAgent } from "./_user_agent.ts";
import { type CredentialsProvider, isCredentialsProvider } from "../credentials/mod.ts";
import { AcsTypeError } from "../errors/mod.ts";
import type { RegionalSignRequestOptions } from "../endpoints/mod.ts";
import { type Credentials, type FlatParam, flattenParams } from "../signature/mod.ts";
import { checkedClock } from "../_internal/options.ts";

/** The reason a signal aborted with, or an `AbortError`. */
export function abortError(signal: AbortSignal): unknown {
  return signal.reason ??
    new DOMException("The operation was aborted", "AbortError");
}

const DEFAULTS = {
  maxAttempts: 4,
  maxElapsedMs: 30_000,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxUrlBytes: 8192,
  timeoutMs: 10_000,
  deadlineMs: 60_000,
};
const WHAT = "call API";

function defaultSleep(
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The options of one call, each read once and checked. */
export interface Checked {
  readonly action: string;
  readonly pairs: FlatParam[];
  readonly credentials: Credentials | CredentialsProvider;
  readonly target: Omit<
    RegionalSignRequestOptions,
    "action" | "params" | "credentials" | "timestamp" | "nonce" | "method" | "format"
  >;
  readonly format: "JSON" | "XML";
  readonly signatureVersion: "v1" | "v3";
  readonly method: "GET" | "POST" | undefined;
  readonly maxUrlBytes: number;
  readonly maxAttempts: number;
  readonly maxElapsedMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly signal: AbortSignal | undefined;
  readonly send: typeof fetch;
  readonly userAgent: string | undefined;
  readonly now: () => Date;
  readonly newNonce: () => string;
  readonly random: () => number;
  readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
}

/** One of two strings, the first when `value` is undefined; else `invalid-option` naming it. */
function oneOf<T extends string>(name: string, value: unknown, allowed: readonly [T, T]): T {
  const chosen = value ?? allowed[0];
  if (chosen === allowed[0] || chosen === allowed[1]) return chosen as T;
  throw new AcsTypeError(
    "invalid-option",
    `Cannot ${WHAT}: "${name}" must be "${allowed[0]}" or "${allowed[1]}", got ${
      typeof chosen === "string" ? JSON.stringify(chosen.slice(0, 40)) : typeof chosen
    }`,
    { parameter: name },
  );
}

export function checkOptions(options: CallOptions): Checked {
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError(
      "invalid-option",
      "Cannot call API: expected an options object",
      { parameter: "options" },
    );
  }
  // A snapshot: each option is read once, so what is checked is what is used.
  const o = reading(WHAT, "options", () => {
    checkKeys(WHAT, options, CALL_OPTION_KEYS, SET_BY_CALL);
    return Object.fromEntries(
      CALL_OPTION_KEYS.map((key) => [key, options[key as keyof CallOptions]]),
    ) as { -readonly [K in keyof CallOptions]: unknown };
  });
  const r = reading(WHAT, "retry", () => {
    const retry = optionalObject(WHAT, "retry", o.retry) ?? {};
    checkKeys(WHAT, retry, RETRY_KEYS, {}, "retry.");
    return Object.fromEntries(
      RETRY_KEYS.map((key) => [key, (retry as RetryOptions)[key]]),
    ) as RetryOptions;
  });
  const format = oneOf("format", o.format, ["JSON", "XML"]);
  const signatureVersion = oneOf("signatureVersion", o.signatureVersion, ["v1", "v3"]);
  if (signatureVersion === "v3" && o.maxUrlBytes !== undefined) {
    throw new AcsTypeError(
      "invalid-option",
      'Cannot call API: "maxUrlBytes" switches an RPC request to POST; with "signatureVersion: v3" the parameters always travel in the query',
      { parameter: "maxUrlBytes" },
    );
  }
  const userAgent = o.userAgent;
  if (
    userAgent !== undefined && userAgent !== false &&
    (typeof userAgent !== "string" || userAgent === "" || /[^\t\x20-\x7e]/.test(userAgent))
  ) {
    throw new AcsTypeError(
      "invalid-option",
      '"userAgent" must be non-empty printable ASCII text, or false for none',
      { parameter: "userAgent" },
    );
  }
  const credentials = isCredentialsProvider(o.credentials)
    ? o.credentials
    : snapshotCredentials(o.credentials);
  const pairs = o.params === undefined || o.params === null
    ? []
    : flattenParams(o.params as Parameters<typeof flattenParams>[0]);
  return {
    action: o.action as string,
    pairs,
    credentials,
    target: {
      regionId: o.regionId,
      network: o.network,
      endpoint: o.endpoint,
      version: o.version,
      product: o.product,
      protocol: o.protocol,
      resourceOwnerAccount: o.resourceOwnerAccount,
    } as Checked["target"],
    format,
    signatureVersion,
    method: o.method as "GET" | "POST" | undefined,
    maxUrlBytes: numberOption(WHAT, "maxUrlBytes", o.maxUrlBytes, DEFAULTS.maxUrlBytes, {
      integer: true,
    }),
    maxAttempts: numberOption(WHAT, "retry.maxAttempts", r.maxAttempts, DEFAULTS.maxAttempts, {
      integer: true,
    }),
    maxElapsedMs: numberOption(
      WHAT,
      "retry.maxElapsedMs",
      r.maxElapsedMs,
      DEFAULTS.maxElapsedMs,
      { integer: false },
    ),
    baseDelayMs: numberOption(WHAT, "retry.baseDelayMs", r.baseDelayMs, DEFAULTS.baseDelayMs, {
      integer: false,
    }),
    maxDelayMs: numberOption(WHAT, "retry.maxDelayMs", r.maxDelayMs, DEFAULTS.maxDelayMs, {
      integer: false,
      max: MAX_TIMER_MS,
    }),
    timeoutMs: numberOption(WHAT, "timeoutMs", o.timeoutMs, DEFAULTS.timeoutMs, {
      integer: false,
      max: MAX_TIMER_MS,
      infinite: true,
    }),
    deadlineMs: numberOption(WHAT, "deadlineMs", o.deadlineMs, DEFAULTS.deadlineMs, {
      integer: false,
      max: MAX_TIMER_MS,
      infinite: true,
    }),
    signal: optionalSignal(WHAT, o.signal),
    send: optionalFunction<typeof fetch>(WHAT, "fetch", o.fetch) ?? globalThis.fetch,
    userAgent: userAgent === false ? undefined : (userAgent as string | undefined) ??
      defaultUserAgent(),
    now: checkedClock(WHAT, optionalFunction<() => unknown>(WHAT, "now", o.now)),
    newNonce: optionalFunction<() => string>(WHAT, "newNonce", o.newNonce) ??
      (() => crypto.randomUUID()),
    random: optionalFunction<() => number>(WHAT, "random", o.random) ?? Math.random,
    sleep: optionalFunction<Checked["sleep"]>(WHAT, "sleep", o.sleep) ?? defaultSleep,
    onRetry: optionalFunction<Checked["onRetry"]>(WHAT, "onRetry", o.onRetry),
  };
}

/**
 * Fixed credentials, each field read once: a getter that answers
 * differently on each read cannot sign one token and send another.
 */
export function snapshotCredentials(
  value: unknown,
  from: "option" | "provider" = "option",
): Credentials {
  if (typeof value !== "object" || value === null) {
    throw new AcsTypeError(
      "invalid-credentials",
      from === "option"
        ? 'Cannot call API: the "credentials" option is missing'
        : `Cannot call API: the credentials provider answered ${
          value === null ? "null" : typeof value
        }, not credentials`,
      { parameter: "credentials" },
    );
  }
  let fields: Credentials;
  try {
    const { accessKeyId, accessKeySecret, securityToken } = value as Credentials;
    fields = { accessKeyId, accessKeySecret, securityToken };
  } catch (error) {
    // Never the error's message: a getter of a secret may quote it.
    throw new AcsTypeError(
      "invalid-credentials",
      `Cannot call API: reading the credentials threw ${
        error instanceof Error ? error.name : typeof error
      }`,
      { parameter: "credentials", cause: error },
    );
  }
  const { accessKeyId, accessKeySecret, securityToken } = fields;
  return securityToken === undefined
    ? { accessKeyId, accessKeySecret }
    : { accessKeyId, accessKeySecret, securityToken };
}
