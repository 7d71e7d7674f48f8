// Internal: what AssumeRole and AssumeRoleWithOIDC share: where STS is, the
// limits of a session, reading the credentials out of an answer, and keeping
// secrets out of the messages built from an answer.

import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { parseEndpoint } from "../_internal/endpoint.ts";
import { printable, quotePrefix } from "../_internal/suggest.ts";
import { percentEncode } from "../signature/mod.ts";
import { parseInstant } from "./_time.ts";
import { credentialsFrom, credentialsProblem } from "./_validate.ts";
import { CredentialsError } from "./credentials_error.ts";
import type { ProvidedCredentials } from "./provider.ts";

/** The STS API version both actions belong to. */
export const STS_VERSION = "2015-04-01";

/** Where STS is: its scheme and host (with a port when one was given). */
export interface StsTarget {
  readonly protocol: "https" | "http";
  readonly host: string;
}

/** How STS is chosen: an explicit endpoint wins, else the region's, else the central one. */
export interface StsLocation {
  /** `sts.cn-hangzhou.aliyuncs.com`, or an `https://` (or loopback `http://`) URL of a host. */
  readonly endpoint?: string | undefined;
  /** The region whose endpoint to use: `sts.<region>.aliyuncs.com`. */
  readonly regionId?: string | undefined;
  /** With a region: its VPC endpoint `sts-vpc.<region>.aliyuncs.com`. */
  readonly vpc?: boolean | undefined;
}

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?$/i;
const REGION = /^[a-z]{2}(?:-[a-z0-9]+)+$/;

/** A problem with a location, in words, or the target. */
export function stsTarget(location: StsLocation): StsTarget | string {
  if (location.endpoint !== undefined) {
    let parsed;
    try {
      parsed = parseEndpoint(location.endpoint);
    } catch (error) {
      return (error as Error).message.replace(/^Cannot use endpoint /, "the STS endpoint ");
    }
    const protocol = parsed.protocol ?? "https";
    if (protocol === "http" && !LOOPBACK.test(parsed.host)) {
      // The answer carries an access key secret: plain HTTP only to this machine.
      return `the STS endpoint ${
        quotePrefix(location.endpoint)
      } uses plain HTTP, which only a loopback host (127.0.0.1, localhost, [::1]) may use: STS answers hold secrets`;
    }
    return { protocol, host: parsed.host };
  }
  if (location.regionId !== undefined) {
    if (typeof location.regionId !== "string" || !REGION.test(location.regionId)) {
      return `the STS region ${
        typeof location.regionId === "string"
          ? quotePrefix(location.regionId)
          : printable(location.regionId)
      } is not a region id`;
    }
    return {
      protocol: "https",
      host: `${location.vpc ? "sts-vpc" : "sts"}.${location.regionId}.aliyuncs.com`,
    };
  }
  return { protocol: "https", host: "sts.aliyuncs.com" };
}

/**
 * The target, or an error naming the option at fault: an `AcsTypeError`
 * `insecure-protocol` for plain HTTP (as the signers throw it), an
 * `AcsRangeError` `invalid-option` for anything else.
 */
export function stsTargetOption(location: StsLocation): StsTarget {
  const target = stsTarget(location);
  if (typeof target === "string") {
    const parameter = location.endpoint !== undefined ? "stsEndpoint" : "stsRegionId";
    const message = `Cannot assume a role: ${target}`;
    throw target.includes("plain HTTP")
      ? new AcsTypeError("insecure-protocol", message, { parameter })
      : new AcsRangeError("invalid-option", message, { parameter });
  }
  return target;
}

/** The shortest and longest session STS grants, in seconds. */
const MIN_DURATION = 900;
const MAX_DURATION = 43_200;

/** What is wrong with a session duration, or `undefined`. */
export function durationProblem(value: unknown): string | undefined {
  return typeof value !== "number" || !Number.isInteger(value)
    ? "must be a whole number of seconds"
    : value < MIN_DURATION || value > MAX_DURATION
    ? `must be from ${MIN_DURATION} to ${MAX_DURATION} seconds, got ${value}`
    : undefined;
}

/** A session duration option: the value, or 3600 when absent. */
export function durationOption(value: number | undefined, parameter: string): number {
  if (value === undefined) return 3600;
  const problem = durationProblem(value);
  if (problem !== undefined) {
    throw new AcsRangeError("invalid-option", `Cannot assume a role: ${parameter} ${problem}`, {
      parameter,
    });
  }
  return value;
}

/** A default session name, unique enough: `acs-rpc-` and the clock's milliseconds. */
export function defaultSessionName(now: Date): string {
  return `acs-rpc-${now.getTime()}`;
}

/**
 * Reads `Credentials` out of an STS answer (or the whole object, for the
 * metadata service and credentials URIs, which answer them at the top).
 * Problems name the missing field, never a value.
 */
export function answeredCredentials(
  body: Record<string, unknown>,
  context: { readonly provider: string; readonly where: string; readonly source: string },
  path: "Credentials." | "",
): ProvidedCredentials {
  const fields = path === "" ? body : body.Credentials;
  if (typeof fields !== "object" || fields === null) {
    throw new CredentialsError("request-failed", {
      ...context,
      reason: "the answer has no Credentials",
    });
  }
  const found = fields as Record<string, unknown>;
  const credentials = {
    accessKeyId: found.AccessKeyId,
    accessKeySecret: found.AccessKeySecret,
    securityToken: found.SecurityToken,
  };
  const problem = credentialsProblem(credentials, {
    id: `${path}AccessKeyId`,
    secret: `${path}AccessKeySecret`,
    token: `${path}SecurityToken`,
  }, true);
  if (problem !== undefined) {
    throw new CredentialsError("request-failed", {
      ...context,
      reason: `the answer is incomplete: ${problem}`,
    });
  }
  const expiration = parseInstant(found.Expiration);
  if (expiration === undefined) {
    throw new CredentialsError("request-failed", {
      ...context,
      reason: found.Expiration === undefined
        ? `the answer has no ${path}Expiration`
        : `the answer's ${path}Expiration is not an ISO 8601 time with a zone`,
    });
  }
  return credentialsFrom(credentials, {
    expiration,
    source: context.source,
    provider: context.provider,
  });
}

/**
 * Removes every form of the given secrets (raw, percent-encoded once and
 * twice) from a text quoted from a server, before it goes into an error.
 */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    const forms = new Set([secret]);
    try {
      const once = percentEncode(secret);
      forms.add(once).add(percentEncode(once)).add(encodeURIComponent(secret));
    } catch {
      // A lone surrogate has no encoded form to look for.
    }
    for (const form of forms) {
      result = result.replaceAll(form, "[redacted]");
    }
  }
  return result;
}

/** The `Code`, `Message` and `RequestId` of an error answer, told safely. */
export function errorAnswer(
  status: number,
  body: Record<string, unknown> | undefined,
  secrets: readonly (string | undefined)[],
): string {
  const code = typeof body?.Code === "string" ? body.Code : undefined;
  if (code === undefined) return `STS answered HTTP ${status}`;
  const message = typeof body?.Message === "string" ? `: ${scrub(body.Message, secrets)}` : "";
  const requestId = typeof body?.RequestId === "string" ? ` (RequestId ${body.RequestId})` : "";
  return `STS answered ${code} (HTTP ${status})${message}${requestId}`;
}
