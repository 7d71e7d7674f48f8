// Internal: the steps of verifying a request that do not depend on the
// signature version (reading the request and the options, the size bounds
// before any decoding, the timestamp window, the nonce store, the refusal
// shape, constant-time comparison), so that every verifier calls the same
// ones. mod.ts never re-exports this file.

import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import type { VerifyErrorCode, VerifyRequestOptions, VerifyResult } from "./verify_request.ts";
import { formatTimestamp } from "../signature/mod.ts";
import { MemoryNonceStore, type NonceStore } from "./nonce_store.ts";
import { timeOf } from "./_nonce_record.ts";
import { hasMethod, readOptions } from "../_internal/options.ts";
import { printable } from "../_internal/suggest.ts";

/** The bounds {@linkcode verifyRequest} applies when its options leave them out. */
export const DEFAULTS = {
  windowSeconds: 900,
  /** A day: a wider window would keep nonces longer than any real clock skew needs. */
  maxWindowSeconds: 86_400,
  /** 4 × the 8 KiB URL above which `call()` switches to POST. */
  maxQueryBytes: 32_768,
  /** RunInstances' largest field, `UserData`, is 32 KiB raw, about 60 KiB encoded. */
  maxBodyBytes: 131_072,
  maxParameters: 1_000,
} as const;

/**
 * How long past the last instant a timestamp can be accepted a nonce is kept:
 * covers clock differences between verifiers that share one store.
 */
export const NONCE_RETENTION_MARGIN_MS = 60_000;

/** The options of a verifier, read once and checked. */
export interface VerifySettings {
  readonly lookupSecret: VerifyRequestOptions["lookupSecret"];
  readonly now: () => Date;
  readonly nonceStore: NonceStore;
  readonly windowMs: number;
  readonly maxQueryBytes: number;
  readonly maxBodyBytes: number;
  readonly maxParameters: number;
}

/** What a verifier reads of a request, each field read once. */
export interface RequestSnapshot {
  readonly url: string;
  /** In upper case. */
  readonly method: string;
  readonly body: ReadableStream<Uint8Array> | null;
  /** Reads a header; a throwing `headers.get` becomes an `AcsTypeError`. */
  header(name: string): string | null;
  /**
   * The names of every header, in lower case, when `headers` can be iterated
   * (as `Headers` can); a throwing iterator becomes an `AcsTypeError`.
   */
  headerNames(): string[];
}

const sharedStore = new MemoryNonceStore();

