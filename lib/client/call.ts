/**
 * Calling an RPC API: sign, send, parse, and retry what is safe to retry.
 *
 * @module
 */

import { ApiError } from "./api_error.ts";
import { diagnose } from "./diagnose.ts";
import { parseJsonObject, readErrorAnswer } from "./_answer.ts";
import { abortError, type Checked, checkOptions, snapshotCredentials } from "./_check.ts";
import { isSensitiveName, redactSecrets } from "../_internal/sensitive.ts";
import { printable } from "../_internal/suggest.ts";
import { type CredentialsProvider, isCredentialsProvider } from "../credentials/mod.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { type RegionalSignRequestOptions, signRequest, signRequestV3 } from "../endpoints/mod.ts";
import type { Credentials, FlatParam, SignedRequest } from "../signature/mod.ts";
import type { SignedRequestV3 } from "../v3/mod.ts";

/** How {@linkcode call} retries. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 4; 1 turns retries off. */
  readonly maxAttempts?: number | undefined;
  /**
   * How long the retries may go on, in milliseconds, by the `now` clock: no
   * retry starts whose wait would end past it. It does not cut short an
   * attempt in flight: `timeoutMs` bounds each attempt and `deadlineMs` the
   * whole call. Default 30 000.
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
    RegionalSignRequestOptions,
    "timestamp" | "nonce" | "method" | "format" | "credentials"
  > {
  /**
   * The access key to sign with, or a {@linkcode CredentialsProvider} that
   * each attempt asks for the credentials to use (it caches them). With a
   * provider, an answer `InvalidSecurityToken.*` or
   * `InvalidAccessKeyId.NotFound` makes the call force one refresh and try
   * once more.
   */
  readonly credentials: Credentials | CredentialsProvider;
  /**
   * `JSON` (the default) returns the parsed answer; `XML` asks the API for
   * XML and returns its text unparsed. Error answers are read in either.
   */
  readonly format?: "JSON" | "XML" | undefined;
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
  /**
   * How long one attempt may take, in milliseconds, until the whole answer
   * is read; an attempt cut off is a network failure, and retried. Default
   * 10 000; `Infinity` for none.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * How long the whole call may take, retries and waits included, in
   * milliseconds; then it rejects with a `DOMException` named
   * `TimeoutError`. Default 60 000; `Infinity` for none.
   */
  readonly deadlineMs?: number | undefined;
  /** Cancels the call: the attempt in flight and any wait. */
  readonly signal?: AbortSignal | undefined;
  /** The `fetch` to send with. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /**
   * The `User-Agent` header: default `acs-rpc/<version> (<runtime>/<version>)`
   * in Deno, Node, Bun and Cloudflare Workers, and none in browsers (which
   * refuse it, or preflight every call for it); `false` sends none.
   */
  readonly userAgent?: string | false | undefined;
  /** The clock, for timestamps and the retry budget. Default `() => new Date()`. */
  readonly now?: (() => Date) | undefined;
  /** A fresh `SignatureNonce` for each attempt. Default `crypto.randomUUID`. */
  readonly newNonce?: (() => string) | undefined;
  /**
   * A number in [0, 1) for the jitter. Default `Math.random`. Any other
   * answer (`NaN`, 1, a string) rejects the call with `invalid-option`.
   */
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
/** Answers that stale provided credentials cause: refresh once and try again. */
const REFRESH = /^(?:InvalidSecurityToken\.|InvalidAccessKeyId\.NotFound$)/;

/**
 * An abort scope: a controller that follows a parent signal and may have a
 * timer of its own. `dispose()` removes the listener and the timer, so that
 * nothing outlives the call.
 */
class Scope {
  readonly #controller = new AbortController();
  readonly #cleanups: (() => void)[] = [];
  #timedOut = false;

