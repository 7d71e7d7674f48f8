/**
 * Temporary credentials of a RAM role for an OIDC identity, from STS
 * `AssumeRoleWithOIDC`: how pods on ACK get credentials with RRSA. The token
 * file is re-read at every refresh, as the kubelet rotates it.
 *
 * Settings missing from the options are read from `ALIBABA_CLOUD_ROLE_ARN`,
 * `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`,
 * `ALIBABA_CLOUD_ROLE_SESSION_NAME`, `ALIBABA_CLOUD_STS_REGION` and
 * `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`. By default the environment and the
 * token file are read through `node:process` and `node:fs/promises`, loaded
 * lazily: this works in Deno (with `--allow-env` and `--allow-read`), Node
 * and Bun; in a browser or a worker, pass `env` and `readTextFile`, or the
 * provider fails with `unsupported-runtime`.
 *
 * @module
 */

import { readGetOptions, textOption, timeoutOption } from "./_validate.ts";
import { formatTimestamp } from "../signature/mod.ts";
import {
  openEnv,
  pickOptions,
  readProviderOptions,
  readTextFile,
  switchOn,
  variable,
} from "./_host.ts";
import { OIDC_ROLE_PROVIDER_OPTIONS, REFRESH_OPTIONS } from "./_option_names.ts";
import { exchange, jsonObject, NoAnswer } from "./_http.ts";
import {
  answeredCredentials,
  defaultSessionName,
  durationOption,
  errorAnswer,
  scrub,
  STS_VERSION,
  type StsTarget,
  stsTarget,
} from "./_sts.ts";
import { CredentialsError } from "./credentials_error.ts";
import type { EnvReader, HostOptions } from "./host_options.ts";
import type {
  CredentialsProvider,
  GetCredentialsOptions,
  ProvidedCredentials,
} from "./provider.ts";
import { RefreshingProvider, type RefreshOptions } from "./refreshing_provider.ts";
import { checkedClock } from "../_internal/options.ts";

/** Options of {@linkcode OidcRoleProvider}; each setting falls back to its variable. */
export interface OidcRoleProviderOptions extends RefreshOptions, HostOptions {
  /** The role to assume. Default `ALIBABA_CLOUD_ROLE_ARN`. */
  readonly roleArn?: string | undefined;
  /** The RAM OIDC identity provider. Default `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`. */
  readonly oidcProviderArn?: string | undefined;
  /** The file holding the OIDC token (re-read at each refresh). Default `ALIBABA_CLOUD_OIDC_TOKEN_FILE`. */
  readonly oidcTokenFile?: string | undefined;
  /**
   * The session name. Default `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
   * `acs-rpc-<milliseconds>`, fixed when the provider is created.
   */
  readonly roleSessionName?: string | undefined;
  /** How long the credentials last, in seconds, from 900 to 43200. Default 3600. */
  readonly durationSeconds?: number | undefined;
  /** A policy (JSON text) that narrows the role's permissions. */
  readonly policy?: string | undefined;
  /**
   * Where STS is: a host or an `https://` URL of one (plain `http://` only to
   * a loopback host). Default: the region's endpoint, else
   * `sts.aliyuncs.com`.
   */
  readonly stsEndpoint?: string | undefined;
  /** The region whose STS endpoint to use. Default `ALIBABA_CLOUD_STS_REGION`. */
  readonly stsRegionId?: string | undefined;
  /** With a region: its VPC endpoint. Default `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED` is `true`. */
  readonly vpc?: boolean | undefined;
  /** The `fetch` to send with. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** How long the request may take, in milliseconds. Default 10 000. */
  readonly timeoutMs?: number | undefined;
}

/** The settings of one request, once options and variables are read. */
interface OidcSettings {
  readonly roleArn: string;
  readonly oidcProviderArn: string;
  readonly oidcTokenFile: string;
  readonly roleSessionName: string;
  readonly target: StsTarget;
}

const VARIABLES = {
  roleArn: "ALIBABA_CLOUD_ROLE_ARN",
  oidcProviderArn: "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
  oidcTokenFile: "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
} as const;

