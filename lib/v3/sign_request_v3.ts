/**
 * The whole V3 (`ACS3-HMAC-SHA256`) signing pipeline: from an action and its
 * parameters to the URL, headers and body to send.
 *
 * @module
 */

import { COMMON_PARAMETERS, type CommonParameter } from "../_internal/common_params.ts";
import {
  addRegionId,
  checkAction,
  checkSettings,
  invalidOption,
  oneOf,
  optionList,
  readCredentials,
  readOptions,
  SIGNER_OPTIONS,
  type SignerEntry,
} from "../_internal/request_options.ts";
import { isSensitiveName, jsonSecretPath } from "../_internal/sensitive.ts";
import { kindOf } from "../_internal/suggest.ts";
import { AcsTypeError } from "../errors/mod.ts";
import {
  type Credentials,
  type FlatParam,
  flattenParams,
  formatTimestamp,
  type HttpMethod,
  type Params,
} from "../signature/mod.ts";
import { canonicalHeadersOf, readHeaders } from "./_headers.ts";
import { buildAuthorization } from "./build_authorization.ts";
import { buildCanonicalQuery } from "./build_canonical_query.ts";
import { buildCanonicalRequest } from "./build_canonical_request.ts";
import { buildStringToSignV3 } from "./build_string_to_sign_v3.ts";
import type { HeadersInput } from "./canonicalize_headers.ts";
import { hashPayload } from "./hash_payload.ts";
import { signV3 } from "./sign_v3.ts";

/** What {@linkcode signRequestV3} needs to sign one request. */
export interface SignRequestV3Options {
  /** The API to call, such as `DescribeRegions`; sent as `x-acs-action`. */
  readonly action: string;
  /**
   * The API's own parameters, flattened as for the RPC signature
   * (`flattenParams`); they go in the query string, for `GET` and `POST`
   * alike.
   */
  readonly params?: Params | undefined;
  /** The access key to sign with; a security token is sent as `x-acs-security-token`. */
  readonly credentials: Credentials;
  /**
   * The region to call: `RegionId` is added to the parameters unless they
   * already carry the same value. The `signRequestV3` of `@acs/rpc` sends to
   * the region's endpoint from its table; this one needs `endpoint` too.
   */
  readonly regionId?: string | undefined;
  /** With `regionId`: the region's `public` (default) or `vpc` endpoint. */
  readonly network?: "public" | "vpc" | undefined;
  /**
   * Where to send: a host name with an optional port, or an `http://` or
   * `https://` URL of one. Default: the region's endpoint, or the central
   * `ecs.aliyuncs.com`. The signed `host` is the URL's host as `fetch` sends
   * it: lower case, without a default port.
   */
  readonly endpoint?: string | undefined;
  /** The API version, sent as `x-acs-version`. Default `2014-05-26`, the ECS API. */
  readonly version?: string | undefined;
  /** `GET` (default) or `POST`; the parameters stay in the query either way. */
  readonly method?: HttpMethod | undefined;
  /** `https` (default, or the scheme of an `endpoint` URL), or `http` when asked for. */
  readonly protocol?: "https" | "http" | undefined;
  /** The moment of signing, sent as `x-acs-date`. Default now. */
  readonly timestamp?: Date | undefined;
  /** The unique `x-acs-signature-nonce`. Default `crypto.randomUUID()`. */
  readonly nonce?: string | undefined;
  /** The `ResourceOwnerAccount` parameter, when acting for another account. */
  readonly resourceOwnerAccount?: string | undefined;
  /**
   * Extra request headers. `content-type` and every `x-acs-*` header are
   * signed; others (`accept`, `user-agent`) are sent unsigned. The headers
   * the signature sets itself (`host`, `authorization`, `x-acs-action`,
   * `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
   * `x-acs-content-sha256`, `x-acs-security-token`) are refused. Default
   * `accept: application/json`.
   */
  readonly headers?: HeadersInput | undefined;
  /**
   * A request body for `POST`: a form string (sent as
   * `application/x-www-form-urlencoded` unless `headers` sets a
   * `content-type`) or raw bytes (`application/octet-stream` by default). Its
   * SHA-256 is sent as `x-acs-content-sha256`. Default: no body.
   */
  readonly body?: string | Uint8Array | undefined;
}

