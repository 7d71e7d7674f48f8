/**
 * Temporary credentials of a RAM role, from STS `AssumeRole`, signed with
 * this library's own signer and sent with its own client ({@linkcode call}).
 * Only `fetch` is needed, so it works in every runtime.
 *
 * @module
 */

import { ApiError, call, type RetryOptions } from "../client/mod.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import type { Credentials } from "../signature/mod.ts";
import {
  answeredCredentials,
  defaultSessionName,
  durationOption,
  scrub,
  STS_VERSION,
  type StsTarget,
  stsTargetOption,
} from "./_sts.ts";
import { pickOptions, readProviderOptions } from "./_host.ts";
import { ASSUME_ROLE_PROVIDER_OPTIONS, REFRESH_OPTIONS } from "./_option_names.ts";
import { textOption, timeoutOption } from "./_validate.ts";
import { CredentialsError } from "./credentials_error.ts";
import {
  type CredentialsProvider,
  type GetCredentialsOptions,
  isCredentialsProvider,
  type ProvidedCredentials,
} from "./provider.ts";
import { RefreshingProvider, type RefreshOptions } from "./refreshing_provider.ts";
import { StaticProvider } from "./static_provider.ts";
import { checkedClock } from "../_internal/options.ts";

/** Options of {@linkcode AssumeRoleProvider}. */
export interface AssumeRoleProviderOptions extends RefreshOptions {
  /** The credentials that sign `AssumeRole`: fixed ones, or a provider. */
  readonly source: CredentialsProvider | Credentials;
  /** The role to assume: `acs:ram::<account>:role/<name>`. */
  readonly roleArn: string;
  /** The session name STS records. Default `acs-rpc-<milliseconds>`, fixed when created. */
  readonly roleSessionName?: string | undefined;
  /** How long the credentials last, in seconds, from 900 to 43200. Default 3600. */
  readonly durationSeconds?: number | undefined;
  /** A policy (JSON text) that narrows the role's permissions. */
  readonly policy?: string | undefined;
  /** The external id the role's trust policy asks for. */
  readonly externalId?: string | undefined;
  /**
   * Where STS is: a host (`sts.cn-hangzhou.aliyuncs.com`) or an `https://`
   * URL of one; plain `http://` only to a loopback host. Default: the
   * region's endpoint, else `sts.aliyuncs.com`.
   */
  readonly stsEndpoint?: string | undefined;
  /** The region whose STS endpoint to use, without `stsEndpoint`. */
  readonly stsRegionId?: string | undefined;
  /** With `stsRegionId`: use its VPC endpoint `sts-vpc.<region>.aliyuncs.com`. */
  readonly vpc?: boolean | undefined;
  /** The `fetch` to send with. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** How long one refresh may take, in milliseconds, retries included. Default 10 000. */
  readonly timeoutMs?: number | undefined;
  /** How {@linkcode call} retries `AssumeRole`. Default 2 attempts in all. */
  readonly retry?: RetryOptions | undefined;
}

/**
 * A provider of a RAM role's temporary credentials: it calls STS
 * `AssumeRole` (a form `POST`, signed with the `source` credentials) and
 * caches the answer, refreshing it a margin before it expires (see
 * {@linkcode RefreshingProvider}: concurrent calls share one refresh, and a
 * failed refresh is covered by the cached credentials while they last).
 *
 * @example Assuming a role against a stand-in STS
 * ```ts
 * import { AssumeRoleProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const fakeSts = (async (_url: string | URL | Request, init?: RequestInit) => {
 *   const form = new URLSearchParams(String(init?.body));
 *   assert.equal(form.get("Action"), "AssumeRole");
 *   assert.equal(form.get("RoleArn"), "acs:ram::123:role/reader");
 *   return Response.json({
 *     RequestId: "R",
 *     Credentials: {
 *       AccessKeyId: "STS.id",
 *       AccessKeySecret: "sts-secret",
 *       SecurityToken: "sts-token",
 *       Expiration: new Date(Date.now() + 3_600_000).toISOString(),
 *     },
 *   });
 * }) as typeof fetch;
 *
 * const provider = new AssumeRoleProvider({
 *   source: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *   roleArn: "acs:ram::123:role/reader",
 *   fetch: fakeSts,
 * });
 * const credentials = await provider.getCredentials();
 * assert.equal(credentials.accessKeyId, "STS.id");
 * assert.equal(credentials.securityToken, "sts-token");
 * ```
 */
export class AssumeRoleProvider implements CredentialsProvider {
  /** `assume-role`. */
  readonly name = "assume-role";
  readonly #refreshing: RefreshingProvider;

