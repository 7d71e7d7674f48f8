// Internal: the checks of a signer's options that do not depend on the
// signature version, shared by signRequest (RPC) and signRequestV3 so that
// the same mistake gets the same code and message from both: the options and
// the credentials read once each (what is checked is what is signed, even
// from getters), an unknown key refused with the option meant, then the
// action, credentials, method, protocol, version, region, network, endpoint,
// nonce and resourceOwnerAccount, in that order. mod.ts never re-exports this
// file.

import { AcsTypeError } from "../errors/mod.ts";
import { CENTRAL_HOST, chooseProtocol, type ParsedEndpoint, parseEndpoint } from "./endpoint.ts";
import { unknownOption } from "./options.ts";
import { printable, quotePrefix, thrownText } from "./suggest.ts";

/** The API version a signer uses when the options leave it out: the ECS API's. */
export const DEFAULT_VERSION = "2014-05-26";

/**
 * The options every signer knows, in the order it reads them: RPC's
 * signRequest takes these, signRequestV3 these (refusing `format`) and its
 * own after them.
 */
export const SIGNER_OPTIONS = [
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
] as const;

/** The options a signer knows, and how it reads them. */
export interface OptionList<N extends string> {
  /** Every option, in the order the signer reads them (and lists them in a message). */
  readonly names: readonly N[];
  /** The options that may be left out: `null` is refused for them. */
  readonly optional: readonly N[];
  /** The keys read: the options, and those the signer refuses with a message of its own. */
  readonly keys: ReadonlySet<string>;
  /**
   * Every key, `undefined`: each snapshot is a copy, so that all have one
   * shape (V8 copies a spread of it as fast as an object literal).
   */
  readonly blank: Readonly<Record<N, unknown>>;
}

/**
 * The option list of a signer whose required options are `action` and
 * `credentials`. `refused` are keys read into the snapshot (not listed, not
 * suggested) that the signer refuses with a message of its own.
 */
export function optionList<N extends string>(
  keys: readonly N[],
  refused: readonly N[] = [],
): OptionList<N> {
  const blank = {} as Record<N, unknown>;
  for (const key of keys) blank[key] = undefined;
  return {
    names: keys.filter((key) => !refused.includes(key)),
    optional: keys.filter((key) =>
      key !== "action" && key !== "credentials" && !refused.includes(key)
    ),
    keys: new Set(keys),
    blank,
  };
}

/** The credentials' fields, each read once and checked. */
export interface CredentialFields {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string | undefined;
}

/** Where a signer is imported from, for the message that sends the caller to the regional one. */
export interface SignerEntry {
  /** The subpath that leaves the endpoint table out, such as `@acs/rpc/signature`. */
  readonly subpath: string;
  /** The signer's name, which `@acs/rpc` exports too. */
  readonly name: string;
}

/** What {@linkcode checkSettings} returns: where and how to send, checked. */
export interface CheckedSettings {
  readonly protocol: "https" | "http";
  readonly host: string;
  readonly version: string;
  readonly regionId: string | undefined;
  readonly nonce: string;
  readonly resourceOwnerAccount: string | undefined;
}

type SettingName =
  | "protocol"
  | "version"
  | "regionId"
  | "network"
  | "endpoint"
  | "nonce"
  | "resourceOwnerAccount";

const ACTION = /^[A-Za-z][A-Za-z0-9]*$/;
/** An API version as the signers accept it: a date, `2014-05-26`. */
export const API_VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
const PADDED = /^\s|\s$/;
const PROTOCOLS = ["https", "http"] as const;
const NETWORKS = ["public", "vpc"] as const;

/** An `invalid-option` error of signing. */
export function invalidOption(option: string, message: string): AcsTypeError {
  return new AcsTypeError("invalid-option", `Cannot sign request: ${message}`, {
    parameter: option,
  });
}

/** `value` when it is one of `allowed`, else an `invalid-option` error naming them. */
export function oneOf<T extends string>(
  option: string,
  value: unknown,
  allowed: readonly T[],
): T {
  for (let i = 0; i < allowed.length; i++) if (value === allowed[i]) return value as T;
  throw invalidOption(
    option,
    `"${option}" must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${
      typeof value === "string" ? quotePrefix(value) : typeof value
    }`,
  );
}

/**
 * Each option read exactly once, from the object's own enumerable keys (as
 * the spread `{ ...options }` reads them), refusing keys that are not
 * options and `null` for an optional one (only `undefined` means "the
 * default").
 */
