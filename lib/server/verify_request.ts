/**
 * Server-side verification of a signed RPC request, as the ECS endpoint does
 * it.
 *
 * @module
 */

import { COMMON_PARAMETERS } from "../_internal/common_params.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { buildStringToSign, canonicalize, formatTimestamp, sign } from "../signature/mod.ts";
import { MemoryNonceStore, type NonceStore } from "./nonce_store.ts";
import { isV3Request, verifyV3 } from "./_verify_v3.ts";

/** What {@linkcode verifyRequest} needs besides the request. */
export interface VerifyRequestOptions {
  /**
   * Returns the access key secret of an access key id, or `undefined` when
   * the key is unknown (the request is refused with
   * `InvalidAccessKeyId.NotFound`). It receives the `SecurityToken` of a
   * request made with temporary credentials, to check it belongs to the key.
   */
  readonly lookupSecret: (
    accessKeyId: string,
    securityToken: string | undefined,
  ) => string | undefined | Promise<string | undefined>;
  /** The verifier's clock. Default `() => new Date()`. */
  readonly now?: (() => Date) | undefined;
  /**
   * Where accepted nonces are remembered. Default: one
   * {@linkcode MemoryNonceStore} shared by every call that passes no store.
   */
  readonly nonceStore?: NonceStore | undefined;
  /** How far `Timestamp` may be from the verifier's clock. Default 900 (±15 minutes). */
  readonly windowSeconds?: number | undefined;
  /** The largest form body read, in bytes. Default 1 MiB. */
  readonly maxBodyBytes?: number | undefined;
}

/** A request that passed every check. */
export interface AcceptedRequest {
  /** `GET` or `POST`. */
  readonly method: "GET" | "POST";
  /** The `AccessKeyId` that signed it. */
  readonly accessKeyId: string;
  /** The `SecurityToken`, for temporary credentials. */
  readonly securityToken: string | undefined;
  /** The `ResourceOwnerAccount`, when the caller acts for another account. */
  readonly resourceOwnerAccount: string | undefined;
  /** The `Action`. */
  readonly action: string;
  /** The `Version`. */
  readonly version: string;
  /** The `Format`, in upper case; `XML` when absent, as Alibaba Cloud defaults. */
  readonly format: "JSON" | "XML";
  /** The `SignatureNonce`. */
  readonly nonce: string;
  /** The `Timestamp`. */
  readonly timestamp: Date;
  /** The API parameters: every parameter but the common ones. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The codes {@linkcode verifyRequest} refuses a request with: Alibaba Cloud's
 * own for the checks it shares with the ECS endpoint, and
 * `InvalidParameter` (a parameter given twice or with an empty name, or an
 * unknown `Format`), `UnsupportedHTTPMethod` (neither GET nor POST),
 * `RequestEntityTooLarge` (a body over `maxBodyBytes`) and
 * `ServiceUnavailable` (the nonce store could not record the nonce).
 */
export type VerifyErrorCode =
  | "MissingParameter"
  | "IncompleteSignature"
  | "SignatureDoesNotMatch"
  | "InvalidTimeStamp.Format"
  | "InvalidTimeStamp.Expired"
  | "SignatureNonceUsed"
  | "InvalidAccessKeyId.NotFound"
  | "InvalidParameter"
  | "UnsupportedHTTPMethod"
  | "RequestEntityTooLarge"
  | "ServiceUnavailable";

/** Why a request was refused, as the ECS endpoint would say it. */
export interface VerifyFailure {
  /** Alibaba Cloud's error code. */
  readonly code: VerifyErrorCode;
  /** The HTTP status to answer with. */
  readonly status: number;
  /**
   * Alibaba Cloud's message. For `SignatureDoesNotMatch` it ends with the
   * server's string to sign, as the real endpoint's does, so a client can
   * find what it signed differently.
   */
  readonly message: string;
  /** The requested `Format` (`XML` when absent or unknown), to answer in. */
  readonly format: "JSON" | "XML";
}

/** The answer of {@linkcode verifyRequest}. */
export type VerifyResult =
  | { readonly ok: true; readonly accepted: AcceptedRequest }
  | { readonly ok: false; readonly error: VerifyFailure };

const COMMON: ReadonlySet<string> = new Set(COMMON_PARAMETERS);
const REQUIRED = [
  "AccessKeyId",
  "Action",
  "Version",
  "Signature",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "Timestamp",
] as const;
const DEFAULT_WINDOW_SECONDS = 900;
/** A day: a wider window would keep nonces longer than any real clock skew needs. */
const MAX_WINDOW_SECONDS = 86_400;
const DEFAULT_MAX_BODY_BYTES = 1 << 20;
const FORM = "application/x-www-form-urlencoded";

const sharedStore = new MemoryNonceStore();
const utf8 = new TextDecoder();

function failure(
  code: VerifyErrorCode,
  status: number,
  message: string,
  format: "JSON" | "XML",
): VerifyResult {
  return { ok: false, error: { code, status, message, format } };
}

/**
 * Compares two strings in time that depends only on their lengths, so that
 * the time to refuse a forged signature says nothing about how much of it was
 * right.
 */
function timingSafeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    // Past the end charCodeAt is NaN, and NaN | 0 is 0.
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return difference === 0;
}