/** The headers {@linkcode signRequestV3} returns: those it always sets, and any others. */
export interface SignedHeadersV3 {
  /** Every header to send, by lower-case name. */
  readonly [name: string]: string;
  /** `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`. */
  readonly authorization: string;
  /** The action. */
  readonly "x-acs-action": string;
  /** The API version. */
  readonly "x-acs-version": string;
  /** The moment of signing, `YYYY-MM-DDThh:mm:ssZ`. */
  readonly "x-acs-date": string;
  /** The nonce. */
  readonly "x-acs-signature-nonce": string;
  /** The lower-case hex SHA-256 of the body. */
  readonly "x-acs-content-sha256": string;
  /** `application/json` unless the caller set another. */
  readonly accept: string;
}

/** A request signed with V3, with the stages that produced it. */
export interface SignedRequestV3 {
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The URL: the endpoint and the API parameters in the query. */
  readonly url: string;
  /**
   * The headers to send, names in lower case: `authorization`, every
   * `x-acs-*`, `accept`, `content-type` with a body, and the caller's. Not
   * `host`, which `fetch` derives from the URL (it is signed all the same).
   */
  readonly headers: SignedHeadersV3;
  /** The body as given, or `null`. */
  readonly body: string | Uint8Array | null;
  /** The canonical request. */
  readonly canonicalRequest: string;
  /** The string to sign: the algorithm and the hashed canonical request. */
  readonly stringToSign: string;
  /** The signature, in lower-case hex. */
  readonly signature: string;
}

/** The signers' options, `format` refused (V3 has none), then V3's own. */
const OPTIONS = optionList<keyof SignRequestV3Options | "format">(
  [...SIGNER_OPTIONS, "headers", "body"],
  ["format"],
);
const ENTRY: SignerEntry = { subpath: "@acs/rpc/v3", name: "signRequestV3" };
const METHODS = ["GET", "POST"] as const;

/** Where to set each common RPC parameter instead of passing it among `params`. */
const INSTEAD: Readonly<Record<CommonParameter, string>> = {
  Action: 'the "action" option (sent as x-acs-action)',
  Format: 'nothing: V3 has no Format; the answer is JSON (header "accept: application/json")',
  Version: 'the "version" option (sent as x-acs-version)',
  AccessKeyId: 'the "credentials.accessKeyId" option (sent in the Authorization header)',
  SecurityToken: 'the "credentials.securityToken" option (sent as x-acs-security-token)',
  SignatureMethod: "nothing: V3 signs with ACS3-HMAC-SHA256",
  SignatureVersion: "nothing: V3 signs with ACS3-HMAC-SHA256",
  SignatureNonce: 'the "nonce" option (sent as x-acs-signature-nonce)',
  Timestamp: 'the "timestamp" option (sent as x-acs-date)',
  Signature: "nothing: acs-rpc computes it (sent in the Authorization header)",
  ResourceOwnerAccount: 'the "resourceOwnerAccount" option',
};
const RESERVED_PARAMS: ReadonlyMap<string, string> = new Map(
  COMMON_PARAMETERS.map((name) => [name.toLowerCase(), INSTEAD[name]]),
);

/** Headers the signature sets itself, and where the caller sets them instead. */
const RESERVED_HEADERS: ReadonlyMap<string, string> = new Map([
  ["host", 'the "endpoint" option'],
  ["authorization", "nothing: acs-rpc computes it"],
  ["x-acs-action", 'the "action" option'],
  ["x-acs-version", 'the "version" option'],
  ["x-acs-date", 'the "timestamp" option'],
  ["x-acs-signature-nonce", 'the "nonce" option'],
  ["x-acs-content-sha256", 'nothing: acs-rpc hashes the "body"'],
  ["x-acs-security-token", 'the "credentials.securityToken" option'],
]);

function checkParams(pairs: readonly FlatParam[], protocol: "https" | "http"): void {
  for (const [name] of pairs) {
    const instead = RESERVED_PARAMS.get(name.toLowerCase());
    if (instead !== undefined) {
      throw new AcsTypeError(
        "reserved-parameter",
        `Cannot sign request: "${name}" is a common parameter of the RPC signature; with V3 set it with ${instead}`,
        { parameter: name },
      );
    }
    if (protocol === "http" && isSensitiveName(name)) {
      throw new AcsTypeError(
        "insecure-protocol",
        `Cannot sign request: parameter "${name}" carries a secret and must not be sent over plain HTTP; use "https"`,
        { parameter: name },
      );
    }
  }
  if (protocol !== "http") return;
  for (const [name, value] of pairs) {
    const path = jsonSecretPath(name, value);
    if (path !== undefined) {
      throw new AcsTypeError(
        "insecure-protocol",
        `Cannot sign request: the JSON value of parameter "${name}" carries a secret (${
          JSON.stringify(path)
        }) and must not be sent over plain HTTP; use "https"`,
        { parameter: path },
      );
    }
  }
}

