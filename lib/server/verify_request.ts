/**
 * Server-side verification of a signed RPC request, as the ECS endpoint does
 * it.
 *
 * @module
 */

import { COMMON_PARAMETERS } from "../_internal/common_params.ts";
import { buildStringToSign, canonicalize, sign } from "../signature/mod.ts";
import type { NonceStore } from "./nonce_store.ts";
import { isV3Request, verifyV3 } from "./_verify_v3.ts";
import {
  acceptOnce,
  apiParams,
  checkTimestamp,
  collectParams,
  decodeForm,
  findSecret,
  incompleteSignature,
  isRefusal,
  isUtf8Form,
  missingParameter,
  parseRequestUrl,
  readBody,
  refuse,
  refuseBeforeBody,
  refuseTooManyParameters,
  snapshotOptions,
  snapshotRequest,
  timingSafeEqual,
} from "./_verify_steps.ts";

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
  /**
   * How far `Timestamp` may be from the verifier's clock, both ends
   * inclusive. Default 900 (±15 minutes), at most 86 400. The nonce store is
   * asked to keep each nonce a minute past the last instant its timestamp can
   * be accepted.
   */
  readonly windowSeconds?: number | undefined;
  /**
   * The longest query string, in bytes, checked before it is decoded
   * (`RequestURITooLong`, HTTP 414). Default 32 768.
   */
  readonly maxQueryBytes?: number | undefined;
  /**
   * The largest form body, in bytes, checked while reading and before
   * decoding (`RequestEntityTooLarge`, HTTP 413): a declared
   * `Content-Length` over it is refused without reading. Default 131 072
   * (128 KiB: RunInstances' `UserData`, 32 KiB before encoding, fits twice).
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * The most parameters of query and body together, counted before decoding
   * (`TooManyParameters`, HTTP 400). Default 1 000.
   */
  readonly maxParameters?: number | undefined;
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
 * The codes {@linkcode verifyRequest} refuses a request with. Alibaba Cloud's
 * own for the checks it shares with the ECS endpoint, with their HTTP status:
 *
 * | code | status | when |
 * | --- | --- | --- |
 * | `MissingParameter` | 400 | a common parameter is absent |
 * | `IncompleteSignature` | 400 | another `SignatureMethod` or `SignatureVersion` |
 * | `InvalidTimeStamp.Format` | 400 | `Timestamp` is not `YYYY-MM-DDThh:mm:ssZ` |
 * | `InvalidTimeStamp.Expired` | 400 | `Timestamp` is outside the window |
 * | `InvalidAccessKeyId.NotFound` | 404 | `lookupSecret` does not know the key |
 * | `SignatureDoesNotMatch` | 400 | the signature is wrong |
 * | `SignatureNonceUsed` | 400 | a replay: the nonce is recorded for this key |
 * | `Throttling.User` | 400 | the key holds its quota of nonces in the store (retryable) |
 * | `ServiceUnavailable` | 503 | the store is full or failing (retryable) |
 *
 * and acs-rpc's own, for what Alibaba Cloud documents no code for:
 *
 * | code | status | when |
 * | --- | --- | --- |
 * | `UnsupportedHTTPMethod` | 405 | neither GET nor POST |
 * | `RequestURITooLong` | 414 | a query string over `maxQueryBytes` |
 * | `RequestEntityTooLarge` | 413 | a body over `maxBodyBytes` |
 * | `UnsupportedMediaType` | 415 | a body that is not a UTF-8 form on a POST, or any body on a GET |
 * | `TooManyParameters` | 400 | more than `maxParameters` parameters |
 * | `InvalidParameter` | 400 | a parameter given twice or with an empty name, or an unknown `Format` |
 *
 * `call()` retries `Throttling.User` and `ServiceUnavailable` with backoff,
 * each time with a new nonce.
 */
export type VerifyErrorCode =
  | "MissingParameter"
  | "IncompleteSignature"
  | "SignatureDoesNotMatch"
  | "InvalidTimeStamp.Format"
  | "InvalidTimeStamp.Expired"
  | "SignatureNonceUsed"
  | "InvalidAccessKeyId.NotFound"
  | "Throttling.User"
  | "ServiceUnavailable"
  | "InvalidParameter"
  | "UnsupportedHTTPMethod"
  | "RequestURITooLong"
  | "RequestEntityTooLarge"
  | "UnsupportedMediaType"
  | "TooManyParameters";

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

