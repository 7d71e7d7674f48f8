/**
 * The whole signing pipeline: from an action and its parameters to a signed
 * URL (or form body) ready to send.
 *
 * @module
 */

import { COMMON_PARAMETERS, type CommonParameter } from "../_internal/common_params.ts";
import { CENTRAL_HOST, chooseProtocol, parseEndpoint } from "../_internal/endpoint.ts";
import { isSensitiveName } from "../_internal/sensitive.ts";
import { closestWords, printable, quotePrefix } from "../_internal/suggest.ts";
import type { HttpMethod } from "./build_string_to_sign.ts";
import { AcsTypeError } from "../errors/mod.ts";
import type { FlatParam, Params } from "./flatten_params.ts";
import { canonicalQueryAndStringToSign, type Entry, unreserved } from "./_canonical.ts";
import { flatten } from "./_flatten.ts";
import { signFor } from "./_keyed.ts";
import { timeOf, timestampEntry } from "./_timestamp.ts";

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
const DEFAULT_VERSION_ENTRY = unreserved("Version", DEFAULT_VERSION);
const FORMAT_JSON = unreserved("Format", "JSON");
const FORMAT_XML = unreserved("Format", "XML");
const SIGNATURE_METHOD = unreserved("SignatureMethod", "HMAC-SHA1");
const SIGNATURE_VERSION = unreserved("SignatureVersion", "1.0");
/** Every option signRequest knows, in the order it reads them. */
const OPTIONS = [
  "action",
  "params",
  "credentials",
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
type OptionName = typeof OPTIONS[number];
const KNOWN: ReadonlySet<string> = new Set(OPTIONS);
const OPTIONAL = OPTIONS.filter((name) => name !== "action" && name !== "credentials");
const ACTION = /^[A-Za-z][A-Za-z0-9]*$/;
const METHODS = ["GET", "POST"] as const;
const FORMATS = ["JSON", "XML"] as const;
const PROTOCOLS = ["https", "http"] as const;
const NETWORKS = ["public", "vpc"] as const;
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
/**
 * Bit n set when a reserved name has n UTF-16 code units, and bit c - 0x60
 * when one starts with the letter c (lower-cased). A name that lower-cases to
 * a reserved one has as many units and starts with a letter that lower-cases
 * to an ASCII one of those (only the Kelvin sign lower-cases from outside
 * ASCII into it, to "k"), so others skip the toLowerCase.
 */
const RESERVED_LENGTHS = COMMON_PARAMETERS.reduce((bits, name) => bits | (1 << name.length), 0);
const RESERVED_INITIALS = COMMON_PARAMETERS.reduce(
  (bits, name) => bits | (1 << (name.toLowerCase().charCodeAt(0) - 0x60)),
  0,
);

/** Whether `name` may lower-case to a reserved name: see RESERVED_LENGTHS. */
function mayBeReserved(name: string): boolean {
  const length = name.length;
  if (length > 31 || ((RESERVED_LENGTHS >>> length) & 1) === 0) return false;
  const initial = name.charCodeAt(0);
  if (initial === 0x212a) return ((RESERVED_INITIALS >>> 11) & 1) === 1;
  const letter = (initial | 0x20) - 0x60;
  return letter > 0 && letter < 27 && ((RESERVED_INITIALS >>> letter) & 1) === 1;
}

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
  for (let i = 0; i < allowed.length; i++) if (value === allowed[i]) return value as T;
  throw invalid(
    option,
    `"${option}" must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${
      typeof value === "string" ? quotePrefix(value) : typeof value
    }`,
  );
}

function threw(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : typeof error).slice(0, 200);
}

/** Refuses an option key signRequest does not know, naming the one meant. */
function unknownOption(key: string): AcsTypeError {
  const lower = key.toLowerCase();
  const sameLetters = OPTIONS.find((name) => name.toLowerCase() === lower);
  const near = sameLetters === undefined ? closestWords(key, OPTIONS, 1) : [sameLetters];
  return invalid(
    key,
    `unknown option ${quotePrefix(key)}${
      near.length === 0
        ? `; the options are ${OPTIONS.map((name) => `"${name}"`).join(", ")}`
        : `; did you mean "${near[0]}"?`
    }`,
  );
}

/**
 * Each option read exactly once, from the object's own enumerable keys (as
 * the spread `{ ...options }` reads them), refusing keys that are not
 * options: what is validated is what is signed, even from getters.
 */
function readOptions(options: object): Readonly<Record<OptionName, unknown>> {
  const o = options as Record<string, unknown>;
  const snapshot: Record<OptionName, unknown> = {
    action: undefined,
    params: undefined,
    credentials: undefined,
    regionId: undefined,
    network: undefined,
    endpoint: undefined,
    version: undefined,
    format: undefined,
    method: undefined,
    protocol: undefined,
    timestamp: undefined,
    nonce: undefined,
    resourceOwnerAccount: undefined,
  };
  try {
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (!KNOWN.has(key)) throw unknownOption(key);
      snapshot[key as OptionName] = o[key];
    }
  } catch (error) {
    if (error instanceof AcsTypeError) throw error;
    throw new AcsTypeError(
      "invalid-option",
      `Cannot sign request: reading the options threw ${threw(error)}`,
      { parameter: "options", cause: error },
    );
  }
  return snapshot;
}