  /**
   * Checks the options; nothing is sent until the first call.
   *
   * @param options The source credentials, the role, and the session.
   * @throws {AcsTypeError} `invalid-option` for a missing role ARN, a
   * source that is neither credentials nor a provider, `fetch` or `now`
   * that is not a function, or an unknown option key; `insecure-protocol` for plain HTTP to a host
   * that is not this machine (as the signers throw it).
   * @throws {AcsRangeError} `invalid-option` for a duration out of range or a
   * bad endpoint.
   */
  constructor(options: AssumeRoleProviderOptions) {
    if (typeof options !== "object" || options === null) {
      throw new AcsTypeError("invalid-option", "Cannot assume a role: expected an options object", {
        parameter: "options",
      });
    }
    options = readProviderOptions("assume a role", options, ASSUME_ROLE_PROVIDER_OPTIONS);
    const roleArn = textOption("assume a role", "roleArn", options.roleArn, true)!;
    const now = checkedClock("assume a role", options.now);
    const roleSessionName =
      textOption("assume a role", "roleSessionName", options.roleSessionName) ??
        defaultSessionName(now());
    const durationSeconds = durationOption(options.durationSeconds, "durationSeconds");
    const policy = textOption("assume a role", "policy", options.policy);
    const externalId = textOption("assume a role", "externalId", options.externalId);
    const target = stsTargetOption({
      endpoint: options.stsEndpoint,
      regionId: options.stsRegionId,
      vpc: options.vpc,
    });
    const source = isCredentialsProvider(options.source)
      ? options.source
      : typeof options.source === "object" && options.source !== null
      ? new StaticProvider(options.source)
      : undefined;
    if (source === undefined) {
      throw new AcsTypeError(
        "invalid-option",
        'Cannot assume a role: "source" must be credentials or a credentials provider',
        { parameter: "source" },
      );
    }
    const timeoutMs = timeoutOption("assume a role", options.timeoutMs, 10_000);
    const request: AssumeRoleRequest = {
      source,
      roleArn,
      roleSessionName,
      durationSeconds,
      policy,
      externalId,
      target,
      send: options.fetch,
      now,
      timeoutMs,
      retry: options.retry ?? { maxAttempts: 2 },
    };
    this.#refreshing = new RefreshingProvider({
      ...pickOptions(options, REFRESH_OPTIONS),
      name: this.name,
      fetchCredentials: () => assumeRole(request, this.name),
    });
  }

  /**
   * Returns the role's credentials: cached while fresh, else from STS.
   *
   * @param options A signal that ends this call's wait, and whether to
   * refresh now.
   * @returns The temporary credentials, with their expiry.
   * @throws {CredentialsError} `request-failed` when STS refuses or cannot be
   * reached (and no usable credentials are cached), `invalid-config` when
   * the source credentials cannot sign, the source's own error when it has
   * no credentials, `expired-credentials` when STS answers credentials
   * about to expire.
   */
  getCredentials(options?: GetCredentialsOptions): Promise<ProvidedCredentials> {
    return this.#refreshing.getCredentials(options);
  }
}

interface AssumeRoleRequest {
  readonly source: CredentialsProvider;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  readonly policy: string | undefined;
  readonly externalId: string | undefined;
  readonly target: StsTarget;
  readonly send: typeof fetch | undefined;
  readonly now: () => Date;
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
}

async function assumeRole(
  request: AssumeRoleRequest,
  provider: string,
): Promise<ProvidedCredentials> {
  const where = `STS AssumeRole of ${request.roleArn} at ${request.target.host}`;
  const context = { provider, where };
  let signing: ProvidedCredentials;
  try {
    signing = await request.source.getCredentials();
  } catch (error) {
    if (!(error instanceof CredentialsError)) throw error;
    throw new CredentialsError(error.code === "no-credentials" ? "not-configured" : error.code, {
      ...context,
      reason: `no credentials to sign it with: ${error.message}`,
    });
  }
  const secrets = [signing.accessKeySecret, signing.securityToken];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  let answer;
  try {
    answer = await call({
      action: "AssumeRole",
      version: STS_VERSION,
      endpoint: request.target.host,
      protocol: request.target.protocol,
      method: "POST",
      params: {
        RoleArn: request.roleArn,
        RoleSessionName: request.roleSessionName,
        DurationSeconds: String(request.durationSeconds),
        ...(request.policy === undefined ? {} : { Policy: request.policy }),
        ...(request.externalId === undefined ? {} : { ExternalId: request.externalId }),
      },
      credentials: signing,
      fetch: request.send,
      now: request.now,
      retry: request.retry,
      signal: controller.signal,
    });
  } catch (error) {
    if (controller.signal.aborted) {
      throw new CredentialsError("request-failed", {
        ...context,
        reason: `no answer within ${request.timeoutMs} ms`,
      });
    }
    if (error instanceof ApiError) {
      throw new CredentialsError("request-failed", {
        ...context,
        reason: `STS answered ${error.code} (HTTP ${error.status}): ${
          scrub(error.message, secrets)
        }${error.requestId === undefined ? "" : ` (RequestId ${error.requestId})`}`,
      });
    }
    const signingProblem = error instanceof AcsTypeError || error instanceof AcsRangeError;
    throw new CredentialsError(signingProblem ? "invalid-config" : "request-failed", {
      ...context,
      reason: scrub(error instanceof Error ? error.message : String(error), secrets),
    });
  } finally {
    clearTimeout(timer);
  }
  return answeredCredentials(answer, {
    ...context,
    source: `role ${request.roleArn} (STS AssumeRole at ${request.target.host}, signed with ${
      signing.source ?? "the source credentials"
    })`,
  }, "Credentials.");
}