  constructor(parent: AbortSignal | undefined) {
    if (parent === undefined) return;
    if (parent.aborted) {
      this.#controller.abort(abortError(parent));
      return;
    }
    const follow = (): void => this.#controller.abort(abortError(parent));
    parent.addEventListener("abort", follow, { once: true });
    this.#cleanups.push(() => parent.removeEventListener("abort", follow));
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the timer, rather than the parent, aborted the scope. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Aborts the scope after `ms` with `reason()`, unless disposed first. */
  limit(ms: number, reason: () => unknown): void {
    if (ms === Infinity || this.#controller.signal.aborted) return;
    const timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort(reason());
    }, ms);
    this.#cleanups.push(() => clearTimeout(timer));
  }

  dispose(): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }
}

/** Waits for `promise`, or rejects as soon as `signal` aborts. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** An outcome of one attempt: the answer, or the error and whether to retry. */
type Attempt =
  | { readonly ok: true; readonly body: JsonObject | string }
  | {
    readonly ok: false;
    readonly error: unknown;
    readonly retry: boolean;
    readonly refresh: boolean;
  };

/**
 * A network failure, told without the request's query or any secret value:
 * runtimes quote the URL in their fetch errors, and a GET's query holds the
 * `SecurityToken` of temporary credentials (and any password parameter).
 */