function badRequest(message: string, parameter: string, cause?: unknown): AcsTypeError {
  return new AcsTypeError("invalid-option", `Cannot verify request: ${message}`, {
    parameter,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Reads what a verifier needs of a `Request` (or an object shaped like one:
 * string `url` and `method`, `headers` with a `get` method, `body` null or a
 * stream), each field once.
 *
 * @throws {AcsTypeError} `invalid-option` naming `request` or the field at
 * fault, for anything else, including a field whose getter throws.
 */
export function snapshotRequest(request: unknown): RequestSnapshot {
  if (typeof request !== "object" || request === null) {
    throw badRequest(
      `expected a Request, got ${request === null ? "null" : typeof request}`,
      "request",
    );
  }
  const field = (name: string): unknown => {
    try {
      return (request as Record<string, unknown>)[name];
    } catch (error) {
      throw badRequest(`reading "request.${name}" failed`, `request.${name}`, error);
    }
  };
  const url = field("url");
  if (typeof url !== "string") {
    throw badRequest(
      `expected a Request, whose "url" is a string, got ${typeof url}`,
      "request.url",
    );
  }
  const method = field("method");
  if (typeof method !== "string") {
    throw badRequest(
      `expected a Request, whose "method" is a string, got ${typeof method}`,
      "request.method",
    );
  }
  const headers = field("headers") as { get?: unknown } | null;
  let get: unknown;
  try {
    get = typeof headers === "object" && headers !== null ? headers.get : undefined;
  } catch (error) {
    throw badRequest('reading "request.headers" failed', "request.headers", error);
  }
  if (typeof get !== "function") {
    throw badRequest('expected a Request, whose "headers" has a get() method', "request.headers");
  }
  const body = field("body") as { getReader?: unknown } | null;
  if (body !== null && (typeof body !== "object" || typeof body.getReader !== "function")) {
    throw badRequest(
      'expected a Request, whose "body" is null or a ReadableStream',
      "request.body",
    );
  }
  return {
    url,
    method: method.toUpperCase(),
    body: body as ReadableStream<Uint8Array> | null,
    header(name: string): string | null {
      let value: unknown;
      try {
        value = get.call(headers, name);
      } catch (error) {
        throw badRequest(`reading the header "${name}" failed`, "request.headers", error);
      }
      if (value !== null && typeof value !== "string") {
        throw badRequest(`the header "${name}" is not a string`, "request.headers");
      }
      return value;
    },
    headerNames(): string[] {
      try {
        const names: string[] = [];
        for (const entry of headers as unknown as Iterable<[string, string]>) {
          names.push(String(entry[0]).toLowerCase());
        }
        return names;
      } catch (error) {
        throw badRequest(
          'expected a Request, whose "headers" can be listed (as Headers can)',
          "request.headers",
          error,
        );
      }
    },
  };
}

/** Every option of {@linkcode VerifyRequestOptions}. */
const OPTION_KEYS = [
  "lookupSecret",
  "now",
  "nonceStore",
  "windowSeconds",
  "maxQueryBytes",
  "maxBodyBytes",
  "maxParameters",
] as const satisfies readonly (keyof VerifyRequestOptions)[];

/**
 * Reads {@linkcode VerifyRequestOptions} once and checks them.
 *
 * @throws {AcsTypeError} `invalid-option` for options of the wrong type, an
 * unknown option (a misspelt bound would leave the default in force) or
 * options that cannot be read.
 * @throws {AcsRangeError} `invalid-option` for a bound out of range.
 */
export function snapshotOptions(options: VerifyRequestOptions): VerifySettings {
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError(
      "invalid-option",
      "Cannot verify request: expected an options object",
      { parameter: "options" },
    );
  }
  const {
    lookupSecret,
    now,
    nonceStore,
    windowSeconds,
    maxQueryBytes,
    maxBodyBytes,
    maxParameters,
  } = readOptions("verify request", options, OPTION_KEYS) as Partial<VerifyRequestOptions>;
  if (typeof lookupSecret !== "function") {
    throw new AcsTypeError(
      "invalid-option",
      'Cannot verify request: the "lookupSecret" option must be a function',
      { parameter: "lookupSecret" },
    );
  }
  if (now !== undefined && typeof now !== "function") {
    throw new AcsTypeError(
      "invalid-option",
      'Cannot verify request: the "now" option must be a function',
      { parameter: "now" },
    );
  }
  if (nonceStore !== undefined && !hasMethod(nonceStore, "add")) {
    throw new AcsTypeError(
      "invalid-option",
      'Cannot verify request: the "nonceStore" option must have an add() method',
      { parameter: "nonceStore" },
    );
  }
  const window = windowSeconds ?? DEFAULTS.windowSeconds;
  if (
    typeof window !== "number" || !Number.isFinite(window) || window <= 0 ||
    window > DEFAULTS.maxWindowSeconds
  ) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot verify request: "windowSeconds" must be a positive number of at most ${DEFAULTS.maxWindowSeconds}, got ${
        printable(window)
      }`,
      { parameter: "windowSeconds" },
    );
  }
  return {
    lookupSecret,
    now: now ?? (() => new Date()),
    nonceStore: nonceStore ?? sharedStore,
    windowMs: window * 1000,
    maxQueryBytes: bound("maxQueryBytes", maxQueryBytes, DEFAULTS.maxQueryBytes),
    maxBodyBytes: bound("maxBodyBytes", maxBodyBytes, DEFAULTS.maxBodyBytes),
    maxParameters: bound("maxParameters", maxParameters, DEFAULTS.maxParameters),
  };
}

function bound(name: string, value: unknown, fallback: number): number {
  const limit = value ?? fallback;
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 0) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot verify request: "${name}" must be a non-negative integer, got ${printable(limit)}`,
      { parameter: name },
    );
  }
  return limit;
}

/** A refusal, as {@linkcode verifyRequest} answers it. */
export function refuse(
  code: VerifyErrorCode,
  status: number,
  message: string,
  format: "JSON" | "XML",
): VerifyResult & { ok: false } {
  return { ok: false, error: { code, status, message, format } };
}

/**
 * Where the query string of a URL starts and ends, found without parsing it
 * (`end` excludes a fragment).
 */
export function querySpan(url: string): { start: number; end: number } {
  const question = url.indexOf("?");
  if (question === -1) return { start: url.length, end: url.length };
  const hash = url.indexOf("#", question);
  return { start: question + 1, end: hash === -1 ? url.length : hash };
}

/**
 * Counts the fields of `application/x-www-form-urlencoded` text (or bytes)
 * before decoding it: the `&`s plus one, or 0 when empty — an upper bound of
 * what `URLSearchParams` yields, found in one pass.
 */
export function countFields(text: string | Uint8Array, start = 0, end = text.length): number {
  if (end <= start) return 0;
  let count = 1;
  if (typeof text === "string") {
    for (let i = text.indexOf("&", start); i !== -1 && i < end; i = text.indexOf("&", i + 1)) {
      count++;
    }
  } else {
    for (let i = text.indexOf(0x26, start); i !== -1 && i < end; i = text.indexOf(0x26, i + 1)) {
      count++;
    }
  }
  return count;
}

