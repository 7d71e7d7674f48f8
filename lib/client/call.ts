/**
 * Calling an RPC API: sign, send, parse, and retry what is safe to retry.
 *
 * @module
 */

import { ApiError } from "./api_error.ts";
import { diagnose } from "./diagnose.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { signRequest, signRequestV3 } from "../endpoints/mod.ts";
import type { SignedRequest, SignRequestOptions } from "../signature/mod.ts";
import type { SignedRequestV3 } from "../v3/mod.ts";

/** How {@linkcode call} retries. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 4; 1 turns retries off. */
  readonly maxAttempts?: number | undefined;
  /**
   * How long the retries may go on, in milliseconds, by the `now` clock: no
   * retry starts whose wait would end past it. It does not cut short an
   * attempt in flight; pass a `signal` such as `AbortSignal.timeout(ms)` to
   * bound the whole call. Default 30 000.
   */
  readonly maxElapsedMs?: number | undefined;
  /** The first backoff ceiling, in milliseconds; it doubles each retry. Default 200. */
  readonly baseDelayMs?: number | undefined;
  /** The largest backoff ceiling, in milliseconds. Default 5 000. */
  readonly maxDelayMs?: number | undefined;
}

/** What {@linkcode call} is told about a retry before it waits. */
export interface RetryEvent {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** How long it will wait before the next attempt, in milliseconds. */
  readonly delayMs: number;
  /** Why: the {@linkcode ApiError} or the network error. */
  readonly error: unknown;
}

