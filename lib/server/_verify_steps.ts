// Internal: the steps of verifying a request that do not depend on the
// signature version (reading the request and the options, the size bounds
// before any decoding, the timestamp window, the nonce store, the refusal
// shape, constant-time comparison), so that every verifier calls the same
// ones. mod.ts never re-exports this file.

import { concatBytes } from "../_internal/bytes.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import type {
  AcceptedRequest,
  VerifyErrorCode,
  VerifyRequestOptions,
  VerifyResult,
} from "./verify_request.ts";
import { formatTimestamp } from "../signature/mod.ts";
import { MemoryNonceStore, type NonceStore } from "./nonce_store.ts";
import { timeOf } from "./_nonce_record.ts";
import { hasMethod, readOptions } from "../_internal/options.ts";
import { printable } from "../_internal/suggest.ts";

/** The bounds {@linkcode verifyRequest} applies when its options leave them out. */
const DEFAULTS = {
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
const NONCE_RETENTION_MARGIN_MS = 60_000;

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
export type Refusal = VerifyResult & { ok: false };

/** A refusal, as {@linkcode verifyRequest} answers it. */
export function refuse(
  code: VerifyErrorCode,
  status: number,
  message: string,
  format: "JSON" | "XML",
): Refusal {
  return { ok: false, error: { code, status, message, format } };
}

/** Whether what a step returned is a refusal rather than its value. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/** `MissingParameter`: a parameter (or V3 header) every request must carry is absent. */
export function missingParameter(name: string, format: "JSON" | "XML"): Refusal {
  return refuse(
    "MissingParameter",
    400,
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    format,
  );
}

/** `IncompleteSignature`: the signature's own fields are not in the form it must have. */
export function incompleteSignature(format: "JSON" | "XML"): Refusal {
  return refuse(
    "IncompleteSignature",
    400,
    "The request signature does not conform to Aliyun standards.",
    format,
  );
}

/**
 * The checks before anything is read or decoded: a method other than `GET`
 * or `POST` (`UnsupportedHTTPMethod`, 405) and a query string longer than
 * `maxQueryBytes` (`RequestURITooLong`, 414), refused once the body is
 * cancelled unread; `undefined`, at once, when both pass (no await before
 * the body is read or cancelled, so a stream is not pulled in between).
 */
export function refuseBeforeBody(
  request: RequestSnapshot,
  settings: VerifySettings,
  format: "JSON" | "XML",
): Promise<Refusal> | undefined {
  const { method } = request;
  if (method !== "GET" && method !== "POST") {
    return cancelBody(
      request,
      refuse(
        "UnsupportedHTTPMethod",
        405,
        `The specified HTTP method ${quotePrefix(method)} is not supported.`,
        format,
      ),
    );
  }
  const { start, end } = querySpan(request.url);
  if (end - start > settings.maxQueryBytes) {
    return cancelBody(
      request,
      refuse(
        "RequestURITooLong",
        414,
        `The query string is longer than ${settings.maxQueryBytes} bytes.`,
        format,
      ),
    );
  }
  return undefined;
}

async function cancelBody(request: RequestSnapshot, refusal: Refusal): Promise<Refusal> {
  await request.body?.cancel().catch(() => {});
  return refusal;
}

const FORM = "application/x-www-form-urlencoded";
const utf8 = new TextDecoder();

/** Whether a `Content-Type` is a form in UTF-8 (no charset, or `utf-8`), which is decoded. */
export function isUtf8Form(contentType: string | null): boolean {
  const { essence, charset } = parseContentType(contentType);
  return essence === FORM && (charset === undefined || charset === "utf-8");
}

/** The fields of a UTF-8 form body, decoded as an HTML form is. */
export function decodeForm(body: Uint8Array): [string, string][] {
  return [...new URLSearchParams(utf8.decode(body))];
}

/**
 * Reads the body of a request whose method passed, up to `maxBodyBytes`, when
 * `readable` (a `POST` whose body this verifier reads): its bytes, or the
 * refusal — `RequestEntityTooLarge` (413) for a readable body over the bound,
 * `UnsupportedMediaType` (415) for any body on a `GET`, or on a `POST` whose
 * body is not readable. A `GET` without a body reads as empty.
 */
export async function readBody(
  request: RequestSnapshot,
  settings: VerifySettings,
  readable: boolean,
  format: "JSON" | "XML",
): Promise<Uint8Array | Refusal> {
  const body = await readBoundedBody(
    request.body,
    readable ? settings.maxBodyBytes : 0,
    request.header("content-length"),
  );
  if (body !== undefined) return body;
  if (readable) {
    return refuse(
      "RequestEntityTooLarge",
      413,
      `The request body is larger than ${settings.maxBodyBytes} bytes.`,
      format,
    );
  }
  return refuse(
    "UnsupportedMediaType",
    415,
    request.method === "GET"
      ? "A GET request must not have a body."
      : `The request body must be application/x-www-form-urlencoded in UTF-8, got Content-Type ${
        quotePrefix(request.header("content-type") ?? "")
      }.`,
    format,
  );
}

/**
 * Refuses a request with more than `maxParameters` fields in its query and
 * its form body (`null` when the body is not a form) together
 * (`TooManyParameters`, 400), counted before decoding; `undefined` when
 * within.
 */
export function refuseTooManyParameters(
  url: string,
  form: Uint8Array | null,
  settings: VerifySettings,
  format: "JSON" | "XML",
): Refusal | undefined {
  const { start, end } = querySpan(url);
  if (
    countFields(url, start, end) + (form === null ? 0 : countFields(form)) > settings.maxParameters
  ) {
    return refuse(
      "TooManyParameters",
      400,
      `The request has more than ${settings.maxParameters} parameters.`,
      format,
    );
  }
  return undefined;
}

/**
 * Parses the request's URL.
 *
 * @throws {AcsTypeError} `invalid-option` (`request.url`) when it is not an
 * absolute URL.
 */
export function parseRequestUrl(url: string): URL {
  try {
    return new URL(url);
  } catch (error) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot verify request: "request.url" is not an absolute URL`,
      { parameter: "request.url", cause: error },
    );
  }
}

/**
 * The parameters by name, and the first problem (in Alibaba Cloud's words)
 * of the list: a parameter with an empty name, or one given twice.
 */
export function collectParams(
  pairs: readonly (readonly [string, string])[],
): { params: Map<string, string>; problem: string | undefined } {
  const params = new Map<string, string>();
  let problem: string | undefined;
  for (const [name, value] of pairs) {
    if (name === "") problem ??= "A parameter has an empty name.";
    else if (params.has(name)) {
      problem ??= `The parameter ${quotePrefix(name)} is given more than once.`;
    } else params.set(name, value);
  }
  return { params, problem };
}

/**
 * The request's timestamp, checked: well formed (`InvalidTimeStamp.Format`)
 * and within the window of the verifier's clock, read once
 * (`InvalidTimeStamp.Expired`).
 *
 * @throws {AcsTypeError} `invalid-option` (`now`): see {@linkcode readClock}.
 */
export function checkTimestamp(
  text: string,
  settings: VerifySettings,
  format: "JSON" | "XML",
): { timestamp: Date; nowMs: number } | Refusal {
  const timestamp = parseTimestamp(text);
  if (timestamp === undefined) {
    return refuse(
      "InvalidTimeStamp.Format",
      400,
      "Specified time stamp or date value is not well formatted.",
      format,
    );
  }
  const nowMs = readClock(settings.now);
  if (!withinWindow(timestamp.getTime(), nowMs, settings.windowMs)) {
    return refuse(
      "InvalidTimeStamp.Expired",
      400,
      "Specified time stamp or date value is expired.",
      format,
    );
  }
  return { timestamp, nowMs };
}

/**
 * The secret of the access key, from `lookupSecret`, or the refusal
 * `InvalidAccessKeyId.NotFound` (404) when it has none. Whatever
 * `lookupSecret` throws is passed on.
 */
export async function findSecret(
  settings: VerifySettings,
  accessKeyId: string,
  securityToken: string | undefined,
  format: "JSON" | "XML",
): Promise<string | Refusal> {
  const secret = await settings.lookupSecret(accessKeyId, securityToken);
  if (typeof secret !== "string" || secret === "") {
    return refuse(
      "InvalidAccessKeyId.NotFound",
      404,
      "Specified access key is not found.",
      format,
    );
  }
  return secret;
}

/** The API parameters of an accepted request: every one but those `leftOut`. */
export function apiParams(
  params: ReadonlyMap<string, string>,
  leftOut: ReadonlySet<string>,
): Record<string, string> {
  const api: Record<string, string> = {};
  for (const [name, value] of params) {
    if (leftOut.has(name)) continue;
    // defineProperty: a parameter named "__proto__" is a parameter like any other.
    Object.defineProperty(api, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return api;
}

/**
 * Where the query string of a URL starts and ends, found without parsing it
 * (`end` excludes a fragment).
 */
function querySpan(url: string): { start: number; end: number } {
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
function countFields(text: string | Uint8Array, start = 0, end = text.length): number {
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
async function readBoundedBody(
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
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}

/**
 * Reads a `Content-Type` into its essence (lower case, no parameters) and its
 * `charset` parameter (lower case, unquoted), per the Fetch standard's rules
 * for media types, loosely: HTTP white space around `;` and `=` is skipped.
 */
function parseContentType(value: string | null): { essence: string; charset?: string } {
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
function quotePrefix(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

/**
 * Reads the verifier's clock once.
 *
 * @throws {AcsTypeError} `invalid-option` (`now`) when it returns anything but
 * a valid `Date`: a NaN clock would pass every window check.
 */
function readClock(now: () => Date): number {
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
function withinWindow(timestampMs: number, nowMs: number, windowMs: number): boolean {
  return Math.abs(nowMs - timestampMs) <= windowMs;
}

/**
 * Accepts a request whose signature matched, once: records its nonce in the
 * store, kept past the last instant the timestamp can be accepted
 * (`timestamp + window`, inclusive) by {@linkcode NONCE_RETENTION_MARGIN_MS},
 * and answers `{ ok: true, accepted }`, or the refusal (`SignatureNonceUsed`,
 * `Throttling.User` at the key's quota, `ServiceUnavailable` for a full or
 * failing store — never accepted unchecked).
 */
export async function acceptOnce(
  settings: VerifySettings,
  accepted: AcceptedRequest,
  nowMs: number,
): Promise<VerifyResult> {
  let result: unknown;
  try {
    result = await settings.nonceStore.add({
      accessKeyId: accepted.accessKeyId,
      nonce: accepted.nonce,
      expiresAt: new Date(
        accepted.timestamp.getTime() + settings.windowMs + NONCE_RETENTION_MARGIN_MS,
      ),
      now: new Date(nowMs),
    });
  } catch {
    result = "unavailable";
  }
  const { format } = accepted;
  switch (result) {
    case "recorded":
      return { ok: true, accepted };
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
function parseTimestamp(text: string): Date | undefined {
  // Only text that formatTimestamp writes back unchanged: that refuses other
  // ISO 8601 forms, milliseconds, and dates that Date() rolls over (02-30).
  const date = new Date(text);
  try {
    return formatTimestamp(date) === text ? date : undefined;
  } catch {
    return undefined; // an invalid date, or a year outside 0001–9999
  }
}
