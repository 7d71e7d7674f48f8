// Internal: what the aliyun CLI profile file and the INI file share: turning
// a profile into the provider it names, with the official SDKs' environment
// fallbacks for role settings, and telling where credentials came from.

import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { pickOptions, switchOn, variable } from "./_host.ts";
import { ASSUME_ROLE_PROVIDER_OPTIONS, ECS_RAM_ROLE_PROVIDER_OPTIONS } from "./_option_names.ts";
import { durationProblem } from "./_sts.ts";
import { credentialsProblem, type FoundCredentials } from "./_validate.ts";
import { AssumeRoleProvider } from "./assume_role_provider.ts";
import { CredentialsError } from "./credentials_error.ts";
import { EcsRamRoleProvider } from "./ecs_ram_role_provider.ts";
import type { EnvReader } from "./host_options.ts";
import type { ProfileProviderOptions } from "./profile_options.ts";
import type {
  CredentialsProvider,
  GetCredentialsOptions,
  ProvidedCredentials,
} from "./provider.ts";
import { StaticProvider } from "./static_provider.ts";

/** One profile being read: who reads it, and where it is. */
export interface ProfileContext {
  /** The reading provider's name. */
  readonly provider: string;
  /** `profile "name" (mode) in /path`. */
  readonly where: string;
  readonly options: ProfileProviderOptions;
  readonly env: EnvReader;
}

/** A profile that cannot be used as written. */
export function invalidProfile(context: ProfileContext, reason: string): CredentialsError {
  return new CredentialsError("invalid-config", {
    provider: context.provider,
    where: context.where,
    reason,
  });
}

/** Runs a constructor whose option errors are the profile's fault. */
export function fromProfile<T>(context: ProfileContext, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof AcsTypeError || error instanceof AcsRangeError) {
      throw invalidProfile(context, error.message.replace(/^Cannot [^:]*: /, ""));
    }
    throw error;
  }
}

/** Fixed credentials from a profile's fields; field names as the file spells them. */
export function staticFromProfile(
  context: ProfileContext,
  found: FoundCredentials,
  names: { readonly id: string; readonly secret: string; readonly token?: string },
): CredentialsProvider {
  const problem = credentialsProblem(found, names, names.token !== undefined);
  if (problem !== undefined) throw invalidProfile(context, problem);
  return new StaticProvider({
    accessKeyId: found.accessKeyId as string,
    accessKeySecret: found.accessKeySecret as string,
    ...(names.token === undefined ? {} : { securityToken: found.securityToken as string }),
  }, { source: context.where });
}

/** A string field, or `undefined` when absent or empty; anything else is refused. */
export function textField(
  context: ProfileContext,
  value: unknown,
  name: string,
): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw invalidProfile(context, `${name} is not a string`);
  return value;
}

/** A yes/no field: true or "true", false or "false" (in any case); absent is `undefined`. */
export function switchField(
  context: ProfileContext,
  value: unknown,
  name: string,
): boolean | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(?:true|false)$/i.test(value)) {
    return value.toLowerCase() === "true";
  }
  throw invalidProfile(context, `${name} must be true or false`);
}

/** A session duration field: 0 or absent means the default 3600. */
export function durationField(
  context: ProfileContext,
  value: unknown,
  name: string,
): number | undefined {
  if (value === undefined || value === null || value === 0 || value === "") return undefined;
  const seconds = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  const problem = durationProblem(seconds);
  if (problem !== undefined) throw invalidProfile(context, `${name} ${problem}`);
  return seconds as number;
}

/** The role settings a profile gives (each may fall back to a variable). */
export interface RoleSettings {
  readonly roleArn: string | undefined;
  readonly roleSessionName: string | undefined;
  readonly durationSeconds: number | undefined;
  readonly stsRegionId: string | undefined;
  readonly vpc: boolean | undefined;
  readonly stsEndpoint: string | undefined;
  readonly policy: string | undefined;
  readonly externalId: string | undefined;
}

