/**
 * Credentials from the environment variables `ALIBABA_CLOUD_ACCESS_KEY_ID`,
 * `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and `ALIBABA_CLOUD_SECURITY_TOKEN`.
 *
 * By default the variables are read through `node:process`, loaded lazily:
 * this works in Deno (with `--allow-env`), Node and Bun; in a browser or a
 * worker, pass `env`, or the provider fails with `unsupported-runtime`.
 *
 * @module
 */

import { openEnv, readProviderOptions, variable } from "./_host.ts";
import { ENVIRONMENT_PROVIDER_OPTIONS } from "./_option_names.ts";
import { credentialsFrom, credentialsProblem, readGetOptions } from "./_validate.ts";
import { CredentialsError } from "./credentials_error.ts";
import type { EnvReader } from "./host_options.ts";
import type {
  CredentialsProvider,
  GetCredentialsOptions,
  ProvidedCredentials,
} from "./provider.ts";

/** The access key id variable. */
const ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/** The access key secret variable. */
const SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/** The security token variable, for STS credentials. */
const TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

/** Options of {@linkcode EnvironmentProvider}. */
export interface EnvironmentProviderOptions {
  /** Reads an environment variable. Default: `process.env` of `node:process`. */
  readonly env?: EnvReader | undefined;
}

/**
 * A provider that reads `ALIBABA_CLOUD_ACCESS_KEY_ID`,
 * `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, for STS credentials,
 * `ALIBABA_CLOUD_SECURITY_TOKEN` at every call, as the official SDKs do. An
 * unset or empty id means `not-configured`; an id without a secret, or a
 * value padded with white space, is `invalid-config` (the value is never
 * quoted).
 *
 * @example Reading the variables
 * ```ts
 * import { EnvironmentProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const variables: Record<string, string> = {
 *   ALIBABA_CLOUD_ACCESS_KEY_ID: "testid",
 *   ALIBABA_CLOUD_ACCESS_KEY_SECRET: "testsecret",
 * };
 * const provider = new EnvironmentProvider({ env: (name) => variables[name] });
 * const credentials = await provider.getCredentials();
 * assert.equal(credentials.accessKeyId, "testid");
 * assert.equal(credentials.source, "environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET");
 * ```
 */
export class EnvironmentProvider implements CredentialsProvider {
  /** `environment`. */
  readonly name = "environment";
  readonly #options: EnvironmentProviderOptions;

  /**
   * Creates the provider; nothing is read until a call.
   *
   * @param options Where to read the variables.
   * @throws {AcsTypeError} `invalid-option` when `env` is not a function,
   * or for an unknown option key.
   */
  constructor(options: EnvironmentProviderOptions = {}) {
    this.#options = readProviderOptions(
      "read the environment",
      options,
      ENVIRONMENT_PROVIDER_OPTIONS,
    );
  }

  /**
   * Reads the variables.
   *
   * @param options A signal (checked before reading).
   * @returns The credentials.
   * @throws {CredentialsError} `not-configured` when the id is unset or
   * empty, `invalid-config` when the secret is missing or a value is padded,
   * `unsupported-runtime` when the environment cannot be read.
   */
  getCredentials(options: GetCredentialsOptions = {}): Promise<ProvidedCredentials> {
    try {
      return Promise.resolve(this.#read(options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #read(options: GetCredentialsOptions): ProvidedCredentials {
    readGetOptions(options).signal?.throwIfAborted();
    const context = { provider: this.name, where: "environment variables" };
    const env = openEnv(this.#options, context);
    const accessKeyId = variable(env, ID);
    if (accessKeyId === undefined) {
      throw new CredentialsError("not-configured", { ...context, reason: `${ID} is not set` });
    }
    const found = {
      accessKeyId,
      accessKeySecret: variable(env, SECRET),
      securityToken: variable(env, TOKEN),
    };
    const problem = credentialsProblem(
      found,
      { id: ID, secret: SECRET, token: TOKEN },
      false,
      "is not set",
    );
    if (problem !== undefined) {
      throw new CredentialsError("invalid-config", { ...context, reason: problem });
    }
    return credentialsFrom(found, {
      source: found.securityToken === undefined
        ? `environment variables ${ID} and ${SECRET}`
        : `environment variables ${ID}, ${SECRET} and ${TOKEN}`,
      provider: this.name,
    });
  }
}