/**
 * A checked endpoint host (lower case, a port without leading zeros) as a URL
 * parser writes it: without the scheme's default port.
 */
function withoutDefaultPort(host: string, protocol: "https" | "http"): string {
  const port = protocol === "https" ? ":443" : ":80";
  return host.endsWith(port) ? host.slice(0, -port.length) : host;
}

function checkBody(body: unknown, method: HttpMethod): string | Uint8Array | null {
  if (body === undefined) return null;
  // isView first: it reads nothing, so a Proxy (even a revoked one) is refused, not read.
  if (typeof body !== "string" && !(ArrayBuffer.isView(body) && body instanceof Uint8Array)) {
    const kind = kindOf(body);
    throw invalidOption(
      "body",
      `"body" must be a string or a Uint8Array, got ${kind === "array" ? "an array" : kind}`,
    );
  }
  if (method === "GET") {
    throw invalidOption("body", 'a GET request has no body: use "method: "POST"" to send one');
  }
  return body;
}

/**
 * Signs one RPC API request with signature V3 (`ACS3-HMAC-SHA256`): the API
 * parameters go in the query string (for `GET` and `POST` alike), the action,
 * version, date, nonce and body hash in `x-acs-*` headers, and the signature
 * in the `Authorization` header. Each stage is a function of its own
 * ({@linkcode buildCanonicalQuery}, {@linkcode canonicalizeHeaders},
 * {@linkcode hashPayload}, {@linkcode buildCanonicalRequest},
 * {@linkcode buildStringToSignV3}, {@linkcode signV3},
 * {@linkcode buildAuthorization}); this runs them all. Synchronous and pure
 * given a timestamp and a nonce.
 *
 * This is the `signRequestV3` of `@acs/rpc/v3`, for an explicit `endpoint`
 * (or the central one): it leaves the endpoint table out of a bundle. The
 * `signRequestV3` of `@acs/rpc` also resolves `regionId`.
 *
 * Its options are read and checked as `signRequest` reads and checks them:
 * the options object's own keys once each, and so are the credentials'
 * fields, before anything is checked (what is checked is what is signed,
 * even from getters), and a key that is not an option (`regionID`) is
 * refused, naming the option meant.
 *
 * @param options The action, parameters, credentials and request settings,
 * as for `signRequest` (without `format`), plus `headers` and `body`.
 * @returns The method, URL, headers and body to send, and every stage.
 * @throws {AcsTypeError} The errors of `signRequest` for the same mistakes,
 * with the same messages for the options and credentials (`invalid-action`, `invalid-option` (among others,
 * an unknown option key, `regionId` without `endpoint`, options that cannot
 * be read), `invalid-credentials` (including credentials that cannot be read),
 * `region-mismatch`, `reserved-parameter`, `insecure-protocol`, and those of
 * `flattenParams` and {@linkcode buildCanonicalQuery}); and, new with V3,
 * `reserved-parameter` for a header the signature sets itself,
 * `invalid-header` for a header name or value a request cannot carry,
 * `duplicate-parameter` for a header given twice, `invalid-option` for a
 * `format` option (V3 has none) or a body on a `GET`, `invalid-unicode` for
 * a body with a lone surrogate, and `invalid-credentials` for an access key
 * id with white space or a comma.
 * @throws {AcsRangeError} `invalid-timestamp`, the range errors of
 * `flattenParams`, and `invalid-option` for an endpoint that is not a host
 * name or the URL of one.
 *
 * @example The documentation's worked example
 * ```ts
 * import { signRequestV3 } from "@acs/rpc/v3";
 * import assert from "node:assert/strict";
 *
 * const request = signRequestV3({
 *   action: "RunInstances",
 *   method: "POST",
 *   endpoint: "ecs.cn-shanghai.aliyuncs.com",
 *   params: {
 *     ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
 *     RegionId: "cn-shanghai",
 *   },
 *   credentials: { accessKeyId: "YourAccessKeyId", accessKeySecret: "YourAccessKeySecret" },
 *   timestamp: new Date("2023-10-26T10:22:32Z"),
 *   nonce: "3156853299f313e23d1673dc12e1703d",
 * });
 * assert.equal(
 *   request.stringToSign,
 *   "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
 * );
 * assert.equal(
 *   request.signature,
 *   "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
 * );
 * assert.equal(
 *   request.url,
 *   "https://ecs.cn-shanghai.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
 * );
 * assert.equal(request.headers["x-acs-action"], "RunInstances");
 * assert.ok(request.headers.authorization.startsWith("ACS3-HMAC-SHA256 Credential=YourAccessKeyId,"));
 * ```
 */