/** Parses `YYYY-MM-DDThh:mm:ssZ` strictly: no other form, no day 31 of April. */
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

/** Reads at most `limit` bytes of the body; `undefined` when it is longer. */
async function readBody(
  request: Request,
  limit: number,
): Promise<string | undefined> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return undefined;
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return utf8.decode(bytes);
}

function checkOptions(options: VerifyRequestOptions): {
  windowMs: number;
  maxBodyBytes: number;
} {
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError(
      "invalid-option",
      "Cannot verify request: expected an options object",
      { parameter: "options" },
    );
  }
  if (typeof options.lookupSecret !== "function") {
    throw new AcsTypeError(
      "invalid-option",
      'Cannot verify request: the "lookupSecret" option must be a function',
      { parameter: "lookupSecret" },
    );
  }
  const windowSeconds = options.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  if (
    typeof windowSeconds !== "number" || !Number.isFinite(windowSeconds) ||
    windowSeconds <= 0 || windowSeconds > MAX_WINDOW_SECONDS
  ) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot verify request: "windowSeconds" must be a positive number of at most ${MAX_WINDOW_SECONDS}, got ${
        String(windowSeconds)
      }`,
      { parameter: "windowSeconds" },
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot verify request: "maxBodyBytes" must be a non-negative integer, got ${
        String(maxBodyBytes)
      }`,
      { parameter: "maxBodyBytes" },
    );
  }
  return { windowMs: windowSeconds * 1000, maxBodyBytes };
}

/**
 * Verifies a signed RPC request the way the ECS endpoint does, in this order:
 * the method (`GET`, or `POST` with a form body, whose parameters join the
 * query's); every common parameter present; `SignatureMethod=HMAC-SHA1` and
 * `SignatureVersion=1.0`; `Timestamp` in `YYYY-MM-DDThh:mm:ssZ` and within
 * `windowSeconds` of the verifier's clock; the access key known to
 * `lookupSecret`; the signature, recomputed with this library's own pipeline
 * and compared in constant time; and last the `SignatureNonce`, recorded only
 * once the signature holds (so a forged request cannot burn a nonce) and
 * refused when seen before.
 *
 * A request whose `Authorization` header names `ACS3-HMAC-SHA256` is verified
 * as signature V3 instead, with the same codes, window and nonce store: its
 * `x-acs-*` headers, the SHA-256 of its body, and a `SignatureDoesNotMatch`
 * message that quotes the server's string to sign and canonical request.
 *
 * Parameters are decoded as an HTML form is (`URLSearchParams`), so a `+`
 * arrives as a space: a client that wrote a space as `+` and signed the `+`
 * gets `SignatureDoesNotMatch`, as it does from Alibaba Cloud. The messages
 * are Alibaba Cloud's own, word for word (hence their final periods).
 *
 * @param request The HTTP request.
 * @param options How to find secrets, the clock, the nonce store and the window.
 * @returns `{ ok: true, accepted }`, or `{ ok: false, error }` with
 * Alibaba Cloud's code, HTTP status and message.
 * @throws {AcsTypeError} `invalid-option` when `lookupSecret` is not a function,
 * or when the `now` clock returns an invalid date.
 * @throws {AcsRangeError} `invalid-option` for a `windowSeconds` or
 * `maxBodyBytes` out of range. Whatever `lookupSecret` throws is passed on.
 *
 * @example Accepting a request signed by signRequest, then refusing its replay
 * ```ts
 * import { signRequest, verifyRequest } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const now = () => new Date("2016-02-23T12:50:00Z");
 * const signed = signRequest({
 *   action: "DescribeRegions",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *   timestamp: new Date("2016-02-23T12:46:24Z"),
 *   nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
 *   params: { AcceptLanguage: "en-US" },
 * });
 * const options = {
 *   lookupSecret: (id: string) => (id === "testid" ? "testsecret" : undefined),
 *   now,
 * };
 * const result = await verifyRequest(new Request(signed.url), options);
 * assert.ok(result.ok);
 * assert.equal(result.accepted.action, "DescribeRegions");
 * assert.deepEqual(result.accepted.params, { AcceptLanguage: "en-US" });
 *
 * const replay = await verifyRequest(new Request(signed.url), options);
 * assert.ok(!replay.ok);
 * assert.equal(replay.error.code, "SignatureNonceUsed");
 * assert.equal(replay.error.status, 400);
 * ```
 */