/**
 * A provider of a RAM role's temporary credentials for an OIDC token (ACK
 * RRSA): at each refresh it reads the token file (trimmed) and calls STS
 * `AssumeRoleWithOIDC`, which takes no signature; the token travels in the
 * form body, never in the URL. Credentials are cached and refreshed as
 * {@linkcode RefreshingProvider} does. Without a role ARN, provider ARN or
 * token file (from the options or the variables) it fails with
 * `not-configured`.
 *
 * @example Assuming a role with a token file, against a stand-in STS
 * ```ts
 * import { OidcRoleProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const fakeSts = (async (_url: string | URL | Request, init?: RequestInit) => {
 *   const form = new URLSearchParams(String(init?.body));
 *   assert.equal(form.get("OIDCToken"), "eyJ.token");
 *   return Response.json({
 *     Credentials: {
 *       AccessKeyId: "STS.oidc",
 *       AccessKeySecret: "sts-secret",
 *       SecurityToken: "sts-token",
 *       Expiration: new Date(Date.now() + 3_600_000).toISOString(),
 *     },
 *   });
 * }) as typeof fetch;
 *
 * const provider = new OidcRoleProvider({
 *   env: () => undefined,
 *   roleArn: "acs:ram::123:role/pod",
 *   oidcProviderArn: "acs:ram::123:oidc-provider/ack-rrsa",
 *   oidcTokenFile: "/var/run/secrets/tokens/oidc-token",
 *   readTextFile: async () => "eyJ.token\n",
 *   fetch: fakeSts,
 * });
 * assert.equal((await provider.getCredentials()).accessKeyId, "STS.oidc");
 * ```
 */
export class OidcRoleProvider implements CredentialsProvider {
  /** `oidc-role`. */
  readonly name = "oidc-role";
  readonly #options: OidcRoleProviderOptions;
  readonly #refreshing: RefreshingProvider;
  readonly #durationSeconds: number;
  readonly #timeoutMs: number;
  readonly #sessionName: string;
  readonly #now: () => Date;
  #settings: OidcSettings | undefined;

