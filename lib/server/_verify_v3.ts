// Internal: verifying a request signed with V3 (ACS3-HMAC-SHA256), the way
// verifyRequest verifies an RPC one: same codes, same timestamp window, same
// nonce store. verifyRequest dispatches here when the Authorization header
// names ACS3-HMAC-SHA256. mod.ts never re-exports this file.

import { AcsTypeError } from "../errors/mod.ts";
import { formatTimestamp } from "../signature/mod.ts";
import {
  ACS3_HMAC_SHA256,
  buildCanonicalQuery,
  buildCanonicalRequest,
  buildStringToSignV3,
  canonicalizeHeaders,
  hashPayload,
  signV3,
} from "../v3/mod.ts";
import type { NonceStore } from "./nonce_store.ts";
import type {
  VerifyErrorCode,
  VerifyFailure,
  VerifyRequestOptions,
  VerifyResult,
} from "./verify_request.ts";

/** What verifyRequest has already worked out from its options. */
export interface V3Settings {
  readonly windowMs: number;
  readonly maxBodyBytes: number;
  readonly nonceStore: NonceStore;
}

/** Whether a request is signed with V3: its Authorization header names ACS3-HMAC-SHA256. */
export function isV3Request(request: Request): boolean {
  return request.headers.get("authorization")?.startsWith(ACS3_HMAC_SHA256) ?? false;
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

function failure(
  code: VerifyErrorCode,
  status: number,
  message: string,
  format: "JSON" | "XML",
): VerifyResult {
  const error: VerifyFailure = { code, status, message, format };
  return { ok: false, error };
}

/** Compares in time that depends only on the lengths (see verify_request.ts). */
function timingSafeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return difference === 0;
}

/** `YYYY-MM-DDThh:mm:ssZ` exactly, as formatTimestamp writes it. */
function parseDate(text: string): Date | undefined {
  const date = new Date(text);
  try {
    return formatTimestamp(date) === text ? date : undefined;
  } catch {
    return undefined;
  }
}

/** At most `limit` bytes of the body; `undefined` when it is longer. */
async function readBytes(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return undefined;
  if (request.body === null) return new Uint8Array(0);
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
  return bytes;
}

/** V3 has no Format: the answer is XML only when the client accepts XML and not JSON. */
function formatOf(request: Request): "JSON" | "XML" {
  const accept = request.headers.get("accept")?.toLowerCase() ?? "";
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
  request: Request,
  options: VerifyRequestOptions,
  settings: V3Settings,
): Promise<VerifyResult> {
  const format = formatOf(request);
  const method = request.method.toUpperCase();
  if (method !== "GET" && method !== "POST") {
    return failure(
      "UnsupportedHTTPMethod",
      405,
      `The specified HTTP method "${request.method}" is not supported.`,
      format,
    );
  }
  const incomplete = (): VerifyResult =>
    failure(
      "IncompleteSignature",
      400,
      "The request signature does not conform to Aliyun standards.",
      format,
    );
  const authorization = AUTHORIZATION.exec(request.headers.get("authorization") ?? "");
  if (authorization === null) return incomplete();
  const [, accessKeyId, signedList, signature] = authorization as unknown as [
    string,
    string,
    string,
    string,
  ];

  for (const name of REQUIRED) {
    if (!request.headers.has(name)) {
      return failure(
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
  for (const [name] of request.headers) {
    if ((name.startsWith("x-acs-") || name === "content-type") && !signedSet.has(name)) {
      return incomplete();
    }
  }
  const url = new URL(request.url);
  const received: [string, string][] = [];
  for (const name of signedNames) {
    const value = name === "host"
      ? request.headers.get("host") ?? url.host
      : request.headers.get(name);
    if (value === null) return incomplete();
    received.push([name, value]);
  }

  const query: [string, string][] = [...url.searchParams];
  let body: Uint8Array | null = null;
  const pairs = [...query];
  if (method === "POST") {
    const bytes = await readBytes(request, settings.maxBodyBytes);
    if (bytes === undefined) {
      return failure(
        "RequestEntityTooLarge",
        413,
        `The request body is larger than ${settings.maxBodyBytes} bytes.`,
        format,
      );
    }
    body = bytes.byteLength === 0 ? null : bytes;
    const contentType = request.headers.get("content-type") ?? "";
    if (body !== null && contentType.split(";")[0]!.trim().toLowerCase() === FORM) {
      for (const pair of new URLSearchParams(utf8.decode(body))) pairs.push(pair);
    }
  }
  const params = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (name === "") {
      return failure("InvalidParameter", 400, "A parameter has an empty name.", format);
    }
    if (params.has(name)) {
      return failure(
        "InvalidParameter",
        400,
        `The parameter "${name}" is given more than once.`,
        format,
      );
    }
    params.set(name, value);
  }

  const header = (name: typeof REQUIRED[number]): string => request.headers.get(name)!;
  const timestamp = parseDate(header("x-acs-date"));
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
    // The same refusal as verifyRequest's: a NaN clock would pass every window.
    throw new AcsTypeError(
      "invalid-option",
      'Cannot verify request: the "now" clock must return a valid Date',
      { parameter: "now" },
    );
  }
  if (!(Math.abs(now.getTime() - timestamp.getTime()) <= settings.windowMs)) {
    return failure(
      "InvalidTimeStamp.Expired",
      400,
      "Specified time stamp or date value is expired.",
      format,
    );
  }

  const securityToken = request.headers.get("x-acs-security-token") ?? undefined;
  const secret = await options.lookupSecret(accessKeyId, securityToken);
  if (typeof secret !== "string" || secret === "") {
    return failure(
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
    return failure(
      "SignatureDoesNotMatch",
      400,
      `Specified signature does not match our calculation. server StringToSign is [${stringToSign}] server CanonicalRequest is [${canonicalRequest}]`,
      format,
    );
  }

  const nonce = header("x-acs-signature-nonce");
  let recorded: boolean;
  try {
    recorded = await settings.nonceStore.add(
      JSON.stringify([accessKeyId, nonce]),
      new Date(timestamp.getTime() + settings.windowMs),
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
