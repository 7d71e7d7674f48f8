/**
 * Credentials from a profile of the aliyun CLI's file `~/.aliyun/config.json`.
 *
 * The file is read through `node:fs/promises` and the environment through
 * `node:process`, both loaded lazily: this works in Deno (with `--allow-read`
 * and `--allow-env`), Node and Bun; in a browser or a worker there is no such
 * file, and the provider fails with `unsupported-runtime` unless `env` and
 * `readTextFile` are passed.
 *
 * @module
 */

import { readGetOptions } from "./_validate.ts";
import {
  homeDir,
  joinPath,
  openEnv,
  pickOptions,
  readProviderOptions,
  readTextFile,
  variable,
} from "./_host.ts";
import {
  CREDENTIALS_URI_PROVIDER_OPTIONS,
  OIDC_ROLE_PROVIDER_OPTIONS,
  PROFILE_PROVIDER_OPTIONS,
} from "./_option_names.ts";
import {
  assumeRoleFromProfile,
  durationField,
  ecsFromProfile,
  fromProfile,
  invalidProfile,
  KeptProfile,
  type ProfileContext,
  ProfiledProvider,
  staticFromProfile,
  switchField,
  textField,
} from "./_profile.ts";
import { CredentialsError } from "./credentials_error.ts";
import { CredentialsUriProvider } from "./credentials_uri_provider.ts";
import { OidcRoleProvider } from "./oidc_role_provider.ts";
import type { ProfileProviderOptions } from "./profile_options.ts";
import type {
  CredentialsProvider,
  GetCredentialsOptions,
  ProvidedCredentials,
} from "./provider.ts";

/** The modes this provider reads, as the aliyun CLI writes them. */
const SUPPORTED = [
  "AK",
  "StsToken",
  "RamRoleArn",
  "EcsRamRole",
  "OIDC",
  "ChainableRamRoleArn",
  "CredentialsURI",
] as const;

/** Why the modes that are left out are left out. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  External: "it runs a program named in the file",
  CloudSSO: "it needs a browser sign-in",
  OAuth: "it needs a browser sign-in",
  RsaKeyPair: "Alibaba Cloud retired key pairs for credentials",
};

interface CliProfile {
  readonly [field: string]: unknown;
}

/**
 * A provider that reads a profile of the aliyun CLI's `config.json`: the
 * `profile` option, else `ALIBABA_CLOUD_PROFILE`, else the file's `current`.
 * It supports the modes `AK`, `StsToken`, `RamRoleArn`, `EcsRamRole`, `OIDC`,
 * `ChainableRamRoleArn` (its `source_profile` resolved in the same file,
 * cycles refused) and `CredentialsURI`; `External`, `CloudSSO` and `OAuth`
 * are refused with the reason. The file is read at the first call and the
 * provider it names is kept (refreshing itself as needed); `forceRefresh`
 * reads the file again.
 *
 * Errors name the file, the profile and the field at fault, never a value
 * or the file's content.
 *
 * @example Choosing the second of two profiles
 * ```ts
 * import { CliProfileProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const config = {
 *   current: "first",
 *   profiles: [
 *     { name: "first", mode: "AK", access_key_id: "id1", access_key_secret: "secret1" },
 *     { name: "second", mode: "AK", access_key_id: "id2", access_key_secret: "secret2" },
 *   ],
 * };
 * const provider = new CliProfileProvider({
 *   profile: "second",
 *   homeDir: "/home/me",
 *   env: () => undefined,
 *   readTextFile: async () => JSON.stringify(config),
 * });
 * const credentials = await provider.getCredentials();
 * assert.equal(credentials.accessKeyId, "id2");
 * assert.equal(credentials.source, 'profile "second" (AK) in /home/me/.aliyun/config.json');
 * ```
 */
export class CliProfileProvider implements CredentialsProvider {
  /** `cli-profile`. */
  readonly name = "cli-profile";
  readonly #options: ProfileProviderOptions;
  readonly #kept = new KeptProfile();