export function signRequestV3(options: SignRequestV3Options): SignedRequestV3 {
  const o = readOptions(options, OPTIONS);
  if (o.format !== undefined) {
    throw invalidOption(
      "format",
      'signature V3 has no "format": the answer is JSON (the default header "accept: application/json")',
    );
  }
  const action = checkAction(o.action);
  const credentials = readCredentials(o.credentials);
  const method = oneOf("method", o.method ?? "GET", METHODS);
  const { protocol, host, version, regionId, nonce, resourceOwnerAccount } = checkSettings(
    o,
    credentials,
    ENTRY,
  );
  const body = checkBody(o.body, method);
  const date = formatTimestamp((o.timestamp ?? new Date()) as Date);

  const pairs = o.params === undefined ? [] : flattenParams(o.params as Params);
  checkParams(pairs, protocol);
  if (regionId !== undefined) addRegionId(pairs, regionId);
  if (resourceOwnerAccount !== undefined) {
    pairs.push(["ResourceOwnerAccount", resourceOwnerAccount]);
  }
  const canonicalQuery = buildCanonicalQuery(pairs);

  const extra = o.headers === undefined ? [] : readHeaders(o.headers as HeadersInput);
  for (const [name] of extra) {
    const instead = RESERVED_HEADERS.get(name);
    if (instead !== undefined) {
      throw new AcsTypeError(
        "reserved-parameter",
        `Cannot sign request: header "${name}" is set by the V3 signature; set it with ${instead}`,
        { parameter: `headers.${name}` },
      );
    }
  }
  // What fetch sends as Host: the URL's host, lower case (as checkSettings
  // returns it), default port dropped.
  const signedHost = withoutDefaultPort(host, protocol);
  const base = `${protocol}://${signedHost}/`;
  const hashedPayload = hashPayload(body);
  const sent: [string, string][] = [
    ["x-acs-action", action],
    ["x-acs-version", version],
    ["x-acs-date", date],
    ["x-acs-signature-nonce", nonce],
    ["x-acs-content-sha256", hashedPayload],
  ];
  if (credentials.securityToken !== undefined) {
    sent.push(["x-acs-security-token", credentials.securityToken]);
  }
  const given = new Set(extra.map(([name]) => name));
  if (!given.has("accept")) sent.push(["accept", "application/json"]);
  if (body !== null && !given.has("content-type")) {
    sent.push([
      "content-type",
      typeof body === "string" ? "application/x-www-form-urlencoded" : "application/octet-stream",
    ]);
  }
  // The caller's headers were read and checked above: only the signature's
  // own are read here, then all are canonicalized together.
  const read = readHeaders([["host", signedHost], ...sent]);
  for (const header of extra) read.push(header);
  const { canonicalHeaders, signedHeaders } = canonicalHeadersOf(read);
  for (const header of extra) sent.push(header);
  const canonicalRequest = buildCanonicalRequest({
    method,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    hashedPayload,
  });
  const stringToSign = buildStringToSignV3(canonicalRequest);
  const signature = signV3(stringToSign, credentials.accessKeySecret);
  sent.push([
    "authorization",
    buildAuthorization({ accessKeyId: credentials.accessKeyId, signedHeaders, signature }),
  ]);
  const headers: Record<string, string> = {};
  for (const [name, value] of sent) {
    // defineProperty: a header named "__proto__" is a header like any other.
    Object.defineProperty(headers, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return {
    method,
    url: canonicalQuery === "" ? base : `${base}?${canonicalQuery}`,
    headers: headers as SignedHeadersV3,
    body,
    canonicalRequest,
    stringToSign,
    signature,
  };
}
