/**
 * The default credentials chain: the places and the order of the official
 * `@alicloud/credentials` default chain, with its environment switches.
 *
 * The environment and file providers in it read through `node:` built-ins,
 * loaded lazily (Deno needs `--allow-env` and `--allow-read`, and
 * `--allow-net` for the services); in a browser or a worker, pass `env`
 * (and `readTextFile` for files), or those places fail with
 * `unsupported-runtime` and the chain goes on to the next.
 *
 * @module
 */

import { AcsTypeError } from "../errors/mod.ts";
import { openEnv, pickOptions, readProviderOptions, switchOn } from "./_host.ts";
import {
  CREDENTIALS_URI_PROVIDER_OPTIONS,
  DEFAULT_CHAIN_OPTIONS,
  ECS_RAM_ROLE_PROVIDER_OPTIONS,
  ENVIRONMENT_PROVIDER_OPTIONS,
  OIDC_ROLE_PROVIDER_OPTIONS,
  PROFILE_PROVIDER_OPTIONS,
} from "./_option_names.ts";
import { ChainProvider } from "./chain_provider.ts";
import { CliProfileProvider } from "./cli_profile_provider.ts";
import { CredentialsError } from "./credentials_error.ts";
import { CredentialsUriProvider } from "./credentials_uri_provider.ts";
import { EcsRamRoleProvider } from "./ecs_ram_role_provider.ts";
import { EnvironmentProvider } from "./environment_provider.ts";
import type { HostOptions } from "./host_options.ts";
import { IniProfileProvider } from "./ini_profile_provider.ts";
import { OidcRoleProvider } from "./oidc_role_provider.ts";
import type {
  CredentialsProvider,
  GetCredentialsOptions,
  ProvidedCredentials,
} from "./provider.ts";
import type { RefreshOptions } from "./refreshing_provider.ts";

/** Options of {@linkcode defaultChain}. */
export interface DefaultChainOptions extends HostOptions, RefreshOptions {
  /** The `fetch` for STS, the metadata service and credentials URIs. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** The STS endpoint for every role the chain assumes (a proxy, a test). */
  readonly stsEndpoint?: string | undefined;
  /** The ECS metadata service. Default `http://100.100.100.200`. */
  readonly metadataEndpoint?: string | undefined;
  /**
   * How long each request to the metadata service may take, in
   * milliseconds. Default 1 000: off an instance, the chain's walk waits at
   * most this long there, once.
   */
  readonly metadataTimeoutMs?: number | undefined;
}

const CLI_SWITCH = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/** The aliyun CLI profile provider, unless its switch turns it off. */
class SwitchedCliProfile implements CredentialsProvider {
  readonly name = "cli-profile";
  readonly #options: DefaultChainOptions;
  readonly #provider: CliProfileProvider;

  constructor(options: DefaultChainOptions) {
    this.#options = options;
    this.#provider = new CliProfileProvider(options);
  }