interface CredentialFields {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string | undefined;
}

/** Whether `value` starts or ends with white space; ASCII letters and digits decide fast. */
function isPadded(value: string): boolean {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return false;
  return PADDED.test(value);
}

function credentialProblem(value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  return typeof value !== "string"
    ? "must be a string"
    : value === ""
    ? "is empty"
    : isPadded(value)
    ? "has leading or trailing white space"
    : undefined;
}

function badCredential(field: string, problem: string): AcsTypeError {
  // Never quote the value: it may be the secret.
  return new AcsTypeError(
    "invalid-credentials",
    `Cannot sign request: credentials.${field} ${problem}`,
    { parameter: `credentials.${field}` },
  );
}

/** Reads each credential field once and checks it; never quotes a value. */
function readCredentials(credentials: unknown): CredentialFields {
  if (typeof credentials !== "object" || credentials === null) {
    throw new AcsTypeError(
      "invalid-credentials",
      'Cannot sign request: the "credentials" option is missing',
      { parameter: "credentials" },
    );
  }
  let accessKeyId: unknown;
  let accessKeySecret: unknown;
  let securityToken: unknown;
  try {
    const c = credentials as Record<keyof Credentials, unknown>;
    accessKeyId = c.accessKeyId;
    accessKeySecret = c.accessKeySecret;
    securityToken = c.securityToken;
  } catch (error) {
    throw new AcsTypeError(
      "invalid-credentials",
      `Cannot sign request: reading the credentials threw ${
        error instanceof Error ? error.name : typeof error
      }`,
      { parameter: "credentials", cause: error },
    );
  }
  let problem = credentialProblem(accessKeyId, true);
  if (problem !== undefined) throw badCredential("accessKeyId", problem);
  problem = credentialProblem(accessKeySecret, true);
  if (problem !== undefined) throw badCredential("accessKeySecret", problem);
  problem = credentialProblem(securityToken, false);
  if (problem !== undefined) throw badCredential("securityToken", problem);
  return {
    accessKeyId: accessKeyId as string,
    accessKeySecret: accessKeySecret as string,
    securityToken: securityToken as string | undefined,
  };
}

function checkApiParams(
  pairs: readonly FlatParam[],
  protocol: "https" | "http",
  secretInJson: { readonly index: number; readonly path: string } | undefined,
): void {
  for (let i = 0; i < pairs.length; i++) {
    const name = pairs[i]![0];
    if (mayBeReserved(name)) {
      const instead = RESERVED.get(name.toLowerCase());
      if (instead !== undefined) {
        throw new AcsTypeError(
          "reserved-parameter",
          `Cannot sign request: "${name}" is a common request parameter; set it with ${instead}`,
          { parameter: name },
        );
      }
    }
    if (protocol === "http") {
      if (isSensitiveName(name)) {
        throw new AcsTypeError(
          "insecure-protocol",
          `Cannot sign request: parameter "${name}" carries a secret and must not be sent over plain HTTP; use "https"`,
          { parameter: name },
        );
      }
      if (secretInJson?.index === i) {
        throw new AcsTypeError(
          "insecure-protocol",
          `Cannot sign request: the JSON value of parameter "${name}" carries a secret (${
            JSON.stringify(secretInJson.path)
          }) and must not be sent over plain HTTP; use "https"`,
          { parameter: secretInJson.path },
        );
      }
    }
  }
}

