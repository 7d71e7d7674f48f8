/**
 * Credentials from a profile of the INI credentials file:
 * `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials` (the
 * official Node SDK's name), else `~/.alibabacloud/credentials.ini` (the
 * name the Python and Java SDKs use).
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
  readProviderOptions,
  readTextFile,
  variable,
} from "./_host.ts";
import { PROFILE_PROVIDER_OPTIONS } from "./_option_names.ts";
import { parseIni } from "./_ini.ts";
import {
  assumeRoleFromProfile,
  ecsFromProfile,
  invalidProfile,
  KeptProfile,
  type ProfileContext,
  ProfiledProvider,
  staticFromProfile,
} from "./_profile.ts";
import { CredentialsError } from "./credentials_error.ts";
import type { ProfileProviderOptions } from "./profile_options.ts";
import type {
  CredentialsProvider,
  GetCredentialsOptions,
  ProvidedCredentials,
} from "./provider.ts";

const TYPES = ["access_key", "ecs_ram_role", "ram_role_arn"] as const;

/**
 * A provider that reads a profile (a section) of the INI credentials file:
 * the `profile` option, else `ALIBABA_CLOUD_PROFILE`, else `default`. Its
 * `type` is `access_key` (`access_key_id`, `access_key_secret`),
 * `ecs_ram_role` (`role_name`) or `ram_role_arn` (`access_key_id`,
 * `access_key_secret`, `role_arn`, `role_session_name`, `policy`), as in the
 * official Node SDK. The file is read at the first call and the provider it
 * names is kept; `forceRefresh` reads it again.
 *
 * Values are read as the official SDK's parser reads them (`;` and `#`
 * start comments, quotes are removed); unlike it, a byte order mark, white
 * space around a `[section]` line and dots in a section name do not lose the
 * section. Errors name the file, the profile and the key at fault, never a
 * value.
 *
 * @example Reading the default profile
 * ```ts
 * import { IniProfileProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const provider = new IniProfileProvider({
 *   path: "/home/me/.alibabacloud/credentials",
 *   env: () => undefined,
 *   readTextFile: async () =>
 *     "[default]\ntype = access_key\naccess_key_id = id1\naccess_key_secret = secret1\n",
 * });
 * const credentials = await provider.getCredentials();
 * assert.equal(credentials.accessKeyId, "id1");
 * assert.equal(credentials.source, 'profile "default" (access_key) in /home/me/.alibabacloud/credentials');
 * ```
 */
export class IniProfileProvider implements CredentialsProvider {
  /** `ini-profile`. */
  readonly name = "ini-profile";
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
      "read the credentials file",
      options,
      PROFILE_PROVIDER_OPTIONS,
    );
  }

  /**
   * Returns the credentials of the profile.
   *
   * @param options A signal that ends this call's wait, and whether to read
   * the file again and refresh.
   * @returns The credentials, with their source (`profile "name" (type) in
   * path`).
   * @throws {CredentialsError} `not-configured` when there is no home
   * directory or no file, `invalid-config` when the profile is missing or
   * wrong, the error of the provider the profile names, and
   * `unsupported-runtime` without a file system or environment.
   */
  async getCredentials(options: GetCredentialsOptions = {}): Promise<ProvidedCredentials> {
    options = readGetOptions(options);
    options.signal?.throwIfAborted();
    const context = { provider: this.name, where: "the INI credentials file" };
    const env = openEnv(this.#options, context);
    const explicit = this.#options.path ?? variable(env, "ALIBABA_CLOUD_CREDENTIALS_FILE");
    const profile = this.#options.profile ?? variable(env, "ALIBABA_CLOUD_PROFILE") ?? "default";
    let key: string;
    let paths: string[];
    if (explicit !== undefined) {
      key = `${explicit}\n${profile}`;
      paths = [explicit];
    } else {
      const home = homeDir(this.#options, env, context);
      key = `${home}\n${profile}`;
      paths = [
        joinPath(home, ".alibabacloud", "credentials"),
        joinPath(home, ".alibabacloud", "credentials.ini"),
      ];
    }
    const provider = await this.#kept.get(
      key,
      options.forceRefresh === true,
      () => this.#load(paths, profile, env),
    );
    return await provider.getCredentials(options);
  }

  async #load(
    paths: readonly string[],
    name: string,
    env: ProfileContext["env"],
  ): Promise<CredentialsProvider> {
    let path: string | undefined;
    let text: string | undefined;
    for (const candidate of paths) {
      text = await readTextFile(this.#options, candidate, {
        provider: this.name,
        where: `the INI credentials file ${candidate}`,
      });
      if (text !== undefined) {
        path = candidate;
        break;
      }
    }
    if (path === undefined || text === undefined) {
      throw new CredentialsError("not-configured", {
        provider: this.name,
        where: `the INI credentials file ${paths.join(" or ")}`,
        reason: paths.length === 1 ? "it does not exist" : "neither exists",
      });
    }
    const section = parseIni(text).get(name);
    if (section === undefined) {
      throw new CredentialsError("invalid-config", {
        provider: this.name,
        where: `the INI credentials file ${path}`,
        reason: `it has no profile [${name}]`,
      });
    }
    const type = section.get("type");
    const where = `profile ${JSON.stringify(name)}${type ? ` (${type})` : ""} in ${path}`;
    const context: ProfileContext = { provider: this.name, where, options: this.#options, env };
    const value = (key: string) => {
      const found = section.get(key);
      return found === undefined || found === "" ? undefined : found;
    };
    const inner = ((): CredentialsProvider => {
      switch (type) {
        case "access_key":
          return staticFromProfile(context, {
            accessKeyId: value("access_key_id"),
            accessKeySecret: value("access_key_secret"),
          }, { id: "access_key_id", secret: "access_key_secret" });
        case "ecs_ram_role":
          return ecsFromProfile(context, value("role_name"));
        case "ram_role_arn":
          return assumeRoleFromProfile(
            context,
            staticFromProfile(context, {
              accessKeyId: value("access_key_id"),
              accessKeySecret: value("access_key_secret"),
            }, { id: "access_key_id", secret: "access_key_secret" }),
            {
              roleArn: value("role_arn"),
              roleSessionName: value("role_session_name"),
              durationSeconds: undefined,
              stsRegionId: undefined,
              vpc: undefined,
              stsEndpoint: undefined,
              policy: value("policy"),
              externalId: undefined,
            },
            { roleArn: "role_arn" },
          );
        default:
          throw invalidProfile(
            context,
            type === undefined || type === ""
              ? `it has no type; supported: ${TYPES.join(", ")}`
              : `type ${JSON.stringify(type)} is not supported; supported: ${TYPES.join(", ")}`,
          );
      }
    })();
    return new ProfiledProvider(this.name, where, inner);
  }
}
