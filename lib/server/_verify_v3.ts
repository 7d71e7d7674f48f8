// Internal: verifying a request signed with V3 (ACS3-HMAC-SHA256), the way
// verifyRequest verifies an RPC one: same codes, same timestamp window, same
// nonce store. verifyRequest dispatches here when the Authorization header
// names ACS3-HMAC-SHA256. mod.ts never re-exports this file.

import { AcsTypeError } from "../errors/mod.ts";
import {
  ACS3_HMAC_SHA256,
  buildCanonicalQuery,
  buildCanonicalRequest,
  buildStringToSignV3,
  canonicalizeHeaders,
  hashPayload,
  signV3,
} from "../v3/mod.ts";
import {
  countFields,
  parseContentType,
  parseTimestamp,
  querySpan,
  quotePrefix,
  readBoundedBody,
  readClock,
  recordNonce,
  refuse,
  type RequestSnapshot,
  timingSafeEqual,
  type VerifySettings,
  withinWindow,
} from "./_verify_steps.ts";
import type { VerifyResult } from "./verify_request.ts";

/** Whether a request is signed with V3: its Authorization header names ACS3-HMAC-SHA256. */
export function isV3Request(request: RequestSnapshot): boolean {
  return request.header("authorization")?.startsWith(ACS3_HMAC_SHA256) ?? false;
}

const AUTHORIZATION =
  /^ACS3-HMAC-SHA256 Credential=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/;
/** Headers a V3 request always carries, and signs. */
const REQUIRED = [
  "x-acs-action",
  "x-acs-version",
  "x-acs-date",
  "x-acs-signature-nonce",
  "x-acs-content-sha256",
] as const;
const FORM = "application/x-www-form-urlencoded";
const utf8 = new TextDecoder();

/** V3 has no Format: the answer is XML only when the client accepts XML and not JSON. */
function formatOf(request: RequestSnapshot): "JSON" | "XML" {
  const accept = request.header("accept")?.toLowerCase() ?? "";
  return accept.includes("xml") && !accept.includes("json") ? "XML" : "JSON";
}

/**
 * Verifies a V3 request, in the order verifyRequest checks an RPC one: the
 * method; the Authorization header's form; every required x-acs-* header
 * present and signed (with host, content-type and every other x-acs-* header
 * the request carries); no parameter twice; x-acs-date well formed and in
 * the window; the access key known; the signature, recomputed from the
 * request as received (the body's own SHA-256 ends the canonical request, so
 * a changed body fails here) and compared in constant time; and last the
 * nonce.
 */
