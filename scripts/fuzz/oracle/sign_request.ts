/**
 * The whole signing pipeline: from an action and its parameters to a signed
 * URL (or form body) ready to send.
 *
 * @module
 */

import { encodeText } from "./_encode.ts";
import { COMMON_PARAMETERS, type CommonParameter } from "./_common_params.ts";
import { CENTRAL_HOST, chooseProtocol, parseEndpoint } from "./_endpoint.ts";
import { isSensitiveName } from "./_sensitive.ts";
import { buildStringToSign, type HttpMethod } from "./build_string_to_sign.ts";
import { canonicalize } from "./canonicalize.ts";
import { AcsTypeError } from "../../../lib/errors/mod.ts";
import { type FlatParam, flattenParams, type Params } from "./flatten_params.ts";
import { formatTimestamp } from "./format_timestamp.ts";
import { sign } from "./sign.ts";

/** An access key, optionally with the security token of temporary (STS) credentials. */
export interface Credentials {
  /** The access key id, sent in the clear as `AccessKeyId`. */
  readonly accessKeyId: string;
  /** The access key secret: it keys the HMAC and is never sent or shown. */
  readonly accessKeySecret: string;
  /** The STS security token, sent as `SecurityToken` when present. */
  readonly securityToken?: string | undefined;
}

/** What {@linkcode signRequest} needs to sign one request. */
export interface SignRequestOptions {
  /** The API to call, such as `DescribeRegions`. */
  readonly action: string;
  /** The API's own parameters; see {@linkcode flattenParams} for their forms. */
  readonly params?: Params | undefined;
  /** The access key to sign with. */
  readonly credentials: Credentials;
  /**
   * The region to call: `RegionId` is added to the parameters unless they
   * already carry the same value. The `signRequest` of `@acs/rpc` sends to
   * the region's endpoint from its endpoint table; this one needs `endpoint`
   * with `regionId`, so that the table stays out of a bundle.
   */
  readonly regionId?: string | undefined;
  /** With `regionId`: the region's `public` (default) or `vpc` endpoint. */
  readonly network?: "public" | "vpc" | undefined;
  /**
   * Where to send: a host name with an optional port (`ecs.aliyuncs.com`,
   * `127.0.0.1:8788`), or an `http://` or `https://` URL of one, whose scheme
   * then sets the protocol. Default: the region's endpoint (see `regionId`),
   * or the central `ecs.aliyuncs.com` without a region.
   */
  readonly endpoint?: string | undefined;
  /** The API version. Default `2014-05-26`, the ECS API. */
  readonly version?: string | undefined;
  /** The response format. Default `JSON`. */
  readonly format?: "JSON" | "XML" | undefined;
  /** `GET` (default) puts everything in the URL; `POST` sends a form body. */
  readonly method?: HttpMethod | undefined;
  /**
   * `https` (default, or the scheme of an `endpoint` URL). `http` only when
   * asked for explicitly, and never for a request that carries a password,
   * key material or a security token.
   */
  readonly protocol?: "https" | "http" | undefined;
  /** The moment of signing. Default now. */
  readonly timestamp?: Date | undefined;
  /** The unique `SignatureNonce`. Default `crypto.randomUUID()`. */
  readonly nonce?: string | undefined;
  /** The `ResourceOwnerAccount` common parameter, when acting for another account. */
  readonly resourceOwnerAccount?: string | undefined;
}

/** A signed request, with the stages that produced it. */
export interface SignedRequest {
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The URL: with the whole query for `GET`, the bare endpoint for `POST`. */
  readonly url: string;
  /** The headers to send: the form content type for `POST`, none for `GET`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The `application/x-www-form-urlencoded` body for `POST`; `null` for `GET`. */
  readonly body: string | null;
  /** The canonicalized query string (all parameters but `Signature`). */
  readonly canonicalQuery: string;
  /** The string to sign. */
  readonly stringToSign: string;
  /** The signature, in Base64 (before percent-encoding). */
  readonly signature: string;
}

const DEFAULT_VERSION = "2014-05-26";
const OPTIONAL = [
  "params",
  "regionId",
  "network",
  "endpoint",
  "version",
  "format",
  "method",
  "protocol",
  "timestamp",
  "nonce",
  "resourceOwnerAccount",
] as const satisfies readonly (keyof SignRequestOptions)[];
const ACTION = /^[A-Za-z][A-Za-z0-9]*$/;
const VERSION = /^\d{4}-\d{2}-\d{2}$/;
const PADDED = /^\s|\s$/;

/** Where to set each common request parameter instead of passing it among `params`. */
const INSTEAD: Readonly<Record<CommonParameter, string>> = {
  Action: 'the "action" option',
  Format: 'the "format" option',
  Version: 'the "version" option',
  AccessKeyId: 'the "credentials.accessKeyId" option',
  SecurityToken: 'the "credentials.securityToken" option',
  SignatureMethod: "nothing: acs-rpc always sets HMAC-SHA1",
  SignatureVersion: "nothing: acs-rpc always sets 1.0",
  SignatureNonce: 'the "nonce" option',
  Timestamp: 'the "timestamp" option',
  Signature: "nothing: acs-rpc computes it",
  ResourceOwnerAccount: 'the "resourceOwnerAccount" option',
};