  async getCredentials(options?: GetCredentialsOptions): Promise<ProvidedCredentials> {
    const context = { provider: this.name, where: "the aliyun CLI profile file" };
    if (switchOn(openEnv(this.#options, context), CLI_SWITCH)) {
      throw new CredentialsError("not-configured", {
        ...context,
        reason: `disabled by ${CLI_SWITCH}=true`,
      });
    }
    return await this.#provider.getCredentials(options);
  }
}

/**
 * The default chain. At every call it asks, in this order (the order of
 * `@alicloud/credentials` 2.4):
 *
 * 1. the environment: `ALIBABA_CLOUD_ACCESS_KEY_ID`,
 *    `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN`
 *    ({@linkcode EnvironmentProvider});
 * 2. OIDC (ACK RRSA), when `ALIBABA_CLOUD_ROLE_ARN`,
 *    `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE`
 *    are all set ({@linkcode OidcRoleProvider});
 * 3. the aliyun CLI's `~/.aliyun/config.json`, unless
 *    `ALIBABA_CLOUD_CLI_PROFILE_DISABLED` is `true`
 *    ({@linkcode CliProfileProvider});
 * 4. the INI file `ALIBABA_CLOUD_CREDENTIALS_FILE`, else
 *    `~/.alibabacloud/credentials` (or `credentials.ini`)
 *    ({@linkcode IniProfileProvider});
 * 5. the ECS metadata service, unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED`
 *    is `true` ({@linkcode EcsRamRoleProvider});
 * 6. `ALIBABA_CLOUD_CREDENTIALS_URI`, when set
 *    ({@linkcode CredentialsUriProvider}).
 *
 * `ALIBABA_CLOUD_PROFILE` chooses the profile of both files. Unlike the
 * official chain it remembers no "last provider" between calls (each
 * provider caches its own credentials; a failure is never sticky), concurrent
 * calls share one walk, an unset URI variable sends nothing, the metadata
 * service costs one request of at most `metadataTimeoutMs` when nothing
 * answers, expired credentials are never handed out, and its errors hold no
 * secret. When nothing is found, the error lists all six places and why
 * each gave nothing.
 *
 * @param options Where to read, how to send, and the refresh policy.
 * @returns The chain, named `default-chain`.
 * @throws {AcsTypeError} `invalid-option` for options that are not an
 * object, an unknown option key (the profile is chosen by
 * `ALIBABA_CLOUD_PROFILE`, not by an option), a reader, `fetch` or clock
 * that is not a function, or a `homeDir` that is not a string; and the
 * errors of the providers' constructors.
 *
 * @example Finding credentials in the environment first
 * ```ts
 * import { defaultChain } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const variables: Record<string, string> = {
 *   ALIBABA_CLOUD_ACCESS_KEY_ID: "testid",
 *   ALIBABA_CLOUD_ACCESS_KEY_SECRET: "testsecret",
 * };
 * const chain = defaultChain({ env: (name) => variables[name] });
 * const credentials = await chain.getCredentials();
 * assert.equal(credentials.provider, "environment");
 * ```
 *
 * @example Listing where it looked
 * ```ts
 * import { CredentialsError, defaultChain } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const variables: Record<string, string> = {
 *   HOME: "/nonexistent",
 *   ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
 * };
 * const chain = defaultChain({
 *   env: (name) => variables[name],
 *   readTextFile: () => Promise.reject(Object.assign(new Error("missing"), { code: "ENOENT" })),
 * });
 * await assert.rejects(chain.getCredentials(), (error) => {
 *   assert.ok(error instanceof CredentialsError);
 *   assert.deepEqual(error.attempts.map((attempt) => attempt.provider), [
 *     "environment",
 *     "oidc-role",
 *     "cli-profile",
 *     "ini-profile",
 *     "ecs-ram-role",
 *     "credentials-uri",
 *   ]);
 *   return true;
 * });
 * ```
 */
export function defaultChain(options: DefaultChainOptions = {}): ChainProvider {
  let shared: DefaultChainOptions;
  try {
    shared = readProviderOptions("use the default chain", options, DEFAULT_CHAIN_OPTIONS);
  } catch (error) {
    // A profile is a choice of source, not a setting of the chain: say what to use.
    if (error instanceof AcsTypeError && error.parameter === "profile") {
      throw new AcsTypeError(
        "invalid-option",
        'Cannot use the default chain: "profile" is not one of its options; set ' +
          "ALIBABA_CLOUD_PROFILE for the whole chain, or use " +
          "new CliProfileProvider({ profile }) (or IniProfileProvider) for that profile alone",
        { parameter: "profile" },
      );
    }
    throw error;
  }
  // Each provider refuses the options it does not know: it gets only its own.
  return new ChainProvider([
    new EnvironmentProvider(pickOptions(shared, ENVIRONMENT_PROVIDER_OPTIONS)),
    new OidcRoleProvider(pickOptions(shared, OIDC_ROLE_PROVIDER_OPTIONS)),
    new SwitchedCliProfile(pickOptions(shared, PROFILE_PROVIDER_OPTIONS)),
    new IniProfileProvider(pickOptions(shared, PROFILE_PROVIDER_OPTIONS)),
    new EcsRamRoleProvider({
      ...pickOptions(shared, ECS_RAM_ROLE_PROVIDER_OPTIONS),
      endpoint: shared.metadataEndpoint,
      timeoutMs: shared.metadataTimeoutMs,
    }),
    new CredentialsUriProvider(pickOptions(shared, CREDENTIALS_URI_PROVIDER_OPTIONS)),
  ], { name: "default-chain", where: "the default credentials chain" });
}