export async function verifyV3(
  request: RequestSnapshot,
  settings: VerifySettings,
): Promise<VerifyResult> {
  const format = formatOf(request);
  const { method } = request;
  if (method !== "GET" && method !== "POST") {
    await request.body?.cancel().catch(() => {});
    return refuse(
      "UnsupportedHTTPMethod",
      405,
      `The specified HTTP method ${quotePrefix(method)} is not supported.`,
      format,
    );
  }
  // Bound the cost before decoding anything, as for an RPC request.
  const { start, end } = querySpan(request.url);
  if (end - start > settings.maxQueryBytes) {
    await request.body?.cancel().catch(() => {});
    return refuse(
      "RequestURITooLong",
      414,
      `The query string is longer than ${settings.maxQueryBytes} bytes.`,
      format,
    );
  }
  // The body is signed (its SHA-256 ends the canonical request), whatever its
  // type; a GET has none.
  const bytes = await readBoundedBody(
    request.body,
    method === "POST" ? settings.maxBodyBytes : 0,
    request.header("content-length"),
  );
  if (bytes === undefined) {
    return method === "GET"
      ? refuse("UnsupportedMediaType", 415, "A GET request must not have a body.", format)
      : refuse(
        "RequestEntityTooLarge",
        413,
        `The request body is larger than ${settings.maxBodyBytes} bytes.`,
        format,
      );
  }
  const contentType = parseContentType(request.header("content-type"));
  const isForm = contentType.essence === FORM &&
    (contentType.charset === undefined || contentType.charset === "utf-8");
  if (
    countFields(request.url, start, end) + (isForm ? countFields(bytes) : 0) >
      settings.maxParameters
  ) {
    return refuse(
      "TooManyParameters",
      400,
      `The request has more than ${settings.maxParameters} parameters.`,
      format,
    );
  }
  const incomplete = (): VerifyResult =>
    refuse(
      "IncompleteSignature",
      400,
      "The request signature does not conform to Aliyun standards.",
      format,
    );
  const authorization = AUTHORIZATION.exec(request.header("authorization") ?? "");
  if (authorization === null) return incomplete();
  const [, accessKeyId, signedList, signature] = authorization as unknown as [
    string,
    string,
    string,
    string,
  ];

  for (const name of REQUIRED) {
    if (request.header(name) === null) {
      return refuse(
        "MissingParameter",
        400,
        `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
        format,
      );
    }
  }
  const signedNames = signedList.split(";");
  const signedSet = new Set(signedNames);
  if (signedSet.size !== signedNames.length || !signedSet.has("host")) return incomplete();
  for (const name of request.headerNames()) {
    if ((name.startsWith("x-acs-") || name === "content-type") && !signedSet.has(name)) {
      return incomplete();
    }
  }
  let url: URL;
  try {
    url = new URL(request.url);
  } catch (error) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot verify request: "request.url" is not an absolute URL`,
      { parameter: "request.url", cause: error },
    );
  }
  const received: [string, string][] = [];
  for (const name of signedNames) {
    const value = name === "host" ? request.header("host") ?? url.host : request.header(name);
    if (value === null) return incomplete();
    received.push([name, value]);
  }

  const query: [string, string][] = [...url.searchParams];
  const body = bytes.byteLength === 0 ? null : bytes;
  const pairs = [...query];
  if (body !== null && isForm) {
    for (const pair of new URLSearchParams(utf8.decode(body))) pairs.push(pair);
  }
  const params = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (name === "") {
      return refuse("InvalidParameter", 400, "A parameter has an empty name.", format);
    }
    if (params.has(name)) {
      return refuse(
        "InvalidParameter",
        400,
        `The parameter ${quotePrefix(name)} is given more than once.`,
        format,
      );
    }
    params.set(name, value);
  }

  const header = (name: typeof REQUIRED[number]): string => request.header(name)!;
  const timestamp = parseTimestamp(header("x-acs-date"));
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

  const securityToken = request.header("x-acs-security-token") ?? undefined;
  const secret = await settings.lookupSecret(accessKeyId, securityToken);
  if (typeof secret !== "string" || secret === "") {
    return refuse(
      "InvalidAccessKeyId.NotFound",
      404,
      "Specified access key is not found.",
      format,
    );
  }

  let canonicalRequest: string;
  let stringToSign: string;
  try {
    const { canonicalHeaders, signedHeaders } = canonicalizeHeaders(received);
    canonicalRequest = buildCanonicalRequest({
      method,
      canonicalQuery: buildCanonicalQuery(query),
      canonicalHeaders,
      signedHeaders,
      hashedPayload: hashPayload(body),
    });
    stringToSign = buildStringToSignV3(canonicalRequest);
  } catch {
    // A signed header this signer cannot canonicalize (a non-ASCII value).
    return incomplete();
  }
  if (!timingSafeEqual(signV3(stringToSign, secret), signature)) {
    return refuse(
      "SignatureDoesNotMatch",
      400,
      `Specified signature does not match our calculation. server StringToSign is [${stringToSign}] server CanonicalRequest is [${canonicalRequest}]`,
      format,
    );
  }

  const nonce = header("x-acs-signature-nonce");
  const refusal = await recordNonce(
    settings.nonceStore,
    accessKeyId,
    nonce,
    timestamp.getTime(),
    nowMs,
    settings.windowMs,
    format,
  );
  if (refusal !== undefined) return refusal;

  const apiParams: Record<string, string> = {};
  for (const [name, value] of params) {
    if (name === "ResourceOwnerAccount") continue;
    Object.defineProperty(apiParams, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return {
    ok: true,
    accepted: {
      method,
      accessKeyId,
      securityToken,
      resourceOwnerAccount: params.get("ResourceOwnerAccount"),
      action: header("x-acs-action"),
      version: header("x-acs-version"),
      format,
      nonce,
      timestamp,
      params: apiParams,
    },
  };
}
