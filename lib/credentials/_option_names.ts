// Internal: the option names of each credentials provider: the keys its
// constructor accepts (any other is refused as a misspelling), and the keys
// one provider passes on to another that it builds. Each list is written as
// a record of its interface's fields, which the compiler checks (see
// optionNames: a field left out, or a name that is no field, fails `deno
// check`), so that a list cannot drift from its interface. The fields of
// RefreshOptions and HostOptions, which several interfaces extend, are
// written once (REFRESH, HOST) and spread, in their place in the order; the
// compiler does not check a spread's names against the interface, so
// `composed` does (a spread name that is no field fails `deno check`).
// mod.ts never re-exports this file.

import { optionNames } from "../_internal/options.ts";
import type { AssumeRoleProviderOptions } from "./assume_role_provider.ts";
import type { ChainProviderOptions } from "./chain_provider.ts";
import type { CredentialsUriProviderOptions } from "./credentials_uri_provider.ts";
import type { DefaultChainOptions } from "./default_chain.ts";
import type { EcsRamRoleProviderOptions } from "./ecs_ram_role_provider.ts";
import type { EnvironmentProviderOptions } from "./environment_provider.ts";
import type { HostOptions } from "./host_options.ts";
import type { OidcRoleProviderOptions } from "./oidc_role_provider.ts";
import type { ProfileProviderOptions } from "./profile_options.ts";
import type { RefreshingProviderOptions, RefreshOptions } from "./refreshing_provider.ts";
import type { StaticProviderOptions } from "./static_provider.ts";

type Names<T> = { readonly [K in keyof T]-?: true };

/** Every field of {@linkcode RefreshOptions}, to spread. */
const REFRESH: Names<RefreshOptions> = {
  now: true,
  refreshMarginMs: true,
  expiryMarginMs: true,
  retryDelayMs: true,
  maxRetryDelayMs: true,
  onRefreshError: true,
};

/** Every field of {@linkcode HostOptions}, to spread. */
const HOST: Names<HostOptions> = { env: true, homeDir: true, readTextFile: true };

/**
 * {@linkcode optionNames} of a record that spreads REFRESH or HOST: each name
 * of theirs must be a field of `T` too, which a spread alone does not check.
 */
function composed<T extends object>(
  names:
    & Names<T>
    & { readonly [K in Exclude<keyof (RefreshOptions & HostOptions), keyof T>]?: never },
): readonly (keyof T & string)[] {
  return optionNames<T>(names);
}

/** {@linkcode RefreshOptions}: what a provider passes its RefreshingProvider. */
export const REFRESH_OPTIONS = optionNames<RefreshOptions>(REFRESH);

/** {@linkcode RefreshingProviderOptions}. */
export const REFRESHING_PROVIDER_OPTIONS = composed<RefreshingProviderOptions>({
  ...REFRESH,
  name: true,
  fetchCredentials: true,
});

/** {@linkcode EnvironmentProviderOptions}. */
export const ENVIRONMENT_PROVIDER_OPTIONS = optionNames<EnvironmentProviderOptions>({ env: true });

/** {@linkcode StaticProviderOptions}. */
export const STATIC_PROVIDER_OPTIONS = optionNames<StaticProviderOptions>({
  source: true,
  now: true,
});

/** {@linkcode ChainProviderOptions}. */
export const CHAIN_PROVIDER_OPTIONS = optionNames<ChainProviderOptions>({
  name: true,
  where: true,
});

/** {@linkcode AssumeRoleProviderOptions}. */
export const ASSUME_ROLE_PROVIDER_OPTIONS = composed<AssumeRoleProviderOptions>({
  ...REFRESH,
  source: true,
  roleArn: true,
  roleSessionName: true,
  durationSeconds: true,
  policy: true,
  externalId: true,
  stsEndpoint: true,
  stsRegionId: true,
  vpc: true,
  fetch: true,
  timeoutMs: true,
  retry: true,
});

/** {@linkcode OidcRoleProviderOptions}. */
export const OIDC_ROLE_PROVIDER_OPTIONS = composed<OidcRoleProviderOptions>({
  ...REFRESH,
  ...HOST,
  roleArn: true,
  oidcProviderArn: true,
  oidcTokenFile: true,
  roleSessionName: true,
  durationSeconds: true,
  policy: true,
  stsEndpoint: true,
  stsRegionId: true,
  vpc: true,
  fetch: true,
  timeoutMs: true,
});

/** {@linkcode EcsRamRoleProviderOptions}. */
export const ECS_RAM_ROLE_PROVIDER_OPTIONS = composed<EcsRamRoleProviderOptions>({
  ...REFRESH,
  roleName: true,
  endpoint: true,
  imdsV1Disabled: true,
  tokenTtlSeconds: true,
  timeoutMs: true,
  env: true,
  fetch: true,
});

/** {@linkcode CredentialsUriProviderOptions}. */
export const CREDENTIALS_URI_PROVIDER_OPTIONS = composed<CredentialsUriProviderOptions>({
  ...REFRESH,
  uri: true,
  env: true,
  fetch: true,
  timeoutMs: true,
});

/** {@linkcode ProfileProviderOptions}, of CliProfileProvider and IniProfileProvider. */
export const PROFILE_PROVIDER_OPTIONS = composed<ProfileProviderOptions>({
  ...HOST,
  ...REFRESH,
  profile: true,
  path: true,
  fetch: true,
  stsEndpoint: true,
  metadataEndpoint: true,
  metadataTimeoutMs: true,
});

/** {@linkcode DefaultChainOptions}. */
export const DEFAULT_CHAIN_OPTIONS = composed<DefaultChainOptions>({
  ...HOST,
  ...REFRESH,
  fetch: true,
  stsEndpoint: true,
  metadataEndpoint: true,
  metadataTimeoutMs: true,
});
