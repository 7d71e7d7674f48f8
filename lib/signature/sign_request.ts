/**
 * The whole signing pipeline: from an action and its parameters to a signed
 * URL (or form body) ready to send.
 *
 * @module
 */

import { COMMON_PARAMETERS, type CommonParameter } from "../_internal/common_params.ts";
import {
  addRegionId,
  checkAction,
  checkSettings,
  DEFAULT_VERSION,
  oneOf,
  optionList,
  readCredentials,
  readOptions,
  SIGNER_OPTIONS,
  type SignerEntry,
} from "../_internal/request_options.ts";
import { isSensitiveName } from "../_internal/sensitive.ts";
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

const DEFAULT_VERSION_ENTRY = unreserved("Version", DEFAULT_VERSION);
const FORMAT_JSON = unreserved("Format", "JSON");
const FORMAT_XML = unreserved("Format", "XML");
const SIGNATURE_METHOD = unreserved("SignatureMethod", "HMAC-SHA1");
const SIGNATURE_VERSION = unreserved("SignatureVersion", "1.0");
/** Every option signRequest knows, in the order it reads them. */
const OPTIONS = optionList<keyof SignRequestOptions>(SIGNER_OPTIONS);
const ENTRY: SignerEntry = { subpath: "@acs/rpc/signature", name: "signRequest" };
const METHODS = ["GET", "POST"] as const;
const FORMATS = ["JSON", "XML"] as const;

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
  const o = readOptions(options, OPTIONS);
  const action = checkAction(o.action);
  const credentials = readCredentials(o.credentials);
  const method = oneOf("method", o.method ?? "GET", METHODS);
  const format = oneOf("format", o.format ?? "JSON", FORMATS);
  const { protocol, host, version, regionId, nonce, resourceOwnerAccount } = checkSettings(
    o,
    credentials,
    ENTRY,
  );
  const { securityToken } = credentials;

  const flat = o.params === undefined ? undefined : flatten(o.params, protocol === "http");
  const apiPairs: FlatParam[] = flat === undefined ? [] : flat.pairs;
  checkApiParams(apiPairs, protocol, flat?.secretInJson);
  if (regionId !== undefined) addRegionId(apiPairs, regionId);
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
    pairs.push(["ResourceOwnerAccount", resourceOwnerAccount]);
  }

  const { canonicalQuery, stringToSign } = canonicalQueryAndStringToSign(method, pairs);
  const signature = signFor(o.credentials as object, credentials.accessKeySecret, stringToSign);
  // Base64 holds only letters, digits and +/=, which encodeURIComponent escapes as RFC 3986 wants.
  const signed = `${canonicalQuery}&Signature=${encodeURIComponent(signature)}`;
  const base = `${protocol}://${host}/`;
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