function networkError(error: unknown, url: string, secrets: ReadonlySet<string>): TypeError {
  const bare = url.split("?", 1)[0]!;
  const reasons: string[] = [];
  for (let cause = error; cause !== undefined && reasons.length < 4;) {
    const text = cause instanceof Error ? cause.message : String(cause);
    reasons.push(
      redactSecrets(text.replaceAll(url, bare).replace(/\?[^\s"'()<>]*/g, "?…"), secrets),
    );
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return new TypeError(`Cannot reach ${bare}: ${reasons.join(": ")}`);
}

/**
 * Deno refuses `fetch` without `--allow-net` (`NotCapable`, formerly
 * `PermissionDenied`): no retry can help, and the fix is a flag.
 */
function permissionError(error: unknown, url: string): AcsTypeError | undefined {
  const name = error instanceof Error ? error.name : undefined;
  if (name !== "NotCapable" && name !== "PermissionDenied") return undefined;
  const { host, origin } = new URL(url);
  return new AcsTypeError(
    "permission-denied",
    `Cannot reach ${origin}/: the runtime denies network access to ${host}; run Deno with --allow-net=${host} (or a wider --allow-net)`,
    { parameter: "endpoint" },
  );
}

/** Whether `value` has what call() reads of a Response: `ok`, `status`, `headers.get`, `text`. */
function isResponse(value: unknown): value is Response {
  if (typeof value !== "object" || value === null) return false;
  try {
    const response = value as Partial<Response>;
    return typeof response.ok === "boolean" && typeof response.status === "number" &&
      typeof response.text === "function" && typeof response.headers?.get === "function";
  } catch {
    return false;
  }
}

/** What one attempt needs besides the signed request. */
interface AttemptContext {
  readonly send: typeof fetch;
  readonly action: string;
  readonly format: "JSON" | "XML";
  readonly userAgent: string | undefined;
  readonly secrets: ReadonlySet<string>;
  readonly timeoutMs: number;
}

async function attempt(
  context: AttemptContext,
  signed: SignedRequest | SignedRequestV3,
  timestamp: Date,
  attempts: number,
  callSignal: AbortSignal,
): Promise<Attempt> {
  const { secrets } = context;
  const headers: Record<string, string> = { ...signed.headers };
  if (context.userAgent !== undefined) headers["user-agent"] = context.userAgent;
  const scope = new Scope(callSignal);
  scope.limit(context.timeoutMs, () => new DOMException("Attempt timed out", "TimeoutError"));
  const init: RequestInit = { method: signed.method, headers, signal: scope.signal };
  // A V3 body may be bytes; any Uint8Array is a valid fetch body.
  if (signed.body !== null) init.body = signed.body as BodyInit;
  let response: Response;
  let body: string;
  try {
    response = await context.send(signed.url, init);
    if (!isResponse(response)) {
      // A stand-in fetch that answers something else is the caller's
      // mistake: the same every attempt, so not a network failure to retry.
      throw new AcsTypeError(
        "invalid-option",
        `Cannot call API: "fetch" must resolve to a Response, got ${printable(response)}`,
        { parameter: "fetch" },
      );
    }
    body = await response.text();
  } catch (error) {
    if (error instanceof AcsTypeError && error.parameter === "fetch") throw error;
    if (callSignal.aborted) throw abortError(callSignal);
    const denied = permissionError(error, signed.url);
    if (denied !== undefined) throw denied;
    const cause = scope.timedOut
      ? new Error(`no answer within ${context.timeoutMs} ms (the attempt timeout, "timeoutMs")`)
      : error;
    return {
      ok: false,
      error: networkError(cause, signed.url, secrets),
      retry: true,
      refresh: false,
    };
  } finally {
    scope.dispose();
  }
  if (response.ok) {
    if (context.format === "XML") return { ok: true, body };
    const parsed = parseJsonObject(body);
    if (parsed !== undefined) return { ok: true, body: parsed as JsonObject };
    throw new SyntaxError(
      `Cannot read answer to "${context.action}": HTTP ${response.status} with a body that is not a JSON object`,
    );
  }
  const answer = readErrorAnswer(body);
  const code = answer.code ?? "InvalidResponse";
  const message = answer.message ??
    `HTTP ${response.status} with a body that is not an error answer`;
  const diagnosis = diagnose({
    code,
    message,
    stringToSign: signed.stringToSign,
    canonicalRequest: "canonicalRequest" in signed ? signed.canonicalRequest : undefined,
    timestamp,
    serverDate: response.headers.get("date"),
  });
  const redact = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : redactSecrets(text, secrets);
  const error = new ApiError(code, redactSecrets(message, secrets), {
    status: response.status,
    requestId: redact(answer.requestId),
    hostId: redact(answer.hostId),
    recommend: redact(answer.recommend),
    diagnosis: redact(diagnosis?.summary),
    attempts,
  });
  const retry = !NEVER_RETRY.test(code) &&
    (response.status >= 500 || RETRY.test(code));
  return { ok: false, error, retry, refresh: REFRESH.test(code) };
}

/** The values a message must never show: the secret, the token, every password. */
function secretsOf(pairs: readonly FlatParam[]): Set<string> {
  const secrets = new Set<string>();
  for (const [name, value] of pairs) {
    if (isSensitiveName(name)) secrets.add(value);
  }
  return secrets;
}

/**
 * Signs one attempt: the one place where {@linkcode call} signs. A `GET`
 * whose URL would pass `maxUrlBytes` becomes a form `POST` unless the caller
 * chose the method.
 */
function signAttempt(
  checked: Checked,
  credentials: Credentials,
  timestamp: Date,
  nonce: string,
): SignedRequest | SignedRequestV3 {
  if (checked.signatureVersion === "v3") {
    // No Format parameter in V3: the answer's format is asked for with an
    // unsigned Accept header.
    return signRequestV3({
      ...checked.target,
      action: checked.action,
      params: checked.pairs,
      credentials,
      timestamp,
      nonce,
      method: checked.method ?? "GET",
      headers: { accept: checked.format === "XML" ? "application/xml" : "application/json" },
    });
  }
  const base: RegionalSignRequestOptions = {
    ...checked.target,
    action: checked.action,
    params: checked.pairs,
    credentials,
    format: checked.format,
    timestamp,
    nonce,
  };
  const signed = signRequest({ ...base, method: checked.method ?? "GET" });
  if (
    checked.method === undefined &&
    new TextEncoder().encode(signed.url).byteLength > checked.maxUrlBytes
  ) {
    return signRequest({ ...base, method: "POST" });
  }
  return signed;
}

/** The credentials for one attempt, each field read once. */
async function credentialsFor(
  checked: Checked,
  forceRefresh: boolean,
  signal: AbortSignal,
): Promise<Credentials> {
  const { credentials } = checked;
  if (!isCredentialsProvider(credentials)) return credentials;
  const provided = await unlessAborted(
    credentials.getCredentials({ signal, forceRefresh }),
    signal,
  );
  return snapshotCredentials(provided, "provider");
}

function sameCredentials(a: Credentials, b: Credentials): boolean {
  return a.accessKeyId === b.accessKeyId && a.accessKeySecret === b.accessKeySecret &&
    a.securityToken === b.securityToken;
}

function deadlineError(checked: Checked, attempts: number): DOMException {
  return new DOMException(
    `Cannot call "${checked.action}": no answer within the deadline of ${checked.deadlineMs} ms ("deadlineMs"), after ${attempts} ${
      attempts === 1 ? "attempt" : "attempts"
    }`,
    "TimeoutError",
  );
}

async function run(
  checked: Checked,
  scope: Scope,
  progress: { attempts: number },
): Promise<JsonObject | string> {
  const { signal } = scope;
  const secrets = secretsOf(checked.pairs);
  const context: AttemptContext = {
    send: checked.send,
    action: checked.action,
    format: checked.format,
    userAgent: checked.userAgent,
    secrets,
    timeoutMs: checked.timeoutMs,
  };
  const started = checked.now().getTime();
  let refreshed = false;
  let forceRefresh = false;
  let previous: { credentials: Credentials; error: unknown } | undefined;
  for (let attempts = 1;; attempts++) {
    if (signal.aborted) throw abortError(signal);
    progress.attempts = attempts;
    const credentials = await credentialsFor(checked, forceRefresh, signal);
    if (
      forceRefresh && previous !== undefined && sameCredentials(previous.credentials, credentials)
    ) {
      // The provider has nothing newer (fixed keys from the environment or a
      // file): asking again with the same keys would get the same answer.
      progress.attempts = attempts - 1;
      throw previous.error;
    }
    forceRefresh = false;
    for (const value of [credentials.accessKeySecret, credentials.securityToken]) {
      if (typeof value === "string") secrets.add(value);
    }
    const timestamp = checked.now();
    const signed = signAttempt(checked, credentials, timestamp, checked.newNonce());
    const outcome = await attempt(context, signed, timestamp, attempts, signal);
    if (outcome.ok) return outcome.body;
    if (outcome.refresh && !refreshed && isCredentialsProvider(checked.credentials)) {
      // Provided credentials that the server no longer takes: ask the
      // provider for new ones once, at once, outside the retry budget.
      refreshed = forceRefresh = true;
      previous = { credentials, error: outcome.error };
      continue;
    }
    if (!outcome.retry || attempts - (refreshed ? 1 : 0) >= checked.maxAttempts) {
      throw outcome.error;
    }
    const ceiling = Math.min(checked.maxDelayMs, checked.baseDelayMs * 2 ** (attempts - 1));
    const drawn = checked.random();
    if (typeof drawn !== "number" || !(drawn >= 0 && drawn < 1)) {
      throw new AcsRangeError(
        "invalid-option",
        `Cannot call API: "random" must return a number in [0, 1), got ${
          typeof drawn === "number" ? String(drawn) : typeof drawn
        }`,
        { parameter: "random", cause: outcome.error },
      );
    }
    const delayMs = Math.floor(drawn * ceiling);
    if (checked.now().getTime() + delayMs - started > checked.maxElapsedMs) {
      throw outcome.error;
    }
    checked.onRetry?.({ attempt: attempts, delayMs, error: outcome.error });
    await checked.sleep(delayMs, signal);
  }
}

/**
 * Calls an RPC API: signs the request with {@linkcode signRequest}, sends it
 * with `fetch`, and returns the parsed JSON answer — or, with
 * `format: "XML"`, the answer's XML text.
 *
 * Type the answer with a type argument: `call<DescribeRegionsAnswer>(…)`
 * (the default is {@linkcode JsonObject}). The type is a promise to the
 * compiler, not a check of the answer.
 *
 * Network failures (an attempt with no answer within `timeoutMs` among
 * them), HTTP 5xx answers, and the codes `Throttling*` and
 * `ServiceUnavailable` are retried, after a wait drawn uniformly between 0
 * and `min(maxDelayMs, baseDelayMs × 2^(attempt − 1))` (exponential backoff
 * with full jitter), within `maxAttempts` and `maxElapsedMs`, and the whole
 * call within `deadlineMs`. Each attempt is signed afresh, with a new
 * `SignatureNonce` and `Timestamp`. `SignatureDoesNotMatch`,
 * `InvalidAccessKeyId*`, `MissingParameter` and every other client error are
 * never retried (but see `credentials` for providers). A retry after a
 * network failure may repeat an action the server did carry out: pass a
 * `ClientToken` to actions that take one.
 *
 * A `GET` whose URL would be longer than `maxUrlBytes` is sent as a form
 * `POST` instead, unless `method` asks for `GET`. With `signatureVersion:
 * "v3"` each attempt is signed with {@linkcode signRequestV3} instead (its
 * parameters always in the query, `maxUrlBytes` refused). Every option is
 * checked before anything is sent: an unknown key (`regionID`) is refused
 * with the closest known one, and `nonce` or `timestamp` with the option to
 * use. No message of an error shows the secret, the security token or a
 * password parameter's value, in any encoding.
 *
 * @typeParam T The type of the JSON answer.
 * @param options The request to sign, and how to send it.
 * @returns The JSON answer, or the XML text with `format: "XML"`.
 * @throws {ApiError} When the API answers with an error (after the retries
 * allowed); `diagnosis` explains a `SignatureDoesNotMatch` or
 * `InvalidTimeStamp.Expired` answer.
 * @throws {TypeError} "Cannot reach …" for a network failure or a timed-out
 * attempt, after the retries allowed.
 * @throws {SyntaxError} When a JSON success answer is not a JSON object.
 * @throws {AcsTypeError} For options of the wrong type (`invalid-option`,
 * before anything is sent), every error of {@linkcode signRequest}, and
 * `permission-denied` when Deno denies network access (not retried: the
 * message names the `--allow-net` flag to add).
 * @throws {AcsRangeError} For options out of range, an unknown region, the
 * range errors of {@linkcode signRequest}, and a `random` that answers
 * outside [0, 1).
 * @throws {DOMException} Named `TimeoutError` when `deadlineMs` passes.
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
 * const answer = await call<{ RequestId: string; Regions: { Region: unknown[] } }>({
 *   action: "DescribeRegions",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *   fetch: fakeFetch,
 *   sleep: async () => {},
 * });
 * assert.equal(answer.RequestId, "R-2");
 * assert.deepEqual(answer.Regions.Region, []);
 * assert.equal(nonces.length, 2);
 * assert.notEqual(nonces[0], nonces[1]);
 * ```
 *
 * @example Asking for XML
 * ```ts
 * import { call } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const fakeFetch = (async (url: string | URL | Request) => {
 *   assert.equal(new URL(String(url)).searchParams.get("Format"), "XML");
 *   return new Response("<?xml version='1.0' encoding='UTF-8'?><DescribeRegionsResponse/>");
 * }) as typeof fetch;
 * const xml: string = await call({
 *   action: "DescribeRegions",
 *   format: "XML",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *   fetch: fakeFetch,
 * });
 * assert.ok(xml.startsWith("<?xml"));
 * ```
 */
export function call(options: CallOptions & { readonly format: "XML" }): Promise<string>;
/**
 * Calls an RPC API and returns its JSON answer, typed as `T`; see the
 * overload above for everything else.
 *
 * @typeParam T The type of the JSON answer.
 * @param options The request to sign, and how to send it.
 * @returns The JSON answer.
 */
export function call<T = JsonObject>(
  options: CallOptions & { readonly format?: "JSON" | undefined },
): Promise<T>;
/**
 * Calls an RPC API whose format is chosen at run time.
 *
 * @param options The request to sign, and how to send it.
 * @returns The JSON answer, or the XML text with `format: "XML"`.
 */
export function call(options: CallOptions): Promise<JsonObject | string>;
export async function call(options: CallOptions): Promise<unknown> {
  const checked = checkOptions(options);
  const scope = new Scope(checked.signal);
  const progress = { attempts: 0 };
  scope.limit(checked.deadlineMs, () => deadlineError(checked, progress.attempts));
  try {
    return await run(checked, scope, progress);
  } catch (error) {
    if (scope.timedOut && !(checked.signal?.aborted ?? false)) {
      throw deadlineError(checked, progress.attempts);
    }
    throw error;
  } finally {
    scope.dispose();
  }
}
