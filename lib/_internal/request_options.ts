// Internal: the checks of a signer's options that do not depend on the
// signature version (action, credentials, method, protocol, version, region,
// endpoint, nonce), with the same codes and messages as the RPC signer's. Used
// by signRequestV3; the RPC signRequest still has its own copies (they can
// move here once lib/signature is free to change). mod.ts never re-exports
// this file.

import { AcsTypeError } from "../errors/mod.ts";
import { CENTRAL_HOST, chooseProtocol, parseEndpoint } from "./endpoint.ts";
import { printable, quotePrefix } from "./suggest.ts";

/** The credentials as a signer receives them. */
export interface CredentialsInput {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
}

const ACTION = /^[A-Za-z][A-Za-z0-9]*$/;
const VERSION = /^\d{4}-\d{2}-\d{2}$/;
const PADDED = /^\s|\s$/;

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
  if (allowed.includes(value as T)) return value as T;
  throw invalidOption(
    option,
    `"${option}" must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${
      typeof value === "string" ? JSON.stringify(value) : typeof value
    }`,
  );
}

/** Refuses `null` for each optional option: only `undefined` means "the default". */
export function refuseNulls(options: object, names: readonly string[]): void {
  for (const name of names) {
    if ((options as Record<string, unknown>)[name] === null) {
      throw invalidOption(name, `"${name}" must not be null; leave it out for the default`);
    }
  }
}

/** Checks the action: a plain API name of letters and digits. */
export function checkAction(action: unknown): asserts action is string {
  if (typeof action !== "string" || !ACTION.test(action)) {
    throw new AcsTypeError(
      "invalid-action",
      typeof action === "string" && action !== ""
        ? `Cannot sign request: action ${JSON.stringify(action)} is not a plain API name`
        : 'Cannot sign request: the "action" option is empty or missing',
      { parameter: "action" },
    );
  }
}

/**
 * Reads each credential field exactly once and checks it, without ever
 * quoting a value: a getter that answers differently on each read cannot
 * have one token checked and another sent.
 */
export function readCredentials(credentials: unknown): CredentialsInput {
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
    const given = credentials as Partial<Record<keyof CredentialsInput, unknown>>;
    accessKeyId = given.accessKeyId;
    accessKeySecret = given.accessKeySecret;
    securityToken = given.securityToken;
  } catch (error) {
    throw new AcsTypeError(
      "invalid-credentials",
      `Cannot sign request: reading the credentials threw ${
        error instanceof Error ? error.name : typeof error
      }`,
      { parameter: "credentials", cause: error },
    );
  }
  const fields = [
    ["accessKeyId", accessKeyId, true],
    ["accessKeySecret", accessKeySecret, true],
    ["securityToken", securityToken, false],
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
      throw new AcsTypeError(
        "invalid-credentials",
        `Cannot sign request: credentials.${field} ${problem}`,
        { parameter: `credentials.${field}` },
      );
    }
  }
  return securityToken === undefined
    ? { accessKeyId: accessKeyId as string, accessKeySecret: accessKeySecret as string }
    : {
      accessKeyId: accessKeyId as string,
      accessKeySecret: accessKeySecret as string,
      securityToken: securityToken as string,
    };
}

/** The API version, `2014-05-26` by default. */
export function checkVersion(version: unknown): string {
  const chosen = version ?? "2014-05-26";
  if (typeof chosen !== "string" || !VERSION.test(chosen)) {
    throw invalidOption(
      "version",
      `"version" must look like "2014-05-26", got ${
        typeof chosen === "string" ? quotePrefix(chosen) : printable(chosen)
      }`,
    );
  }
  return chosen;
}

/** The nonce: the one given, or a fresh UUID. */
export function checkNonce(nonce: unknown): string {
  const chosen = nonce ?? crypto.randomUUID();
  if (typeof chosen !== "string" || chosen === "") {
    throw invalidOption("nonce", '"nonce" must be a non-empty string');
  }
  return chosen;
}

/** Where to send: the checked region options and the endpoint's host and scheme. */
export function checkTarget(options: {
  readonly regionId?: unknown;
  readonly network?: unknown;
  readonly endpoint?: unknown;
  readonly protocol?: unknown;
}): { regionId: string | undefined; host: string; protocol: "https" | "http" } {
  const protocolOption = options.protocol === undefined
    ? undefined
    : oneOf("protocol", options.protocol, ["https", "http"] as const);
  const { regionId } = options;
  if (regionId === undefined && options.network !== undefined) {
    throw invalidOption(
      "network",
      '"network" chooses among a region\'s endpoints: set "regionId" too',
    );
  }
  if (options.network !== undefined) {
    oneOf("network", options.network, ["public", "vpc"] as const);
  }
  if (regionId !== undefined) {
    if (typeof regionId !== "string" || regionId === "") {
      throw invalidOption("regionId", '"regionId" must be a non-empty string');
    }
    if (options.endpoint === undefined) {
      throw invalidOption(
        "regionId",
        '"regionId" needs the endpoint table, which this entry leaves out: pass "endpoint" too, or import the signer from "@acs/rpc", which resolves the region',
      );
    }
  }
  const parsed = options.endpoint === undefined
    ? { protocol: undefined, host: CENTRAL_HOST }
    : parseEndpoint(options.endpoint);
  return {
    regionId: regionId as string | undefined,
    host: parsed.host,
    protocol: chooseProtocol(parsed, protocolOption),
  };
}

/** Adds `RegionId` to the pairs, or checks that the one given agrees. */
export function addRegionId(pairs: [string, string][], regionId: string): void {
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