/**
 * Reads a body up to `limit` bytes: its bytes, or `undefined` as soon as it
 * is longer (the rest is never read). A declared `Content-Length` over the
 * limit is refused before reading anything.
 *
 * @throws {AcsTypeError} `invalid-option` (`request.body`) when the stream
 * fails.
 */
export async function readBoundedBody(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  declaredLength: string | null,
): Promise<Uint8Array | undefined> {
  if (body === null) return new Uint8Array(0);
  if (declaredLength !== null && Number(declaredLength) > limit) {
    await body.cancel().catch(() => {});
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!(value instanceof Uint8Array)) {
        throw new TypeError("the body stream gave a chunk that is not a Uint8Array");
      }
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(value);
    }
  } catch (error) {
    throw badRequest('reading "request.body" failed', "request.body", error);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads a `Content-Type` into its essence (lower case, no parameters) and its
 * `charset` parameter (lower case, unquoted), per the Fetch standard's rules
 * for media types, loosely: HTTP white space around `;` and `=` is skipped.
 */
export function parseContentType(value: string | null): { essence: string; charset?: string } {
  if (value === null) return { essence: "" };
  const [essence = "", ...parameters] = value.split(";");
  let charset: string | undefined;
  for (const parameter of parameters) {
    const equals = parameter.indexOf("=");
    if (equals === -1) continue;
    const name = parameter.slice(0, equals).trim().toLowerCase();
    if (name !== "charset" || charset !== undefined) continue;
    let text = parameter.slice(equals + 1).trim();
    if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
    charset = text.toLowerCase();
  }
  return {
    essence: essence.trim().toLowerCase(),
    ...(charset === undefined ? {} : { charset }),
  };
}

/** Quotes at most the first 64 characters of a value a client sent, for a message. */
export function quotePrefix(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

/**
 * Reads the verifier's clock once.
 *
 * @throws {AcsTypeError} `invalid-option` (`now`) when it returns anything but
 * a valid `Date`: a NaN clock would pass every window check.
 */
export function readClock(now: () => Date): number {
  const nowMs = timeOf(now());
  if (!Number.isFinite(nowMs)) {
    throw new AcsTypeError(
      "invalid-option",
      'Cannot verify request: the "now" clock must return a valid Date',
      { parameter: "now" },
    );
  }
  return nowMs;
}

/**
 * Whether a request's timestamp is within the window of the verifier's
 * clock, both ends inclusive.
 */
export function withinWindow(timestampMs: number, nowMs: number, windowMs: number): boolean {
  return Math.abs(nowMs - timestampMs) <= windowMs;
}

/**
 * Records a nonce in the store, kept past the last instant the timestamp can
 * be accepted (`timestamp + window`, inclusive) by
 * {@linkcode NONCE_RETENTION_MARGIN_MS}: `undefined` when recorded, else the
 * refusal (`SignatureNonceUsed`, `Throttling.User` at the key's quota,
 * `ServiceUnavailable` for a full or failing store — never accepted unchecked).
 */
export async function recordNonce(
  store: NonceStore,
  accessKeyId: string,
  nonce: string,
  timestampMs: number,
  nowMs: number,
  windowMs: number,
  format: "JSON" | "XML",
): Promise<(VerifyResult & { ok: false }) | undefined> {
  let result: unknown;
  try {
    result = await store.add({
      accessKeyId,
      nonce,
      expiresAt: new Date(timestampMs + windowMs + NONCE_RETENTION_MARGIN_MS),
      now: new Date(nowMs),
    });
  } catch {
    result = "unavailable";
  }
  switch (result) {
    case "recorded":
      return undefined;
    case "used":
      return refuse(
        "SignatureNonceUsed",
        400,
        "Specified signature nonce was used already.",
        format,
      );
    case "key-quota":
      return refuse(
        "Throttling.User",
        400,
        "Request was denied due to user flow control.",
        format,
      );
    default:
      // "full", a failure, or an answer outside the contract: never accept unchecked.
      return refuse(
        "ServiceUnavailable",
        503,
        "The request has failed due to a temporary failure of the server.",
        format,
      );
  }
}

/**
 * Compares two strings in time that depends only on their lengths, so that
 * the time to refuse a forged signature says nothing about how much of it was
 * right.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    // Past the end charCodeAt is NaN, and NaN | 0 is 0.
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return difference === 0;
}

/**
 * Parses `YYYY-MM-DDThh:mm:ssZ` strictly: no other form, no day 31 of April;
 * `undefined` for anything else.
 */
export function parseTimestamp(text: string): Date | undefined {
  // Only text that formatTimestamp writes back unchanged: that refuses other
  // ISO 8601 forms, milliseconds, and dates that Date() rolls over (02-30).
  const date = new Date(text);
  try {
    return formatTimestamp(date) === text ? date : undefined;
  } catch {
    return undefined; // an invalid date, or a year outside 0001–9999
  }
}
