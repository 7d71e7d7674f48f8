/**
 * Temporary credentials of the RAM role attached to an ECS instance, from
 * its metadata service at `http://100.100.100.200`, in the hardened mode (a
 * session token first) with the normal mode as fallback unless
 * `ALIBABA_CLOUD_IMDSV1_DISABLED` is `true`.
 *
 * The role is the `roleName` option, else `ALIBABA_CLOUD_ECS_METADATA`, else
 * discovered from the service; `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`
 * turns the provider off. The variables are read through `node:process`,
 * loaded lazily (Deno needs `--allow-env`); in a browser or a worker pass
 * `env` (the service is only reachable from an instance anyway).
 *
 * @module
 */

import { readGetOptions } from "./_validate.ts";
import { AcsRangeError } from "../errors/mod.ts";
import { parseEndpoint } from "../_internal/endpoint.ts";
import { openEnv, pickOptions, readProviderOptions, switchOn, variable } from "./_host.ts";
import { ECS_RAM_ROLE_PROVIDER_OPTIONS, REFRESH_OPTIONS } from "./_option_names.ts";
import { exchange, type HttpAnswer, jsonObject, NoAnswer } from "./_http.ts";
import { answeredCredentials } from "./_sts.ts";
import { CredentialsError } from "./credentials_error.ts";
import type { EnvReader } from "./host_options.ts";
import type {
  CredentialsProvider,
  GetCredentialsOptions,
  ProvidedCredentials,
} from "./provider.ts";
import { RefreshingProvider, type RefreshOptions } from "./refreshing_provider.ts";
import { printable } from "../_internal/suggest.ts";
import { checkedClock } from "../_internal/options.ts";