export function readOptions<N extends string>(
  options: unknown,
  list: OptionList<N>,
): Readonly<Record<N, unknown>> {
  if (typeof options !== "object" || options === null) {
    throw invalidOption("options", "expected an options object");
  }
  const o = options as Record<string, unknown>;
  const snapshot: Record<N, unknown> = { ...list.blank };
  try {
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (!list.keys.has(key)) throw unknownOption("sign request", key, list.names);
      snapshot[key as N] = o[key];
    }
  } catch (error) {
    if (error instanceof AcsTypeError) throw error;
    throw new AcsTypeError(
      "invalid-option",
      `Cannot sign request: reading the options threw ${thrownText(error)}`,
      { parameter: "options", cause: error },
    );
  }
  const { optional } = list;
  for (let i = 0; i < optional.length; i++) {
    const name = optional[i]!;
    // Only undefined means "use the default": a null is a mistake, not a choice.
    if (snapshot[name] === null) {
      throw invalidOption(name, `"${name}" must not be null; leave it out for the default`);
    }
  }
  return snapshot;
}

/** The action: a plain API name of letters and digits. */
export function checkAction(action: unknown): string {
  if (typeof action !== "string" || !ACTION.test(action)) {
    throw new AcsTypeError(
      "invalid-action",
      typeof action === "string" && action !== ""
        ? `Cannot sign request: action ${quotePrefix(action)} is not a plain API name`
        : 'Cannot sign request: the "action" option is empty or missing',
      { parameter: "action" },
    );
  }
  return action;
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
export function readCredentials(credentials: unknown): CredentialFields {
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
    const c = credentials as Record<keyof CredentialFields, unknown>;
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

/** The endpoint when none is given: the central one, over HTTPS unless asked otherwise. */
const CENTRAL: ParsedEndpoint = { protocol: undefined, host: CENTRAL_HOST };

/**
 * Checks where and how to send, in this order: the protocol, the version,
 * the region and network (a region needs an explicit endpoint here: the
 * table is left out of this entry), the endpoint, the nonce (a fresh UUID by
 * default), `resourceOwnerAccount`, and no security token over plain HTTP.
 * (The messages are built apart, so that this stays small enough for V8 to
 * inline into the signer: signing is a hot path.)
 */
export function checkSettings(
  o: Readonly<Record<SettingName, unknown>>,
  credentials: CredentialFields,
  entry: SignerEntry,
): CheckedSettings {
  const protocolOption = o.protocol === undefined
    ? undefined
    : oneOf("protocol", o.protocol, PROTOCOLS);
  const version = o.version ?? DEFAULT_VERSION;
  if (typeof version !== "string" || !API_VERSION_FORMAT.test(version)) throw badVersion(version);
  const { regionId, network, endpoint } = o;
  if (network !== undefined) {
    if (regionId === undefined) throw networkWithoutRegion();
    oneOf("network", network, NETWORKS);
  }
  if (
    regionId !== undefined &&
    (typeof regionId !== "string" || regionId === "" || endpoint === undefined)
  ) {
    throw badRegion(regionId, entry);
  }
  const parsed = endpoint === undefined ? CENTRAL : parseEndpoint(endpoint);
  const protocol = chooseProtocol(parsed, protocolOption);
  const nonce = o.nonce ?? crypto.randomUUID();
  if (typeof nonce !== "string" || nonce === "") {
    throw invalidOption("nonce", '"nonce" must be a non-empty string');
  }
  const { resourceOwnerAccount } = o;
  if (
    resourceOwnerAccount !== undefined &&
    (typeof resourceOwnerAccount !== "string" || resourceOwnerAccount === "")
  ) {
    throw invalidOption(
      "resourceOwnerAccount",
      '"resourceOwnerAccount" must be a non-empty string',
    );
  }
  if (protocol === "http" && credentials.securityToken !== undefined) throw tokenOverHttp();
  return {
    protocol,
    host: parsed.host,
    version,
    regionId: regionId as string | undefined,
    nonce,
    resourceOwnerAccount: resourceOwnerAccount as string | undefined,
  };
}

function badVersion(version: unknown): AcsTypeError {
  return invalidOption(
    "version",
    `"version" must look like "2014-05-26", got ${
      typeof version === "string" ? quotePrefix(version) : printable(version)
    }`,
  );
}

function networkWithoutRegion(): AcsTypeError {
  return invalidOption(
    "network",
    '"network" chooses among a region\'s endpoints: set "regionId" too',
  );
}

function badRegion(regionId: unknown, entry: SignerEntry): AcsTypeError {
  return typeof regionId !== "string" || regionId === ""
    ? invalidOption("regionId", '"regionId" must be a non-empty string')
    : invalidOption(
      "regionId",
      `"regionId" needs the endpoint table, which "${entry.subpath}" leaves out: pass "endpoint" too, or import ${entry.name} from "@acs/rpc", which resolves the region`,
    );
}

function tokenOverHttp(): AcsTypeError {
  return new AcsTypeError(
    "insecure-protocol",
    'Cannot sign request: a request with a security token must not be sent over plain HTTP; use "https"',
    { parameter: "protocol" },
  );
}

/** Adds `RegionId` to the pairs, or checks that the one given agrees. */
export function addRegionId(pairs: [string, string][], regionId: string): void {
  let given: [string, string] | undefined;
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