export async function verifyRequest(
  request: Request,
  options: VerifyRequestOptions,
): Promise<VerifyResult> {
  const { windowMs, maxBodyBytes } = checkOptions(options);
  if (isV3Request(request)) {
    const nonceStore = options.nonceStore ?? sharedStore;
    return verifyV3(request, options, { windowMs, maxBodyBytes, nonceStore });
  }
  const url = new URL(request.url);
  const pairs: [string, string][] = [...url.searchParams];
  let format: "JSON" | "XML" = "XML";
  const method = request.method.toUpperCase();
  if (method !== "GET" && method !== "POST") {
    return failure(
      "UnsupportedHTTPMethod",
      405,
      `The specified HTTP method "${request.method}" is not supported.`,
      format,
    );
  }
  const contentType = request.headers.get("content-type") ?? "";
  if (method === "POST" && contentType.split(";")[0]!.trim() === FORM) {
    const body = await readBody(request, maxBodyBytes);
    if (body === undefined) {
      return failure(
        "RequestEntityTooLarge",
        413,
        `The request body is larger than ${maxBodyBytes} bytes.`,
        format,
      );
    }
    for (const pair of new URLSearchParams(body)) pairs.push(pair);
  }

  const params = new Map<string, string>();
  let problem: string | undefined;
  for (const [name, value] of pairs) {
    if (name === "") problem ??= "A parameter has an empty name.";
    else if (params.has(name)) {
      problem ??= `The parameter "${name}" is given more than once.`;
    } else params.set(name, value);
  }
  const requestedFormat = params.get("Format")?.toUpperCase();
  if (requestedFormat === "JSON" || requestedFormat === "XML") {
    format = requestedFormat;
  } else if (requestedFormat !== undefined) {
    problem ??= 'The specified parameter "Format" is not valid.';
  }
  if (problem !== undefined) {
    return failure("InvalidParameter", 400, problem, format);
  }

  for (const name of REQUIRED) {
    if (!params.has(name)) {
      return failure(
        "MissingParameter",
        400,
        `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
        format,
      );
    }
  }
  const get = (name: typeof REQUIRED[number]): string => params.get(name)!;
  if (
    get("SignatureMethod") !== "HMAC-SHA1" ||
    get("SignatureVersion") !== "1.0"
  ) {
    return failure(
      "IncompleteSignature",
      400,
      "The request signature does not conform to Aliyun standards.",
      format,
    );
  }

  const timestamp = parseTimestamp(get("Timestamp"));
  if (timestamp === undefined) {
    return failure(
      "InvalidTimeStamp.Format",
      400,
      "Specified time stamp or date value is not well formatted.",
      format,
    );
  }
  const now = (options.now ?? (() => new Date()))();
  if (!(now instanceof Date) || !Number.isFinite(now.getTime())) {
    // A NaN clock would pass every window check below.
    throw new AcsTypeError(
      "invalid-option",
      'Cannot verify request: the "now" clock must return a valid Date',
      { parameter: "now" },
    );
  }
  if (!(Math.abs(now.getTime() - timestamp.getTime()) <= windowMs)) {
    return failure(
      "InvalidTimeStamp.Expired",
      400,
      "Specified time stamp or date value is expired.",
      format,
    );
  }

  const accessKeyId = get("AccessKeyId");
  const securityToken = params.get("SecurityToken");
  const secret = await options.lookupSecret(accessKeyId, securityToken);
  if (typeof secret !== "string" || secret === "") {
    return failure(
      "InvalidAccessKeyId.NotFound",
      404,
      "Specified access key is not found.",
      format,
    );
  }

  const signed = pairs.filter(([name]) => name !== "Signature");
  const stringToSign = buildStringToSign(method, canonicalize(signed));
  if (!timingSafeEqual(sign(stringToSign, secret), get("Signature"))) {
    return failure(
      "SignatureDoesNotMatch",
      400,
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
      format,
    );
  }

  const nonce = get("SignatureNonce");
  let recorded: boolean;
  try {
    recorded = await (options.nonceStore ?? sharedStore).add(
      // JSON keeps the two parts apart whatever characters they hold.
      JSON.stringify([accessKeyId, nonce]),
      new Date(timestamp.getTime() + windowMs),
      now,
    );
  } catch {
    return failure(
      "ServiceUnavailable",
      503,
      "The request has failed due to a temporary failure of the server.",
      format,
    );
  }
  if (!recorded) {
    return failure(
      "SignatureNonceUsed",
      400,
      "Specified signature nonce was used already.",
      format,
    );
  }

  const apiParams: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!COMMON.has(name)) {
      Object.defineProperty(apiParams, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return {
    ok: true,
    accepted: {
      method,
      accessKeyId,
      securityToken,
      resourceOwnerAccount: params.get("ResourceOwnerAccount"),
      action: get("Action"),
      version: get("Version"),
      format,
      nonce,
      timestamp,
      params: apiParams,
    },
  };
}