/** What {@linkcode call} needs: the request to sign, and how to send it. */
export interface CallOptions extends
  Omit<
    SignRequestOptions,
    "timestamp" | "nonce" | "method" | "format"
  > {
  /**
   * `GET` or `POST` to always use that method. By default a `GET`, or a form
   * `POST` when the URL of the `GET` would be longer than `maxUrlBytes`.
   */
  readonly method?: "GET" | "POST" | undefined;
  /**
   * The longest `GET` URL, in bytes, before switching to `POST`. Default
   * 8192. RPC signature only: with V3 the parameters stay in the query.
   */
  readonly maxUrlBytes?: number | undefined;
  /**
   * The signature: `"v1"` (default), the RPC signature (HMAC-SHA1, every
   * parameter in the query or form), or `"v3"`, `ACS3-HMAC-SHA256`
   * (`signRequestV3`: action, version, nonce and token in `x-acs-*` headers,
   * the signature in `Authorization`).
   */
  readonly signatureVersion?: "v1" | "v3" | undefined;
  /** The retry policy. */
  readonly retry?: RetryOptions | undefined;
  /** Cancels the call: the attempt in flight and any wait. */
  readonly signal?: AbortSignal | undefined;
  /** The `fetch` to send with. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** The clock, for timestamps and the time budget. Default `() => new Date()`. */
  readonly now?: (() => Date) | undefined;
  /** A fresh `SignatureNonce` for each attempt. Default `crypto.randomUUID`. */
  readonly newNonce?: (() => string) | undefined;
  /** A number in [0, 1) for the jitter. Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Waits, or rejects when the signal aborts. Default a `setTimeout`. */
  readonly sleep?:
    | ((ms: number, signal: AbortSignal | undefined) => Promise<void>)
    | undefined;
  /** Told before each retry's wait. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** A JSON object, as the RPC APIs answer. */
export type JsonObject = { [name: string]: unknown };

const NEVER_RETRY = /^(?:SignatureDoesNotMatch|InvalidAccessKeyId|MissingParameter)/;
const RETRY = /^(?:Throttling|ServiceUnavailable)/;
const DEFAULTS = {
  maxAttempts: 4,
  maxElapsedMs: 30_000,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxUrlBytes: 8192,
};

function abortError(signal: AbortSignal): unknown {
  return signal.reason ??
    new DOMException("The operation was aborted", "AbortError");
}

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

function positive(
  name: string,
  value: number | undefined,
  fallback: number,
  integer: boolean,
): number {
  const chosen = value ?? fallback;
  if (
    typeof chosen !== "number" || !(chosen >= (integer ? 1 : 0)) ||
    !Number.isFinite(chosen) || (integer && !Number.isInteger(chosen))
  ) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot call API: "${name}" must be a ${
        integer ? "positive integer" : "non-negative number"
      }, got ${String(chosen)}`,
      { parameter: name },
    );
  }
  return chosen;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** An outcome of one attempt: the answer, or the error and whether to retry. */
type Attempt =
  | { readonly ok: true; readonly body: JsonObject }
  | { readonly ok: false; readonly error: unknown; readonly retry: boolean };

/**
 * A network failure, told without the request's query: runtimes quote the
 * URL in their fetch errors, and a GET's query holds the `SecurityToken` of
 * temporary credentials (and any password parameter).
 */
function networkError(error: unknown, url: string): TypeError {
  const bare = url.split("?", 1)[0]!;
  const reasons: string[] = [];
  for (let cause = error; cause !== undefined && reasons.length < 4;) {
    const text = cause instanceof Error ? cause.message : String(cause);
    reasons.push(text.replaceAll(url, bare).replace(/\?[^\s"'()<>]*/g, "?…"));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return new TypeError(`Cannot reach ${bare}: ${reasons.join(": ")}`);
}

async function attempt(
  send: typeof fetch,
  signed: SignedRequest | SignedRequestV3,
  timestamp: Date,
  action: string,
  signal: AbortSignal | undefined,
  attempts: number,
): Promise<Attempt> {
  const init: RequestInit = {
    method: signed.method,
    headers: signed.headers,
  };
  // A V3 body may be bytes; any Uint8Array is a valid fetch body.
  if (signed.body !== null) init.body = signed.body as BodyInit;
  if (signal !== undefined) init.signal = signal;
  let response: Response;
  let body: string;
  try {
    response = await send(signed.url, init);
    body = await response.text();
  } catch (error) {
    if (signal?.aborted) throw abortError(signal);
    return { ok: false, error: networkError(error, signed.url), retry: true };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (response.ok) {
    if (isJsonObject(parsed)) return { ok: true, body: parsed };
    throw new SyntaxError(
      `Cannot read answer to "${action}": HTTP ${response.status} with a body that is not a JSON object`,
    );
  }
  const answer = isJsonObject(parsed) ? parsed : {};
  const code = text(answer.Code) ?? "InvalidResponse";
  const message = text(answer.Message) ??
    `HTTP ${response.status} with a body that is not an error answer`;
  const diagnosis = diagnose({
    code,
    message,
    stringToSign: signed.stringToSign,
    canonicalRequest: "canonicalRequest" in signed ? signed.canonicalRequest : undefined,
    timestamp,
    serverDate: response.headers.get("date"),
  });
  const error = new ApiError(code, message, {
    status: response.status,
    requestId: text(answer.RequestId),
    hostId: text(answer.HostId),
    recommend: text(answer.Recommend),
    diagnosis: diagnosis?.summary,
    attempts,
  });
  const retry = !NEVER_RETRY.test(code) &&
    (response.status >= 500 || RETRY.test(code));
  return { ok: false, error, retry };
}

/**
 * Calls an RPC API: signs the request with {@linkcode signRequest}, sends it
 * with `fetch`, and returns the parsed JSON answer.
 *
 * Network failures, HTTP 5xx answers, and the codes `Throttling*` and
 * `ServiceUnavailable` are retried, after a wait drawn uniformly between 0
 * and `min(maxDelayMs, baseDelayMs × 2^(attempt − 1))` (exponential backoff
 * with full jitter), within `maxAttempts` and `maxElapsedMs`. Each attempt is
 * signed afresh, with a new `SignatureNonce` and `Timestamp`.
 * `SignatureDoesNotMatch`, `InvalidAccessKeyId*`, `MissingParameter` and
 * every other client error are never retried. A retry after a network
 * failure may repeat an action the server did carry out: pass a
 * `ClientToken` to actions that take one.
 *
 * A `GET` whose URL would be longer than `maxUrlBytes` is sent as a form
 * `POST` instead, unless `method` asks for `GET`. With `signatureVersion:
 * "v3"` each attempt is signed with {@linkcode signRequestV3} instead (its
 * parameters always in the query, `maxUrlBytes` refused).
 *
 * @param options The request to sign, and how to send it.
 * @returns The JSON answer.
 * @throws {ApiError} When the API answers with an error (after the retries
 * allowed); `diagnosis` explains a `SignatureDoesNotMatch` or
 * `InvalidTimeStamp.Expired` answer.
 * @throws {SyntaxError} When a success answer is not a JSON object.
 * @throws {AcsTypeError} For options of the wrong type, and every error of
 * {@linkcode signRequest}.
 * @throws {AcsRangeError} For options out of range, an unknown region, and
 * the range errors of {@linkcode signRequest}.
 * Whatever `fetch` throws on the last attempt is passed on, and the signal's
 * reason when it aborts.
 *
 * @example Calling with a stand-in fetch that throttles once
 * ```ts
 * import { call } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const nonces: string[] = [];
 * const answers = [
 *   { status: 400, body: { Code: "Throttling.User", Message: "Request was denied due to user flow control." } },
 *   { status: 200, body: { RequestId: "R-2", Regions: { Region: [] } } },
 * ];
 * const fakeFetch = (async (url: string | URL | Request) => {
 *   nonces.push(new URL(String(url)).searchParams.get("SignatureNonce")!);
 *   const { status, body } = answers.shift()!;
 *   return new Response(JSON.stringify(body), { status });
 * }) as typeof fetch;
 *
 * const answer = await call({
 *   action: "DescribeRegions",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *   fetch: fakeFetch,
 *   sleep: async () => {},
 * });
 * assert.equal(answer.RequestId, "R-2");
 * assert.equal(nonces.length, 2);
 * assert.notEqual(nonces[0], nonces[1]);
 * ```
 */
export async function call(options: CallOptions): Promise<JsonObject> {
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError(
      "invalid-option",
      "Cannot call API: expected an options object",
      { parameter: "options" },
    );
  }
  const retry = options.retry ?? {};
  const maxAttempts = positive(
    "retry.maxAttempts",
    retry.maxAttempts,
    DEFAULTS.maxAttempts,
    true,
  );
  const maxElapsedMs = positive(
    "retry.maxElapsedMs",
    retry.maxElapsedMs,
    DEFAULTS.maxElapsedMs,
    false,
  );
  const baseDelayMs = positive(
    "retry.baseDelayMs",
    retry.baseDelayMs,
    DEFAULTS.baseDelayMs,
    false,
  );
  const maxDelayMs = positive(
    "retry.maxDelayMs",
    retry.maxDelayMs,
    DEFAULTS.maxDelayMs,
    false,
  );
  const signatureVersion = options.signatureVersion ?? "v1";
  if (signatureVersion !== "v1" && signatureVersion !== "v3") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot call API: "signatureVersion" must be "v1" or "v3", got ${
        JSON.stringify(signatureVersion) ?? typeof signatureVersion
      }`,
      { parameter: "signatureVersion" },
    );
  }
  if (signatureVersion === "v3" && options.maxUrlBytes !== undefined) {
    throw new AcsTypeError(
      "invalid-option",
      'Cannot call API: "maxUrlBytes" switches an RPC request to POST; with "signatureVersion: v3" the parameters always travel in the query',
      { parameter: "maxUrlBytes" },
    );
  }
  const maxUrlBytes = positive(
    "maxUrlBytes",
    options.maxUrlBytes,
    DEFAULTS.maxUrlBytes,
    true,
  );
  const send = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const newNonce = options.newNonce ?? (() => crypto.randomUUID());
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const { signal } = options;

  const started = now().getTime();
  for (let attempts = 1;; attempts++) {
    if (signal?.aborted) throw abortError(signal);
    const timestamp = now();
    const base: Omit<SignRequestOptions, "format"> = {
      action: options.action,
      params: options.params,
      credentials: options.credentials,
      regionId: options.regionId,
      network: options.network,
      endpoint: options.endpoint,
      version: options.version,
      protocol: options.protocol,
      resourceOwnerAccount: options.resourceOwnerAccount,
      timestamp,
      nonce: newNonce(),
    };
    // The one place a request is signed, with the signature asked for.
    const sign = (method: "GET" | "POST"): SignedRequest | SignedRequestV3 =>
      signatureVersion === "v3"
        ? signRequestV3({ ...base, method })
        : signRequest({ ...base, format: "JSON", method });
    let signed = sign(options.method ?? "GET");
    if (
      signatureVersion === "v1" && options.method === undefined &&
      new TextEncoder().encode(signed.url).byteLength > maxUrlBytes
    ) {
      signed = sign("POST");
    }
    const outcome = await attempt(
      send,
      signed,
      timestamp,
      options.action,
      signal,
      attempts,
    );
    if (outcome.ok) return outcome.body;
    if (!outcome.retry || attempts >= maxAttempts) {
      throw outcome.error;
    }
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
    const delayMs = Math.floor(random() * ceiling);
    if (now().getTime() + delayMs - started > maxElapsedMs) {
      throw outcome.error;
    }
    options.onRetry?.({ attempt: attempts, delayMs, error: outcome.error });
    await sleep(delayMs, signal);
  }
}