  /**
   * Creates the provider; nothing is read until the first call.
   *
   * @param options The profile, the file, and where to read and send.
   * @throws {AcsTypeError} `invalid-option` for a reader, `fetch` or clock
   * that is not a function, a `homeDir` that is not a string, or an unknown
   * option key.
   */
  constructor(options: ProfileProviderOptions = {}) {
    this.#options = readProviderOptions(
      "read the aliyun CLI profile",
      options,
      PROFILE_PROVIDER_OPTIONS,
    );
  }

  /**
   * Returns the credentials of the profile.
   *
   * @param options A signal that ends this call's wait, and whether to read
   * the file again and refresh.
   * @returns The credentials, with their source (`profile "name" (mode) in
   * path`).
   * @throws {CredentialsError} `not-configured` when there is no home
   * directory or no file, `invalid-config` when the file is not valid JSON,
   * names no usable profile or the profile is wrong, the error of the
   * provider the profile names, and `unsupported-runtime` without a file
   * system or environment.
   */
  async getCredentials(options: GetCredentialsOptions = {}): Promise<ProvidedCredentials> {
    options = readGetOptions(options);
    options.signal?.throwIfAborted();
    const context = { provider: this.name, where: "the aliyun CLI profile file" };
    const env = openEnv(this.#options, context);
    const path = this.#options.path ??
      joinPath(homeDir(this.#options, env, context), ".aliyun", "config.json");
    const requested = this.#options.profile ?? variable(env, "ALIBABA_CLOUD_PROFILE");
    const key = `${path}\n${requested ?? ""}`;
    const provider = await this.#kept.get(
      key,
      options.forceRefresh === true,
      () => this.#load(path, requested, env),
    );
    return await provider.getCredentials(options);
  }

  async #load(
    path: string,
    requested: string | undefined,
    env: ProfileContext["env"],
  ): Promise<CredentialsProvider> {
    const where = `the aliyun CLI profile file ${path}`;
    const fail = (code: "not-configured" | "invalid-config", reason: string) =>
      new CredentialsError(code, { provider: this.name, where, reason });
    const text = await readTextFile(this.#options, path, { provider: this.name, where });
    if (text === undefined) throw fail("not-configured", "it does not exist");
    let config: unknown;
    try {
      config = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch {
      // The parser's message may quote the text, secrets and all: never pass it on.
      throw fail("invalid-config", "it is not valid JSON");
    }
    const profiles = (config as { profiles?: unknown } | null)?.profiles;
    if (!Array.isArray(profiles) || profiles.length === 0) {
      throw fail("invalid-config", "it has no profiles");
    }
    const current = (config as { current?: unknown }).current;
    const name = requested ?? (typeof current === "string" && current !== "" ? current : undefined);
    if (name === undefined) {
      throw fail(
        "invalid-config",
        'it names no "current" profile and ALIBABA_CLOUD_PROFILE is not set',
      );
    }
    return this.#build(path, profiles, name, env, []);
  }

  #build(
    path: string,
    profiles: readonly unknown[],
    name: string,
    env: ProfileContext["env"],
    chain: readonly string[],
  ): CredentialsProvider {
    const profile = profiles.find((candidate) =>
      typeof candidate === "object" && candidate !== null &&
      (candidate as CliProfile).name === name
    ) as CliProfile | undefined;
    const fileWhere = `the aliyun CLI profile file ${path}`;
    if (profile === undefined) {
      const names = profiles
        .map((candidate) => (candidate as CliProfile | null)?.name)
        .filter((candidate): candidate is string => typeof candidate === "string");
      throw new CredentialsError("invalid-config", {
        provider: this.name,
        where: fileWhere,
        reason: `it has no profile ${JSON.stringify(name)}${
          chain.length > 0 ? ` (the source_profile of ${JSON.stringify(chain.at(-1))})` : ""
        }; it has ${
          names.length === 0 ? "none with a name" : names.map((n) => JSON.stringify(n)).join(", ")
        }`,
      });
    }
    const mode = profile.mode;
    const where = `profile ${JSON.stringify(name)}${
      typeof mode === "string" && mode !== "" ? ` (${mode})` : ""
    } in ${path}`;
    const context: ProfileContext = { provider: this.name, where, options: this.#options, env };
    const field = (key: string) => textField(context, profile[key], key);
    const inner = ((): CredentialsProvider => {
      switch (mode) {
        case "AK":
          return staticFromProfile(context, {
            accessKeyId: profile.access_key_id,
            accessKeySecret: profile.access_key_secret,
          }, { id: "access_key_id", secret: "access_key_secret" });
        case "StsToken":
          return staticFromProfile(context, {
            accessKeyId: profile.access_key_id,
            accessKeySecret: profile.access_key_secret,
            securityToken: profile.sts_token,
          }, { id: "access_key_id", secret: "access_key_secret", token: "sts_token" });
        case "RamRoleArn":
        case "ChainableRamRoleArn": {
          let source: CredentialsProvider;
          if (mode === "RamRoleArn") {
            source = staticFromProfile(context, {
              accessKeyId: profile.access_key_id,
              accessKeySecret: profile.access_key_secret,
            }, { id: "access_key_id", secret: "access_key_secret" });
          } else {
            const sourceName = field("source_profile");
            if (sourceName === undefined) {
              throw invalidProfile(context, "source_profile is missing");
            }
            const seen = [...chain, name];
            if (seen.includes(sourceName)) {
              throw invalidProfile(
                context,
                `source_profile goes round in a circle: ${
                  [...seen, sourceName].map((n) => JSON.stringify(n)).join(" → ")
                }`,
              );
            }
            source = this.#build(path, profiles, sourceName, env, seen);
          }
          return assumeRoleFromProfile(context, source, {
            roleArn: field("ram_role_arn"),
            roleSessionName: field("ram_session_name"),
            durationSeconds: durationField(context, profile.expired_seconds, "expired_seconds"),
            stsRegionId: field("sts_region"),
            vpc: switchField(context, profile.enable_vpc, "enable_vpc"),
            stsEndpoint: field("sts_endpoint"),
            policy: field("policy"),
            externalId: field("external_id"),
          }, { roleArn: "ram_role_arn" });
        }
        case "EcsRamRole":
          return ecsFromProfile(context, field("ram_role_name"));
        case "OIDC":
          return fromProfile(context, () =>
            new OidcRoleProvider({
              ...pickOptions(this.#options, OIDC_ROLE_PROVIDER_OPTIONS),
              env,
              roleArn: field("ram_role_arn"),
              oidcProviderArn: field("oidc_provider_arn"),
              oidcTokenFile: field("oidc_token_file"),
              roleSessionName: field("ram_session_name"),
              // The official SDK lets a missing duration_seconds undo expired_seconds.
              durationSeconds:
                durationField(context, profile.duration_seconds, "duration_seconds") ??
                  durationField(context, profile.expired_seconds, "expired_seconds"),
              stsRegionId: field("sts_region"),
              vpc: switchField(context, profile.enable_vpc, "enable_vpc"),
              stsEndpoint: this.#options.stsEndpoint ?? field("sts_endpoint"),
            }));
        case "CredentialsURI": {
          const uri = field("credentials_uri");
          if (uri === undefined) throw invalidProfile(context, "credentials_uri is missing");
          return fromProfile(context, () =>
            new CredentialsUriProvider({
              ...pickOptions(this.#options, CREDENTIALS_URI_PROVIDER_OPTIONS),
              uri,
            }));
        }
        default:
          throw invalidProfile(
            context,
            typeof mode !== "string" || mode === ""
              ? "it has no mode"
              : `mode ${JSON.stringify(mode)} is not supported${
                UNSUPPORTED[mode] === undefined ? "" : ` (${UNSUPPORTED[mode]})`
              }; supported: ${SUPPORTED.join(", ")}`,
          );
      }
    })();
    return new ProfiledProvider(this.name, where, inner);
  }
}