/**
 * Verifies a signed RPC request the way the ECS endpoint does, in this order:
 * the method (`GET`, or `POST` with an optional form body, whose parameters
 * join the query's); the size of the query, of the body and the number of
 * parameters, bounded before anything is decoded; every common parameter
 * present; `SignatureMethod=HMAC-SHA1` and `SignatureVersion=1.0`;
 * `Timestamp` in `YYYY-MM-DDThh:mm:ssZ` and within `windowSeconds` of the
 * verifier's clock (both ends inclusive); the access key known to
 * `lookupSecret`; the signature, recomputed with this library's own pipeline
 * and compared in constant time; and last the `SignatureNonce`, recorded only
 * once the signature holds (so a forged request cannot burn a nonce) and
 * refused when seen before. The nonce store keeps each nonce at least until
 * its timestamp can no longer be accepted, with a minute's margin.
 *
 * A request whose `Authorization` header names `ACS3-HMAC-SHA256` is verified
 * as signature V3 instead, with the same codes, window, nonce store and
 * bounds: its `x-acs-*` headers, the SHA-256 of its body (of any type), and a
 * `SignatureDoesNotMatch` message that quotes the server's string to sign and
 * canonical request.
 *
 * A POST body is read only when its `Content-Type` is
 * `application/x-www-form-urlencoded` (any case, with parameters, a `charset`
 * only `UTF-8`); any other non-empty body is refused with
 * `UnsupportedMediaType`, never ignored. Parameters are decoded as an HTML
 * form is (`URLSearchParams`), so a `+` arrives as a space: a client that
 * wrote a space as `+` and signed the `+` gets `SignatureDoesNotMatch`, as it
 * does from Alibaba Cloud. The messages of Alibaba Cloud's codes are its own,
 * word for word (hence their final periods). {@linkcode VerifyErrorCode}
 * lists every code.
 *
 * @param request The HTTP request: a `Request`, or an object with its shape
 * (string `url` and `method`, `headers` with `get`, `body` null or a stream).
 * @param options How to find secrets, the clock, the nonce store, the window
 * and the size bounds.
 * @returns `{ ok: true, accepted }`, or `{ ok: false, error }` with
 * the code, HTTP status and message.
 * @throws {AcsTypeError} `invalid-option` naming the parameter: `request`
 * (or `request.url`, `request.body`, …) for anything that is not shaped like
 * a `Request` or whose body stream fails; `lookupSecret`, `now` or
 * `nonceStore` of the wrong type; a `now` clock that returns an invalid date;
 * an unknown option (a misspelt `maxBodyByte` would leave the default bound
 * in force), or options that cannot be read (`options`).
 * @throws {AcsRangeError} `invalid-option` for a `windowSeconds`,
 * `maxQueryBytes`, `maxBodyBytes` or `maxParameters` out of range. Whatever
 * `lookupSecret` throws is passed on.
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
  const snapshot = snapshotRequest(request);
  const settings = snapshotOptions(options);
  if (isV3Request(snapshot)) return verifyV3(snapshot, settings);
  let format: "JSON" | "XML" = "XML";
  // Bound the cost before decoding anything: lengths first, then a count of
  // the separators, then the decoders.
  const early = refuseBeforeBody(snapshot, settings, format);
  if (early !== undefined) return early;
  const method = snapshot.method as "GET" | "POST";
  const isForm = method === "POST" && isUtf8Form(snapshot.header("content-type"));
  const body = await readBody(snapshot, settings, isForm, format);
  if (isRefusal(body)) return body;
  const tooMany = refuseTooManyParameters(snapshot.url, body, settings, format);
  if (tooMany !== undefined) return tooMany;

  const url = parseRequestUrl(snapshot.url);
  const pairs: [string, string][] = [...url.searchParams];
  if (body.byteLength > 0) {
    for (const pair of decodeForm(body)) pairs.push(pair);
  }

  const collected = collectParams(pairs);
  const { params } = collected;
  let { problem } = collected;
  const requestedFormat = params.get("Format")?.toUpperCase();
  if (requestedFormat === "JSON" || requestedFormat === "XML") {
    format = requestedFormat;
  } else if (requestedFormat !== undefined) {
    problem ??= 'The specified parameter "Format" is not valid.';
  }
  if (problem !== undefined) {
    return refuse("InvalidParameter", 400, problem, format);
  }

  for (const name of REQUIRED) {
    if (!params.has(name)) return missingParameter(name, format);
  }
  const get = (name: typeof REQUIRED[number]): string => params.get(name)!;
  if (
    get("SignatureMethod") !== "HMAC-SHA1" ||
    get("SignatureVersion") !== "1.0"
  ) {
    return incompleteSignature(format);
  }

  const time = checkTimestamp(get("Timestamp"), settings, format);
  if (isRefusal(time)) return time;
  const { timestamp, nowMs } = time;

  const accessKeyId = get("AccessKeyId");
  const securityToken = params.get("SecurityToken");
  const secret = await findSecret(settings, accessKeyId, securityToken, format);
  if (isRefusal(secret)) return secret;

  const signed = pairs.filter(([name]) => name !== "Signature");
  const stringToSign = buildStringToSign(method, canonicalize(signed));
  if (!timingSafeEqual(sign(stringToSign, secret), get("Signature"))) {
    return refuse(
      "SignatureDoesNotMatch",
      400,
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
      format,
    );
  }

  return acceptOnce(settings, {
    method,
    accessKeyId,
    securityToken,
    resourceOwnerAccount: params.get("ResourceOwnerAccount"),
    action: get("Action"),
    version: get("Version"),
    format,
    nonce: get("SignatureNonce"),
    timestamp,
    params: apiParams(params, COMMON),
  }, nowMs);
}