/** The same, keyed by lower case: `TimeStamp` and `accesskeyid` are refused too. */
const RESERVED: ReadonlyMap<string, string> = new Map(
  COMMON_PARAMETERS.map((name) => [name.toLowerCase(), INSTEAD[name]]),
);

function invalid(option: string, message: string): AcsTypeError {
  return new AcsTypeError("invalid-option", `Cannot sign request: ${message}`, {
    parameter: option,
  });
}

function oneOf<T extends string>(
  option: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (allowed.includes(value as T)) return value as T;
  throw invalid(
    option,
    `"${option}" must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${
      typeof value === "string" ? JSON.stringify(value) : typeof value
    }`,
  );
}

function checkCredentials(credentials: Credentials): void {
  if (typeof credentials !== "object" || credentials === null) {
    throw new AcsTypeError(
      "invalid-credentials",
      'Cannot sign request: the "credentials" option is missing',
      { parameter: "credentials" },
    );
  }
  const fields = [
    ["accessKeyId", credentials.accessKeyId, true],
    ["accessKeySecret", credentials.accessKeySecret, true],
    ["securityToken", credentials.securityToken, false],
  ] as const;
  for (const [field, value, required] of fields) {
    if (value === undefined && !required) continue;
    const problem = typeof value !== "string"
      ? "must be a string"
      : value === ""
      ? "is empty"
      : PADDED.test(value)
      ? "has leading or trailing white space"
      : undefined;
    if (problem !== undefined) {
      // Never quote the value: it may be the secret.
      throw new AcsTypeError(
        "invalid-credentials",
        `Cannot sign request: credentials.${field} ${problem}`,
        { parameter: `credentials.${field}` },
      );
    }
  }
}

function checkApiParams(
  pairs: readonly FlatParam[],
  protocol: "https" | "http",
): void {
  for (const [name] of pairs) {
    const instead = RESERVED.get(name.toLowerCase());
    if (instead !== undefined) {
      throw new AcsTypeError(
        "reserved-parameter",
        `Cannot sign request: "${name}" is a common request parameter; set it with ${instead}`,
        { parameter: name },
      );
    }
    if (
      protocol === "http" && isSensitiveName(name)
    ) {
      throw new AcsTypeError(
        "insecure-protocol",
        `Cannot sign request: parameter "${name}" carries a secret and must not be sent over plain HTTP; use "https"`,
        { parameter: name },
      );
    }
  }
}

function addRegionId(pairs: FlatParam[], regionId: string): void {
  const given = pairs.find(([name]) => name === "RegionId");
  if (given === undefined) pairs.push(["RegionId", regionId]);
  else if (given[1] !== regionId) {
    throw new AcsTypeError(
      "region-mismatch",
      `Cannot sign request: parameter "RegionId" is ${
        JSON.stringify(given[1])
      } but the "regionId" option is ${JSON.stringify(regionId)}`,
      { parameter: "RegionId" },
    );
  }
}

/**
 * Signs one RPC request: flattens the API parameters, adds the common request
 * parameters (`Action`, `Format`, `Version`, `AccessKeyId`,
 * `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`, `SignatureNonce`,
 * `Timestamp`, and `SecurityToken` when the credentials carry one),
 * canonicalizes them, builds the string to sign, signs it, and composes the
 * URL (`GET`) or form body (`POST`). Synchronous and pure given a timestamp
 * and a nonce.
 *
 * This is the `signRequest` of `@acs/rpc/signature`, for an explicit
 * `endpoint` (or the central one): it leaves the endpoint table out of a
 * bundle. The `signRequest` of `@acs/rpc` takes the same options and also
 * resolves `regionId` to the region's endpoint.
 *
 * @param options The action, parameters, credentials and request settings.
 * @returns The method, URL, headers and body to send, and every stage.
 * @throws {AcsTypeError} `invalid-action`, `invalid-option`,
 * `invalid-credentials`, `region-mismatch` (a `RegionId` parameter that
 * disagrees with the `regionId` option), `invalid-option` (among others,
 * `regionId` without `endpoint`), `reserved-parameter` (a common parameter
 * passed among `params`; the message says which option to use), `insecure-protocol`
 * (plain HTTP with a password, key material or a security token), and every
 * error of {@linkcode flattenParams} and {@linkcode canonicalize}.
 * @throws {AcsRangeError} `invalid-timestamp`, the range errors of
 * {@linkcode flattenParams}, and `invalid-option` for an endpoint that is
 * not a host name or the URL of one.
 *
 * @example The documentation's worked example
 * ```ts
 * import { signRequest } from "@acs/rpc/signature";
 * import assert from "node:assert/strict";
 *
 * const request = signRequest({
 *   action: "DescribeRegions",
 *   format: "XML",
 *   credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *   timestamp: new Date("2016-02-23T12:46:24Z"),
 *   nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
 * });
 * assert.equal(request.signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
 * assert.equal(
 *   request.url,
 *   "https://ecs.aliyuncs.com/?AccessKeyId=testid&Action=DescribeRegions" +
 *     "&Format=XML&SignatureMethod=HMAC-SHA1" +
 *     "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
 *     "&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z" +
 *     "&Version=2014-05-26&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D",
 * );
 * ```
 */