function addRegionId(pairs: FlatParam[], regionId: string): void {
  let given: FlatParam | undefined;
  for (let i = 0; i < pairs.length; i++) {
    if (pairs[i]![0] === "RegionId") {
      given = pairs[i];
      break;
    }
  }
  if (given === undefined) pairs.push(["RegionId", regionId]);
  else if (given[1] !== regionId) {
    throw new AcsTypeError(
      "region-mismatch",
      `Cannot sign request: parameter "RegionId" is ${
        quotePrefix(given[1])
      } but the "regionId" option is ${quotePrefix(regionId)}`,
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
 * The options object's own keys are read once each, and so are the
 * credentials' fields, before anything is checked: what is checked is what
 * is signed, even from getters. A key that is not an option (`regionID`) is
 * refused, naming the option meant. The keyed HMAC state of each credentials
 * object is kept (in a `WeakMap`, for as long as the object lives, and
 * rebuilt when its secret changes), so signing many requests with one
 * credentials object keys the HMAC once.
 *
 * @param options The action, parameters, credentials and request settings.
 * @returns The method, URL, headers and body to send, and every stage.
 * @throws {AcsTypeError} `invalid-action`, `invalid-option` (among others,
 * an unknown option key, `regionId` without `endpoint`, options that cannot
 * be read), `invalid-credentials` (including credentials that cannot be
 * read), `region-mismatch` (a `RegionId` parameter that disagrees with the
 * `regionId` option), `reserved-parameter` (a common parameter passed among
 * `params`; the message says which option to use), `insecure-protocol` (plain
 * HTTP with a password, key material or a security token, including a
 * secret-bearing key inside a {@linkcode json} value), `invalid-timestamp`
 * (a `timestamp` that is not a `Date`), and every error of
 * {@linkcode flattenParams} and {@linkcode canonicalize}.
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
  const o = readOptions(options);
  for (const name of OPTIONAL) {
    // Only undefined means "use the default": a null is a mistake, not a choice.
    if (o[name] === null) {
      throw invalid(name, `"${name}" must not be null; leave it out for the default`);
    }
  }
  const { action } = o;
  if (typeof action !== "string" || !ACTION.test(action)) {
    throw new AcsTypeError(
      "invalid-action",
      typeof action === "string" && action !== ""
        ? `Cannot sign request: action ${quotePrefix(action)} is not a plain API name`
        : 'Cannot sign request: the "action" option is empty or missing',
      { parameter: "action" },
    );
  }
  const credentials = readCredentials(o.credentials);
  const method = oneOf("method", o.method ?? "GET", METHODS);
  const format = oneOf("format", o.format ?? "JSON", FORMATS);
  const protocolOption = o.protocol === undefined
    ? undefined
    : oneOf("protocol", o.protocol, PROTOCOLS);
  const version = o.version ?? DEFAULT_VERSION;
  if (typeof version !== "string" || !VERSION.test(version)) {
    throw invalid(
      "version",
      `"version" must look like "2014-05-26", got ${
        typeof version === "string" ? quotePrefix(version) : printable(version)
      }`,
    );
  }
  const { regionId, network, endpoint: endpointOption } = o;
  if (regionId === undefined && network !== undefined) {
    throw invalid("network", '"network" chooses among a region\'s endpoints: set "regionId" too');
  }
  if (network !== undefined) oneOf("network", network, NETWORKS);
  if (regionId !== undefined) {
    if (typeof regionId !== "string" || regionId === "") {
      throw invalid("regionId", '"regionId" must be a non-empty string');
    }
    if (endpointOption === undefined) {
      throw invalid(
        "regionId",
        '"regionId" needs the endpoint table, which "@acs/rpc/signature" leaves out: pass "endpoint" too, or import signRequest from "@acs/rpc", which resolves the region',
      );
    }
  }
  const parsed = endpointOption === undefined
    ? { protocol: undefined, host: CENTRAL_HOST }
    : parseEndpoint(endpointOption);
  const protocol = chooseProtocol(parsed, protocolOption);
  const nonce = o.nonce ?? crypto.randomUUID();
  if (typeof nonce !== "string" || nonce === "") {
    throw invalid("nonce", '"nonce" must be a non-empty string');
  }
  const { resourceOwnerAccount } = o;
  if (
    resourceOwnerAccount !== undefined &&
    (typeof resourceOwnerAccount !== "string" || resourceOwnerAccount === "")
  ) {
    throw invalid(
      "resourceOwnerAccount",
      '"resourceOwnerAccount" must be a non-empty string',
    );
  }
  const { securityToken } = credentials;
  if (protocol === "http" && securityToken !== undefined) {
    throw new AcsTypeError(
      "insecure-protocol",
      'Cannot sign request: a request with a security token must not be sent over plain HTTP; use "https"',
      { parameter: "protocol" },
    );
  }

  const flat = o.params === undefined ? undefined : flatten(o.params, protocol === "http");
  const apiPairs: FlatParam[] = flat === undefined ? [] : flat.pairs;
  checkApiParams(apiPairs, protocol, flat?.secretInJson);
  if (regionId !== undefined) addRegionId(apiPairs, regionId as string);
  const timestamp = timestampEntry(o.timestamp === undefined ? Date.now() : timeOf(o.timestamp));
  // Action and Version are checked to be unreserved text; Format and the
  // method's names are constants: none needs encoding.
  const pairs: Entry[] = apiPairs;
  pairs.push(
    unreserved("Action", action),
    format === "JSON" ? FORMAT_JSON : FORMAT_XML,
    version === DEFAULT_VERSION ? DEFAULT_VERSION_ENTRY : unreserved("Version", version),
    ["AccessKeyId", credentials.accessKeyId],
    SIGNATURE_METHOD,
    SIGNATURE_VERSION,
    ["SignatureNonce", nonce],
    timestamp,
  );
  if (securityToken !== undefined) pairs.push(["SecurityToken", securityToken]);
  if (resourceOwnerAccount !== undefined) {
    pairs.push(["ResourceOwnerAccount", resourceOwnerAccount as string]);
  }

  const { canonicalQuery, stringToSign } = canonicalQueryAndStringToSign(method, pairs);
  const signature = signFor(o.credentials as object, credentials.accessKeySecret, stringToSign);
  // Base64 holds only letters, digits and +/=, which encodeURIComponent escapes as RFC 3986 wants.
  const signed = `${canonicalQuery}&Signature=${encodeURIComponent(signature)}`;
  const base = `${protocol}://${parsed.host}/`;
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
