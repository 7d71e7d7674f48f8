/**
 * Temporary credentials from a credentials URI (`ALIBABA_CLOUD_CREDENTIALS_URI`,
 * or the aliyun CLI's `CredentialsURI` profiles): a `GET` answered with
 * `{ Code, AccessKeyId, AccessKeySecret, SecurityToken, Expiration }`.
 *
 * Only `fetch` is needed; the variable is read through `node:process`, loaded
 * lazily (Deno needs `--allow-env`): in a browser or a worker pass `uri` or
 * `env`.
 *
 * @module
 */

import { readGetOptions, timeoutOption } from "./_validate.ts";
import { AcsTypeError } from "../errors/mod.ts";
import { openEnv, pickOptions, readProviderOptions, variable } from "./_host.ts";
import { CREDENTIALS_URI_PROVIDER_OPTIONS, REFRESH_OPTIONS } from "./_option_names.ts";
import { exchange, jsonObject, NoAnswer, shownUrl } from "./_http.ts";
import { answeredCredentials } from "./_sts.ts";
import { CredentialsError } from "./credentials_error.ts";
import type { EnvReader } from "./host_options.ts";
import type {
  CredentialsProvider,
  GetCredentialsOptions,
  ProvidedCredentials,
} from "./provider.ts";
import { RefreshingProvider, type RefreshOptions } from "./refreshing_provider.ts";

/** Options of {@linkcode CredentialsUriProvider}. */
export interface CredentialsUriProviderOptions extends RefreshOptions {
  /** The URI, `http://` or `https://`. Default `ALIBABA_CLOUD_CREDENTIALS_URI`. */
  readonly uri?: string | undefined;
  /** Reads an environment variable. Default: `process.env` of `node:process`. */
  readonly env?: EnvReader | undefined;
  /** The `fetch` to send with. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** How long the request may take, in milliseconds. Default 5 000. */
  readonly timeoutMs?: number | undefined;
}

const VARIABLE = "ALIBABA_CLOUD_CREDENTIALS_URI";

function checkUri(uri: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return "is not a URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return "must be an http:// or https:// URL";
  }
  return undefined;
}

/**
 * A provider that gets temporary credentials from a URI. Without a URI (the
 * option or the variable) it fails with `not-configured` and sends nothing.
 * An answer must hold `AccessKeyId`, `AccessKeySecret`, `SecurityToken` and
 * `Expiration` (ISO 8601), and a `Code`, when present, must be `Success`.
 * Errors show the URI without its query (which may carry a token) and never
 * quote the answer. Credentials are cached and refreshed as
 * {@linkcode RefreshingProvider} does.
 *
 * @example Reading a credentials URI served by a stand-in
 * ```ts
 * import { CredentialsUriProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const server = (async () =>
 *   Response.json({
 *     Code: "Success",
 *     AccessKeyId: "STS.uri",
 *     AccessKeySecret: "uri-secret",
 *     SecurityToken: "uri-token",
 *     Expiration: new Date(Date.now() + 3_600_000).toISOString(),
 *   })) as typeof fetch;
 * const provider = new CredentialsUriProvider({ uri: "http://127.0.0.1:8080/credentials", fetch: server });
 * assert.equal((await provider.getCredentials()).accessKeyId, "STS.uri");
 * ```
 */
export class CredentialsUriProvider implements CredentialsProvider {
  /** `credentials-uri`. */
  readonly name = "credentials-uri";
  readonly #options: CredentialsUriProviderOptions;
  readonly #timeoutMs: number;
  readonly #refreshing: RefreshingProvider;
  #uri: string | undefined;

  /**
   * Checks the options; nothing is sent until the first call.
   *
   * @param options The URI, and how to send.
   * @throws {AcsTypeError} `invalid-option` for a `uri` that is not an
   * http(s) URL, `env`, `fetch` or `now` that is not a function, or an
   * unknown option key.
   * @throws {AcsRangeError} `invalid-option` for a timeout out of range.
   */
  constructor(options: CredentialsUriProviderOptions = {}) {
    options = readProviderOptions("use credentials URI", options, CREDENTIALS_URI_PROVIDER_OPTIONS);
    if (options.uri !== undefined) {
      const problem = typeof options.uri === "string" ? checkUri(options.uri) : "is not a string";
      if (problem !== undefined) {
        throw new AcsTypeError("invalid-option", `Cannot use credentials URI: "uri" ${problem}`, {
          parameter: "uri",
        });
      }
    }
    this.#timeoutMs = timeoutOption("use credentials URI", options.timeoutMs, 5_000);
    this.#options = { ...options };
    this.#refreshing = new RefreshingProvider({
      ...pickOptions(options, REFRESH_OPTIONS),
      name: this.name,
      fetchCredentials: () => this.#fetchCredentials(),
    });
  }

  /**
   * Returns the credentials: cached while fresh, else from the URI.
   *
   * @param options A signal that ends this call's wait, and whether to
   * refresh now.
   * @returns The temporary credentials, with their expiry.
   * @throws {CredentialsError} `not-configured` without a URI,
   * `invalid-config` for a variable that is not an http(s) URL,
   * `request-failed` when the URI cannot be reached or answers badly (and no
   * usable credentials are cached), `expired-credentials` when it answers
   * credentials about to expire.
   */
  async getCredentials(options?: GetCredentialsOptions): Promise<ProvidedCredentials> {
    options = readGetOptions(options);
    options.signal?.throwIfAborted();
    let uri = this.#options.uri;
    if (uri === undefined) {
      const where = `the credentials URI in ${VARIABLE}`;
      const env = openEnv(this.#options, { provider: this.name, where });
      uri = variable(env, VARIABLE);
      if (uri === undefined) {
        throw new CredentialsError("not-configured", {
          provider: this.name,
          where,
          reason: `${VARIABLE} is not set`,
        });
      }
      const problem = checkUri(uri);
      if (problem !== undefined) {
        throw new CredentialsError("invalid-config", {
          provider: this.name,
          where,
          reason: `${VARIABLE} ${problem}`,
        });
      }
    }
    this.#uri = uri;
    return await this.#refreshing.getCredentials(options);
  }

  async #fetchCredentials(): Promise<ProvidedCredentials> {
    const uri = this.#uri!;
    const context = { provider: this.name, where: `the credentials URI ${shownUrl(uri)}` };
    let answer;
    try {
      answer = await exchange(
        this.#options.fetch ?? globalThis.fetch,
        uri,
        { method: "GET" },
        this.#timeoutMs,
        undefined,
      );
    } catch (error) {
      if (error instanceof NoAnswer) {
        throw new CredentialsError("request-failed", { ...context, reason: error.message });
      }
      throw error;
    }
    if (answer.status !== 200) {
      throw new CredentialsError("request-failed", {
        ...context,
        reason: `it answered HTTP ${answer.status}`,
      });
    }
    const body = jsonObject(answer.text);
    if (body === undefined) {
      throw new CredentialsError("request-failed", {
        ...context,
        reason: "the answer is not a JSON object",
      });
    }
    if (body.Code !== undefined && body.Code !== "Success") {
      throw new CredentialsError("request-failed", {
        ...context,
        reason: `the answer's Code is ${
          typeof body.Code === "string" ? JSON.stringify(body.Code) : "not a string"
        }, not "Success"`,
      });
    }
    return answeredCredentials(body, { ...context, source: context.where }, "");
  }
}
