// Internal: verifying a request signed with V3 (ACS3-HMAC-SHA256), the way
// verifyRequest verifies an RPC one: same codes, same timestamp window, same
// nonce store. verifyRequest dispatches here when the Authorization header
// names ACS3-HMAC-SHA256. mod.ts never re-exports this file.

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
  type RequestSnapshot,
  timingSafeEqual,
  type VerifySettings,
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
/** Not an API parameter: the parameter V3 keeps from the RPC signature's common ones. */
const NOT_API: ReadonlySet<string> = new Set(["ResourceOwnerAccount"]);

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
  // Bound the cost before decoding anything, as for an RPC request.
  const early = refuseBeforeBody(request, settings, format);
  if (early !== undefined) return early;
  const method = request.method as "GET" | "POST";
  // The body is signed (its SHA-256 ends the canonical request), whatever its
  // type; a GET has none.
  const bytes = await readBody(request, settings, method === "POST", format);
  if (isRefusal(bytes)) return bytes;
  const isForm = isUtf8Form(request.header("content-type"));
  const tooMany = refuseTooManyParameters(request.url, isForm ? bytes : null, settings, format);
  if (tooMany !== undefined) return tooMany;
  const authorization = AUTHORIZATION.exec(request.header("authorization") ?? "");
  if (authorization === null) return incompleteSignature(format);
  const [, accessKeyId, signedList, signature] = authorization as unknown as [
    string,
    string,
    string,
    string,
  ];

  for (const name of REQUIRED) {
    if (request.header(name) === null) return missingParameter(name, format);
  }
  const signedNames = signedList.split(";");
  const signedSet = new Set(signedNames);
  if (signedSet.size !== signedNames.length || !signedSet.has("host")) {
    return incompleteSignature(format);
  }
  for (const name of request.headerNames()) {
    if ((name.startsWith("x-acs-") || name === "content-type") && !signedSet.has(name)) {
      return incompleteSignature(format);
    }
  }
  const url = parseRequestUrl(request.url);
  const received: [string, string][] = [];
  for (const name of signedNames) {
    const value = name === "host" ? request.header("host") ?? url.host : request.header(name);
    if (value === null) return incompleteSignature(format);
    received.push([name, value]);
  }

  const query: [string, string][] = [...url.searchParams];
  const body = bytes.byteLength === 0 ? null : bytes;
  const pairs = [...query];
  if (body !== null && isForm) {
    for (const pair of decodeForm(body)) pairs.push(pair);
  }
  const { params, problem } = collectParams(pairs);
  if (problem !== undefined) return refuse("InvalidParameter", 400, problem, format);

  const header = (name: typeof REQUIRED[number]): string => request.header(name)!;
  const time = checkTimestamp(header("x-acs-date"), settings, format);
  if (isRefusal(time)) return time;
  const { timestamp, nowMs } = time;

  const securityToken = request.header("x-acs-security-token") ?? undefined;
  const secret = await findSecret(settings, accessKeyId, securityToken, format);
  if (isRefusal(secret)) return secret;

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
    return incompleteSignature(format);
  }
  if (!timingSafeEqual(signV3(stringToSign, secret), signature)) {
    return refuse(
      "SignatureDoesNotMatch",
      400,
      `Specified signature does not match our calculation. server StringToSign is [${stringToSign}] server CanonicalRequest is [${canonicalRequest}]`,
      format,
    );
  }

  return acceptOnce(settings, {
    method,
    accessKeyId,
    securityToken,
    resourceOwnerAccount: params.get("ResourceOwnerAccount"),
    action: header("x-acs-action"),
    version: header("x-acs-version"),
    format,
    nonce: header("x-acs-signature-nonce"),
    timestamp,
    params: apiParams(params, NOT_API),
  }, nowMs);
}