/** Options of {@linkcode EcsRamRoleProvider}. */
export interface EcsRamRoleProviderOptions extends RefreshOptions {
  /** The role. Default `ALIBABA_CLOUD_ECS_METADATA`, else the one the service names. */
  readonly roleName?: string | undefined;
  /** The metadata service. Default `http://100.100.100.200`. */
  readonly endpoint?: string | undefined;
  /**
   * Refuse the normal mode (requests without a session token). Default:
   * `ALIBABA_CLOUD_IMDSV1_DISABLED` is `true`.
   */
  readonly imdsV1Disabled?: boolean | undefined;
  /** How long a session token lasts, in seconds, from 1 to 21600. Default 21600. */
  readonly tokenTtlSeconds?: number | undefined;
  /**
   * How long each request to the service may take, in milliseconds. Default
   * 1 000: off an instance nothing answers, and a chain must not wait long.
   */
  readonly timeoutMs?: number | undefined;
  /** Reads an environment variable. Default: `process.env` of `node:process`. */
  readonly env?: EnvReader | undefined;
  /** The `fetch` to send with. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
}

const CREDENTIALS_PATH = "/latest/meta-data/ram/security-credentials/";
/** Tokens are renewed this long before they lapse, so none dies in flight. */
const TOKEN_MARGIN_MS = 60_000;

interface Token {
  /** The session token, or `undefined` while the service offers none (normal mode). */
  readonly value: string | undefined;
  readonly renewAt: number;
}

/** How long to use the normal mode before asking for a session token again. */
const NORMAL_MODE_MS = 5 * 60_000;

function positive(name: string, value: number | undefined, fallback: number, max: number): number {
  const chosen = value ?? fallback;
  if (!(typeof chosen === "number" && Number.isFinite(chosen) && chosen > 0 && chosen <= max)) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot use the ECS metadata service: "${name}" must be a number from 1 to ${max}, got ${
        printable(chosen)
      }`,
      { parameter: name },
    );
  }
  return chosen;
}

/**
 * A provider of the credentials of the instance's RAM role. Each refresh
 * costs at most three requests (a session token, the role name when it must
 * be discovered, the credentials) and the token and discovered role are kept
 * for the next refresh, so a refresh is usually one request. When the service
 * does not answer the token request within `timeoutMs`, the provider fails at
 * once (no normal-mode retry): off an instance, one short wait, not several.
 * Answers whose `Code` is not `Success`, and credentials about to expire, are
 * refused. Credentials are cached and refreshed as
 * {@linkcode RefreshingProvider} does, by default 15 minutes before expiry
 * (the service renews them well before).
 *
 * @example Reading a role's credentials from a stand-in metadata service
 * ```ts
 * import { EcsRamRoleProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const service = (async (url: string | URL | Request, init?: RequestInit) => {
 *   const { pathname } = new URL(String(url));
 *   if (pathname === "/latest/api/token") return new Response("session-token");
 *   assert.equal(new Headers(init?.headers).get("x-aliyun-ecs-metadata-token"), "session-token");
 *   if (pathname === "/latest/meta-data/ram/security-credentials/") return new Response("my-role");
 *   return Response.json({
 *     Code: "Success",
 *     AccessKeyId: "STS.ecs",
 *     AccessKeySecret: "ecs-secret",
 *     SecurityToken: "ecs-token",
 *     Expiration: new Date(Date.now() + 6 * 3_600_000).toISOString(),
 *   });
 * }) as typeof fetch;
 *
 * const provider = new EcsRamRoleProvider({ env: () => undefined, fetch: service });
 * const credentials = await provider.getCredentials();
 * assert.equal(credentials.accessKeyId, "STS.ecs");
 * assert.match(credentials.source!, /RAM role my-role/);
 * ```
 */
export class EcsRamRoleProvider implements CredentialsProvider {
  /** `ecs-ram-role`. */
  readonly name = "ecs-ram-role";
  readonly #options: EcsRamRoleProviderOptions;
  readonly #base: string;
  readonly #tokenTtlSeconds: number;
  readonly #timeoutMs: number;
  readonly #now: () => Date;
  readonly #refreshing: RefreshingProvider;
  #env: EnvReader | undefined;
  #token: Token | undefined;
  #discoveredRole: string | undefined;

  /**
   * Checks the options; nothing is sent until the first call.
   *
   * @param options The role, the service, and the limits.
   * @throws {AcsRangeError} `invalid-option` for a bad endpoint, token
   * lifetime or timeout.
   * @throws {AcsTypeError} `invalid-option` for `env`, `fetch` or `now` that
   * is not a function, or an unknown option key.
   */
  constructor(options: EcsRamRoleProviderOptions = {}) {
    options = readProviderOptions("use the ECS RAM role", options, ECS_RAM_ROLE_PROVIDER_OPTIONS);
    this.#options = options;
    const endpoint = parseEndpoint(options.endpoint ?? "http://100.100.100.200");
    this.#base = `${endpoint.protocol ?? "http"}://${endpoint.host}`;
    this.#tokenTtlSeconds = Math.floor(
      positive("tokenTtlSeconds", options.tokenTtlSeconds, 21_600, 21_600),
    );
    this.#timeoutMs = positive("timeoutMs", options.timeoutMs, 1_000, 600_000);
    this.#now = checkedClock("use the ECS RAM role", options.now);
    this.#refreshing = new RefreshingProvider({
      ...pickOptions(options, REFRESH_OPTIONS),
      name: this.name,
      fetchCredentials: () => this.#fetchCredentials(),
    });
  }

  /**
   * Returns the role's credentials: cached while fresh, else from the
   * metadata service.
   *
   * @param options A signal that ends this call's wait, and whether to
   * refresh now.
   * @returns The temporary credentials, with their expiry.
   * @throws {CredentialsError} `not-configured` when disabled by
   * `ALIBABA_CLOUD_ECS_METADATA_DISABLED` or no role is attached,
   * `request-failed` when the service cannot be reached or refuses (and no
   * usable credentials are cached), `expired-credentials` when it answers
   * credentials about to expire.
   */
  async getCredentials(options?: GetCredentialsOptions): Promise<ProvidedCredentials> {
    options = readGetOptions(options);
    options.signal?.throwIfAborted();
    const env = openEnv(this.#options, { provider: this.name, where: this.#where() });
    if (switchOn(env, "ALIBABA_CLOUD_ECS_METADATA_DISABLED")) {
      throw new CredentialsError("not-configured", {
        provider: this.name,
        where: this.#where(),
        reason: "disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
      });
    }
    this.#env = env;
    return await this.#refreshing.getCredentials(options);
  }

  #where(): string {
    return `the ECS metadata service at ${this.#base}`;
  }

  #fail(code: "request-failed" | "not-configured", reason: string): CredentialsError {
    return new CredentialsError(code, { provider: this.name, where: this.#where(), reason });
  }

  async #send(method: "GET" | "PUT", path: string, headers: Record<string, string>) {
    try {
      return await exchange(
        this.#options.fetch ?? globalThis.fetch,
        `${this.#base}${path}`,
        { method, headers },
        this.#timeoutMs,
        undefined,
      );
    } catch (error) {
      if (error instanceof NoAnswer) {
        throw this.#fail("request-failed", error.message);
      }
      throw error;
    }
  }

  /** A session token, or `undefined` for the normal mode. */
  async #sessionToken(): Promise<string | undefined> {
    const now = this.#now().getTime();
    if (this.#token !== undefined && now < this.#token.renewAt) return this.#token.value;
    this.#token = undefined;
    const answer = await this.#send("PUT", "/latest/api/token", {
      "x-aliyun-ecs-metadata-token-ttl-seconds": String(this.#tokenTtlSeconds),
    });
    const value = answer.text.trim();
    if (answer.status === 200 && value !== "") {
      this.#token = {
        value,
        renewAt: now + Math.max(this.#tokenTtlSeconds * 1000 - TOKEN_MARGIN_MS, 0),
      };
      return value;
    }
    if (this.#imdsV1Disabled()) {
      throw this.#fail(
        "request-failed",
        `the session token request answered HTTP ${answer.status}, and ALIBABA_CLOUD_IMDSV1_DISABLED forbids the normal mode`,
      );
    }
    this.#token = { value: undefined, renewAt: now + NORMAL_MODE_MS };
    return undefined;
  }

  #imdsV1Disabled(): boolean {
    return this.#options.imdsV1Disabled ??
      switchOn(this.#env ?? (() => undefined), "ALIBABA_CLOUD_IMDSV1_DISABLED");
  }

  /** A GET with the session token; a refused token is renewed once. */
  async #get(path: string): Promise<HttpAnswer> {
    const token = await this.#sessionToken();
    const answer = await this.#send(
      "GET",
      path,
      token === undefined ? {} : { "x-aliyun-ecs-metadata-token": token },
    );
    if ((answer.status === 401 || answer.status === 403) && token !== undefined) {
      // The service forgot or expired the token before we expected.
      this.#token = undefined;
      const renewed = await this.#sessionToken();
      return await this.#send(
        "GET",
        path,
        renewed === undefined ? {} : { "x-aliyun-ecs-metadata-token": renewed },
      );
    }
    return answer;
  }

  async #roleName(): Promise<{ name: string; discovered: boolean }> {
    const configured = this.#options.roleName ??
      variable(this.#env ?? (() => undefined), "ALIBABA_CLOUD_ECS_METADATA");
    if (configured !== undefined) return { name: configured, discovered: false };
    if (this.#discoveredRole !== undefined) return { name: this.#discoveredRole, discovered: true };
    const answer = await this.#get(CREDENTIALS_PATH);
    if (answer.status === 404) {
      throw this.#fail("not-configured", "no RAM role is attached to this instance");
    }
    if (answer.status !== 200) {
      throw this.#fail("request-failed", `the role list answered HTTP ${answer.status}`);
    }
    const name = answer.text.trim().split(/\s+/, 1)[0] ?? "";
    if (name === "") {
      throw this.#fail("not-configured", "no RAM role is attached to this instance");
    }
    this.#discoveredRole = name;
    return { name, discovered: true };
  }

  async #fetchCredentials(): Promise<ProvidedCredentials> {
    let role = await this.#roleName();
    let answer = await this.#get(`${CREDENTIALS_PATH}${encodeURIComponent(role.name)}`);
    if (answer.status === 404 && role.discovered) {
      // The role attached to the instance changed since it was discovered.
      this.#discoveredRole = undefined;
      role = await this.#roleName();
      answer = await this.#get(`${CREDENTIALS_PATH}${encodeURIComponent(role.name)}`);
    }
    if (answer.status === 404) {
      throw this.#fail(
        role.discovered ? "not-configured" : "request-failed",
        `the RAM role ${JSON.stringify(role.name)} is not attached to this instance (HTTP 404)`,
      );
    }
    if (answer.status !== 200) {
      throw this.#fail(
        "request-failed",
        `the credentials of role ${JSON.stringify(role.name)} answered HTTP ${answer.status}`,
      );
    }
    const body = jsonObject(answer.text);
    if (body === undefined) {
      throw this.#fail("request-failed", "the credentials answer is not a JSON object");
    }
    if (body.Code !== "Success") {
      throw this.#fail(
        "request-failed",
        `the credentials answer's Code is ${
          typeof body.Code === "string" ? JSON.stringify(body.Code) : "missing"
        }, not "Success"`,
      );
    }
    return answeredCredentials(body, {
      provider: this.name,
      where: this.#where(),
      source: `RAM role ${role.name} of this ECS instance (metadata service at ${this.#base})`,
    }, "");
  }
}