/**
 * An AssumeRole provider for a role profile. As in the official SDKs, a
 * missing role ARN, session name, STS region or VPC switch is taken from
 * `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_ROLE_SESSION_NAME`,
 * `ALIBABA_CLOUD_STS_REGION` and `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`.
 */
export function assumeRoleFromProfile(
  context: ProfileContext,
  source: CredentialsProvider,
  role: RoleSettings,
  names: { readonly roleArn: string },
): CredentialsProvider {
  const { env, options } = context;
  const roleArn = role.roleArn ?? variable(env, "ALIBABA_CLOUD_ROLE_ARN");
  if (roleArn === undefined) {
    throw invalidProfile(
      context,
      `${names.roleArn} is missing (and ALIBABA_CLOUD_ROLE_ARN is not set)`,
    );
  }
  return fromProfile(context, () =>
    new AssumeRoleProvider({
      ...pickOptions(options, ASSUME_ROLE_PROVIDER_OPTIONS),
      source,
      roleArn,
      roleSessionName: role.roleSessionName ?? variable(env, "ALIBABA_CLOUD_ROLE_SESSION_NAME"),
      durationSeconds: role.durationSeconds,
      stsEndpoint: options.stsEndpoint ?? role.stsEndpoint,
      stsRegionId: role.stsRegionId ?? variable(env, "ALIBABA_CLOUD_STS_REGION"),
      vpc: role.vpc ?? switchOn(env, "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"),
      policy: role.policy,
      externalId: role.externalId,
    }));
}

/** A metadata-service provider for an ECS RAM role profile. */
export function ecsFromProfile(
  context: ProfileContext,
  roleName: string | undefined,
): CredentialsProvider {
  const { env, options } = context;
  return fromProfile(context, () =>
    new EcsRamRoleProvider({
      ...pickOptions(options, ECS_RAM_ROLE_PROVIDER_OPTIONS),
      env,
      roleName,
      endpoint: options.metadataEndpoint,
      timeoutMs: options.metadataTimeoutMs,
    }));
}

/**
 * The provider a profile names, answering as the profile: its errors say
 * which profile, and its credentials say where they came from.
 */
export class ProfiledProvider implements CredentialsProvider {
  readonly name: string;
  readonly #inner: CredentialsProvider;
  readonly #where: string;

  constructor(name: string, where: string, inner: CredentialsProvider) {
    this.name = name;
    this.#where = where;
    this.#inner = inner;
  }

  async getCredentials(options?: GetCredentialsOptions): Promise<ProvidedCredentials> {
    let credentials: ProvidedCredentials;
    try {
      credentials = await this.#inner.getCredentials(options);
    } catch (error) {
      if (!(error instanceof CredentialsError)) throw error;
      // What the profile points at is not set up: the profile is wrong.
      const code = error.code === "not-configured"
        ? "invalid-config"
        : error.code === "no-credentials"
        ? "request-failed"
        : error.code;
      throw new CredentialsError(code, {
        provider: this.name,
        where: this.#where,
        reason: error.where === this.#where ? error.reason : `${error.where}: ${error.reason}`,
      });
    }
    const source = credentials.source === undefined || credentials.source === this.#where
      ? this.#where
      : `${this.#where}: ${credentials.source}`;
    return { ...credentials, source, provider: this.name };
  }
}

/**
 * The provider a profile file names, kept per file and profile: loaded once
 * (concurrent calls share the load), loaded again on a forced refresh or
 * when the file or profile changes; a failed load is not kept.
 */
export class KeptProfile {
  #kept: { readonly key: string; readonly provider: Promise<CredentialsProvider> } | undefined;

  get(
    key: string,
    reload: boolean,
    load: () => Promise<CredentialsProvider>,
  ): Promise<CredentialsProvider> {
    if (reload || this.#kept?.key !== key) {
      const entry = { key, provider: load() };
      this.#kept = entry;
      entry.provider.catch(() => {
        if (this.#kept === entry) this.#kept = undefined;
      });
    }
    return this.#kept!.provider;
  }
}