  /**
   * Checks the options; nothing is read or sent until the first call.
   *
   * @param options The role, the identity provider, the token file, and
   * where to read and send.
   * @throws {AcsTypeError} `invalid-option` for an option of the wrong type
   * or an unknown option key.
   * @throws {AcsRangeError} `invalid-option` for a duration or timeout out of range.
   */
  constructor(options: OidcRoleProviderOptions = {}) {
    options = readProviderOptions("assume a role with OIDC", options, OIDC_ROLE_PROVIDER_OPTIONS);
    for (
      const name of [
        "roleArn",
        "oidcProviderArn",
        "oidcTokenFile",
        "roleSessionName",
        "policy",
        "stsEndpoint",
        "stsRegionId",
      ] as const
    ) {
      textOption("assume a role with OIDC", name, options[name]);
    }
    this.#options = { ...options };
    this.#durationSeconds = durationOption(options.durationSeconds, "durationSeconds");
    this.#timeoutMs = timeoutOption("assume a role with OIDC", options.timeoutMs, 10_000);
    this.#now = checkedClock("assume a role with OIDC", options.now);
    this.#sessionName = defaultSessionName(this.#now());
    this.#refreshing = new RefreshingProvider({
      ...pickOptions(options, REFRESH_OPTIONS),
      name: this.name,
      fetchCredentials: () => this.#assume(),
    });
  }

  /**
   * Returns the role's credentials: cached while fresh, else from STS with
   * the token file read afresh.
   *
   * @param options A signal that ends this call's wait, and whether to
   * refresh now.
   * @returns The temporary credentials, with their expiry.
   * @throws {CredentialsError} `not-configured` when a setting is missing,
   * `invalid-config` when the token file is missing or empty or a setting is
   * wrong, `request-failed` when STS refuses or cannot be reached (and no
   * usable credentials are cached), `unsupported-runtime` without a file
   * system or environment.
   */
  async getCredentials(options?: GetCredentialsOptions): Promise<ProvidedCredentials> {
    options = readGetOptions(options);
    options.signal?.throwIfAborted();
    const env = openEnv(this.#options, {
      provider: this.name,
      where: "OIDC role settings (ACK RRSA)",
    });
    this.#settings = this.#read(env);
    return await this.#refreshing.getCredentials(options);
  }

  #read(env: EnvReader): OidcSettings {
    const options = this.#options;
    const context = { provider: this.name, where: "OIDC role settings (ACK RRSA)" };
    const values = {
      roleArn: options.roleArn ?? variable(env, VARIABLES.roleArn),
      oidcProviderArn: options.oidcProviderArn ?? variable(env, VARIABLES.oidcProviderArn),
      oidcTokenFile: options.oidcTokenFile ?? variable(env, VARIABLES.oidcTokenFile),
    };
    const missing = (Object.keys(VARIABLES) as (keyof typeof VARIABLES)[])
      .filter((key) => values[key] === undefined)
      .map((key) => VARIABLES[key]);
    if (missing.length > 0) {
      throw new CredentialsError("not-configured", {
        ...context,
        reason: `${
          missing.length === 1
            ? missing[0]
            : `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}`
        } ${missing.length === 1 ? "is" : "are"} not set`,
      });
    }
    const target = stsTarget({
      endpoint: options.stsEndpoint,
      regionId: options.stsRegionId ?? variable(env, "ALIBABA_CLOUD_STS_REGION"),
      vpc: options.vpc ?? switchOn(env, "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"),
    });
    if (typeof target === "string") {
      throw new CredentialsError("invalid-config", { ...context, reason: target });
    }
    return {
      roleArn: values.roleArn!,
      oidcProviderArn: values.oidcProviderArn!,
      oidcTokenFile: values.oidcTokenFile!,
      roleSessionName: options.roleSessionName ??
        variable(env, "ALIBABA_CLOUD_ROLE_SESSION_NAME") ?? this.#sessionName,
      target,
    };
  }

  async #assume(): Promise<ProvidedCredentials> {
    const settings = this.#settings!;
    const where = `STS AssumeRoleWithOIDC of ${settings.roleArn} at ${settings.target.host}`;
    const context = { provider: this.name, where };
    const file = await readTextFile(this.#options, settings.oidcTokenFile, context);
    if (file === undefined) {
      throw new CredentialsError("invalid-config", {
        ...context,
        reason: `the OIDC token file ${settings.oidcTokenFile} does not exist`,
      });
    }
    // The kubelet writes the token alone; a final newline is not part of it.
    const token = file.trim();
    if (token === "") {
      throw new CredentialsError("invalid-config", {
        ...context,
        reason: `the OIDC token file ${settings.oidcTokenFile} is empty`,
      });
    }
    const now = this.#now();
    const query = new URLSearchParams({
      Action: "AssumeRoleWithOIDC",
      Format: "JSON",
      Version: STS_VERSION,
      Timestamp: formatTimestamp(now),
    });
    const form = new URLSearchParams({
      OIDCProviderArn: settings.oidcProviderArn,
      OIDCToken: token,
      RoleArn: settings.roleArn,
      RoleSessionName: settings.roleSessionName,
      DurationSeconds: String(this.#durationSeconds),
      ...(this.#options.policy === undefined ? {} : { Policy: this.#options.policy }),
    });
    let answer;
    try {
      answer = await exchange(
        this.#options.fetch ?? globalThis.fetch,
        `${settings.target.protocol}://${settings.target.host}/?${query}`,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: form.toString(),
        },
        this.#timeoutMs,
        undefined,
      );
    } catch (error) {
      if (error instanceof NoAnswer) {
        throw new CredentialsError("request-failed", {
          ...context,
          reason: scrub(error.message, [token]),
        });
      }
      throw error;
    }
    const body = jsonObject(answer.text);
    if (answer.status !== 200) {
      throw new CredentialsError("request-failed", {
        ...context,
        reason: errorAnswer(answer.status, body, [token]),
      });
    }
    if (body === undefined) {
      throw new CredentialsError("request-failed", {
        ...context,
        reason: "the answer is not a JSON object",
      });
    }
    return answeredCredentials(body, {
      ...context,
      source:
        `role ${settings.roleArn} (STS AssumeRoleWithOIDC at ${settings.target.host}, token file ${settings.oidcTokenFile})`,
    }, "Credentials.");
  }
}