export function signRequest(options: SignRequestOptions): SignedRequest {
  if (typeof options !== "object" || options === null) {
    throw invalid("options", "expected an options object");
  }
  for (const name of OPTIONAL) {
    // Only undefined means "use the default": a null is a mistake, not a choice.
    if (options[name] === null) {
      throw invalid(name, `"${name}" must not be null; leave it out for the default`);
    }
  }
  const { action, credentials } = options;
  if (typeof action !== "string" || !ACTION.test(action)) {
    throw new AcsTypeError(
      "invalid-action",
      typeof action === "string" && action !== ""
        ? `Cannot sign request: action ${JSON.stringify(action)} is not a plain API name`
        : 'Cannot sign request: the "action" option is empty or missing',
      { parameter: "action" },
    );
  }
  checkCredentials(credentials);
  const method = oneOf(
    "method",
    options.method ?? "GET",
    ["GET", "POST"] as const,
  );
  const format = oneOf(
    "format",
    options.format ?? "JSON",
    ["JSON", "XML"] as const,
  );
  const protocolOption = options.protocol === undefined
    ? undefined
    : oneOf("protocol", options.protocol, ["https", "http"] as const);
  const version = options.version ?? DEFAULT_VERSION;
  if (typeof version !== "string" || !VERSION.test(version)) {
    throw invalid(
      "version",
      `"version" must look like "2014-05-26", got ${JSON.stringify(version)}`,
    );
  }
  const { regionId } = options;
  if (regionId === undefined && options.network !== undefined) {
    throw invalid("network", '"network" chooses among a region\'s endpoints: set "regionId" too');
  }
  if (options.network !== undefined) {
    oneOf("network", options.network, ["public", "vpc"] as const);
  }
  if (regionId !== undefined) {
    if (typeof regionId !== "string" || regionId === "") {
      throw invalid("regionId", '"regionId" must be a non-empty string');
    }
    if (options.endpoint === undefined) {
      throw invalid(
        "regionId",
        '"regionId" needs the endpoint table, which "@acs/rpc/signature" leaves out: pass "endpoint" too, or import signRequest from "@acs/rpc", which resolves the region',
      );
    }
  }
  const parsed = options.endpoint === undefined
    ? { protocol: undefined, host: CENTRAL_HOST }
    : parseEndpoint(options.endpoint);
  const protocol = chooseProtocol(parsed, protocolOption);
  const endpoint = parsed.host;
  const nonce = options.nonce ?? crypto.randomUUID();
  if (typeof nonce !== "string" || nonce === "") {
    throw invalid("nonce", '"nonce" must be a non-empty string');
  }
  const { resourceOwnerAccount } = options;
  if (
    resourceOwnerAccount !== undefined &&
    (typeof resourceOwnerAccount !== "string" || resourceOwnerAccount === "")
  ) {
    throw invalid(
      "resourceOwnerAccount",
      '"resourceOwnerAccount" must be a non-empty string',
    );
  }
  if (protocol === "http" && credentials.securityToken !== undefined) {
    throw new AcsTypeError(
      "insecure-protocol",
      'Cannot sign request: a request with a security token must not be sent over plain HTTP; use "https"',
      { parameter: "protocol" },
    );
  }

  const apiParams = options.params === undefined ? [] : flattenParams(options.params);
  checkApiParams(apiParams, protocol);
  if (regionId !== undefined) addRegionId(apiParams, regionId);
  const pairs: FlatParam[] = [
    ["Action", action],
    ["Format", format],
    ["Version", version],
    ["AccessKeyId", credentials.accessKeyId],
    ["SignatureMethod", "HMAC-SHA1"],
    ["SignatureVersion", "1.0"],
    ["SignatureNonce", nonce],
    ["Timestamp", formatTimestamp(options.timestamp ?? new Date())],
  ];
  if (credentials.securityToken !== undefined) {
    pairs.push(["SecurityToken", credentials.securityToken]);
  }
  if (resourceOwnerAccount !== undefined) {
    pairs.push(["ResourceOwnerAccount", resourceOwnerAccount]);
  }
  for (const pair of apiParams) pairs.push(pair);

  const canonicalQuery = canonicalize(pairs);
  const stringToSign = buildStringToSign(method, canonicalQuery);
  const signature = sign(stringToSign, credentials.accessKeySecret);
  const signed = `${canonicalQuery}&Signature=${encodeText(signature, "signature")}`;
  const base = `${protocol}://${endpoint}/`;
  return method === "GET"
    ? {
      method,
      url: `${base}?${signed}`,
      headers: {},
      body: null,
      canonicalQuery,
      stringToSign,
      signature,
    }
    : {
      method,
      url: base,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: signed,
      canonicalQuery,
      stringToSign,
      signature,
    };
}
