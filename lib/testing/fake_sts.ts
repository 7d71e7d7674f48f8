/**
 * A fake STS on 127.0.0.1 for tests: `AssumeRole` (its RPC signature
 * verified with {@linkcode verifyRequest}) and `AssumeRoleWithOIDC`
 * (anonymous, its OIDC token checked), issuing temporary credentials that
 * expire by the server's clock.
 *
 * It listens through `node:http` (Deno, Node and Bun have it; Deno needs
 * `--allow-net=127.0.0.1`), so it cannot run in a browser or a worker.
 *
 * @module
 */

import { serveLocal } from "../_internal/node_server.ts";
import { readOptions } from "../_internal/options.ts";
import { checkFakeOptions } from "./_fake_options.ts";
import { MemoryNonceStore, verifyRequest } from "../server/mod.ts";
import type { Credentials } from "../signature/mod.ts";

/** Options of {@linkcode startFakeSts}. */
export interface FakeStsOptions {
  /** The port; 0 (the default) lets the system choose. */
  readonly port?: number | undefined;
  /** The long-term access keys that may call `AssumeRole`. Default `testid`/`testsecret`. */
  readonly accessKeys?: readonly Credentials[] | undefined;
  /** The roles that exist. Default: every `acs:ram::<account>:role/<name>`. */
  readonly roles?: readonly string[] | undefined;
  /** The OIDC tokens `AssumeRoleWithOIDC` accepts. Default `["test-oidc-token"]`. */
  readonly oidcTokens?: readonly string[] | undefined;
  /** The longest session a role allows, in seconds. Default 3600. */
  readonly maxSessionSeconds?: number | undefined;
  /** The server's clock: signatures, and when the credentials it issues expire. */
  readonly now?: (() => Date) | undefined;
}

/** One request the fake STS answered (no secret, token or signature). */
export interface FakeStsRequest {
  /** `AssumeRole`, `AssumeRoleWithOIDC`, or what the request named. */
  readonly action: string;
  /** The HTTP method. */
  readonly method: string;
  /** The access key id that signed it (`AssumeRole`). */
  readonly accessKeyId: string | undefined;
  /** Whether it carried a security token (signed with STS credentials). */
  readonly withSecurityToken: boolean;
  /** The `RoleArn`. */
  readonly roleArn: string | undefined;
  /** The `RoleSessionName`. */
  readonly roleSessionName: string | undefined;
  /** The `DurationSeconds`, as sent. */
  readonly durationSeconds: string | undefined;
  /** Whether the query string held the OIDC token (it must not). */
  readonly oidcTokenInUrl: boolean;
  /** The HTTP status answered. */
  readonly status: number;
  /** The error code answered, or `undefined` for a success. */
  readonly code: string | undefined;
  /** The access key id issued, for a success. */
  readonly issued: string | undefined;
}

/** An error answer for {@linkcode FakeSts.failNext}. */
export interface FakeStsFailure {
  /** The HTTP status. Default 503. */
  readonly status?: number | undefined;
  /** The error code. Default `ServiceUnavailable`. */
  readonly code?: string | undefined;
}

/** A running fake STS. */
export interface FakeSts {
  /** `http://127.0.0.1:PORT`, to pass as an `stsEndpoint`. */
  readonly url: string;
  /**
   * A `fetch` that this fake answers in-process, whatever the URL's host: for
   * code that must use `https://` (a request with a security token) or a
   * fixed host, without leaving the process.
   */
  readonly fetch: typeof fetch;
  /** Every request answered, in order. */
  readonly requests: readonly FakeStsRequest[];
  /** Answers the next `count` requests with an error instead. */
  failNext(count: number, failure?: FakeStsFailure): void;
  /**
   * The secret of an access key it knows (a long-term key, or credentials it
   * issued and that have not expired by its clock, with their token): a
   * `lookupSecret` for {@linkcode verifyRequest}, so that a fake endpoint
   * accepts what this STS issued, and only while it lasts.
   */
  lookupSecret(accessKeyId: string, securityToken: string | undefined): string | undefined;
  /** Stops the server. */
  close(): Promise<void>;
}

interface Issued {
  readonly secret: string;
  readonly token: string;
  readonly expiresAt: number;
}

const ROLE_ARN = /^acs:ram::\d+:role\/[\w.@+=,-]+$/;

function random(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...values)).replace(
    /[+/=]/g,
    (char) => char === "+" ? "-" : char === "/" ? "_" : "",
  );
}

function instant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Starts a fake STS on 127.0.0.1. `AssumeRole` must be signed with one of
 * `accessKeys` or with credentials it issued (role chaining), within the
 * signature's 15-minute window of its clock; `AssumeRoleWithOIDC` must carry
 * a known token in its form body. Both check `RoleArn`, `RoleSessionName`
 * and `DurationSeconds` (900 up to `maxSessionSeconds`) and answer as STS
 * does: `{ RequestId, AssumedRoleUser, Credentials: { AccessKeyId,
 * AccessKeySecret, SecurityToken, Expiration } }`, or `{ RequestId, HostId,
 * Code, Message }` with an HTTP error status.
 *
 * @param options The keys, roles and tokens it knows, and its clock.
 * @returns The running server; close it when done.
 * @throws {AcsTypeError} `invalid-option` for an unknown option, options
 * that cannot be read, or a `now` that is not a function.
 * @throws {AcsRangeError} `invalid-option` for a port out of 0–65535.
 *
 * @example Assuming a role through the fake
 * ```ts
 * import { startFakeSts } from "@acs/rpc/testing";
 * import { AssumeRoleProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const sts = await startFakeSts();
 * const provider = new AssumeRoleProvider({
 *   source: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *   roleArn: "acs:ram::123:role/reader",
 *   stsEndpoint: sts.url,
 * });
 * const credentials = await provider.getCredentials();
 * assert.equal(sts.lookupSecret(credentials.accessKeyId, credentials.securityToken), credentials.accessKeySecret);
 * assert.equal(sts.requests[0]?.action, "AssumeRole");
 * await sts.close();
 * ```
 */
export async function startFakeSts(options: FakeStsOptions = {}): Promise<FakeSts> {
  options = readOptions("start fake STS", options, [
    "port",
    "accessKeys",
    "roles",
    "oidcTokens",
    "maxSessionSeconds",
    "now",
  ]) as FakeStsOptions;
  checkFakeOptions("start fake STS", options);
  const now = options.now ?? (() => new Date());
  const keys = new Map(
    (options.accessKeys ?? [{ accessKeyId: "testid", accessKeySecret: "testsecret" }])
      .map((key) => [key.accessKeyId, key.accessKeySecret]),
  );
  const roles = options.roles === undefined ? undefined : new Set(options.roles);
  const oidcTokens = new Set(options.oidcTokens ?? ["test-oidc-token"]);
  const maxSessionSeconds = options.maxSessionSeconds ?? 3600;
  const nonceStore = new MemoryNonceStore();
  const issued = new Map<string, Issued>();
  const requests: FakeStsRequest[] = [];
  const failures: FakeStsFailure[] = [];
  let counter = 0;

  const lookupSecret = (accessKeyId: string, securityToken: string | undefined) => {
    const long = keys.get(accessKeyId);
    if (long !== undefined) return securityToken === undefined ? long : undefined;
    const sts = issued.get(accessKeyId);
    if (sts === undefined || sts.token !== securityToken) return undefined;
    return now().getTime() < sts.expiresAt ? sts.secret : undefined;
  };

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const form = request.method === "POST"
      ? new URLSearchParams(await request.clone().text())
      : new URLSearchParams();
    const param = (name: string) => url.searchParams.get(name) ?? form.get(name) ?? undefined;
    const action = param("Action") ?? "";
    const record = {
      action,
      method: request.method,
      accessKeyId: param("AccessKeyId"),
      withSecurityToken: param("SecurityToken") !== undefined,
      roleArn: param("RoleArn"),
      roleSessionName: param("RoleSessionName"),
      durationSeconds: param("DurationSeconds"),
      oidcTokenInUrl: url.searchParams.has("OIDCToken"),
    };
    const requestId = crypto.randomUUID().toUpperCase();
    const answer = (status: number, body: Record<string, unknown>, code?: string, id?: string) => {
      requests.push({ ...record, status, code, issued: id });
      return Response.json({ RequestId: requestId, ...body }, { status });
    };
    const refuse = (status: number, code: string, message: string) =>
      answer(status, { HostId: url.host, Code: code, Message: message }, code);

    const failure = failures.shift();
    if (failure !== undefined) {
      return refuse(
        failure.status ?? 503,
        failure.code ?? "ServiceUnavailable",
        "The fake STS was told to fail.",
      );
    }
    if (action === "AssumeRoleWithOIDC") {
      if (param("Signature") !== undefined || param("AccessKeyId") !== undefined) {
        return refuse(400, "InvalidParameter", "AssumeRoleWithOIDC takes no signature.");
      }
      const token = form.get("OIDCToken") ?? url.searchParams.get("OIDCToken");
      if (token === null) {
        return refuse(400, "MissingOIDCToken", "OIDCToken is mandatory for this action.");
      }
      if (!oidcTokens.has(token)) {
        return refuse(400, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid.");
      }
      if (param("OIDCProviderArn") === undefined) {
        return refuse(
          400,
          "MissingOIDCProviderArn",
          "OIDCProviderArn is mandatory for this action.",
        );
      }
    } else {
      const verified = await verifyRequest(request, { lookupSecret, now, nonceStore });
      if (!verified.ok) {
        return refuse(verified.error.status, verified.error.code, verified.error.message);
      }
      if (action !== "AssumeRole") {
        return refuse(404, "InvalidAction.NotFound", `Specified api is not found: ${action}.`);
      }
    }
    const roleArn = param("RoleArn");
    if (roleArn === undefined) {
      return refuse(400, "MissingRoleArn", "RoleArn is mandatory for this action.");
    }
    if (!ROLE_ARN.test(roleArn) || (roles !== undefined && !roles.has(roleArn))) {
      return refuse(404, "EntityNotExist.Role", "The specified Role not exists.");
    }
    const sessionName = param("RoleSessionName");
    if (sessionName === undefined || !/^[\w.@-]{2,64}$/.test(sessionName)) {
      return refuse(
        400,
        "InvalidParameter.RoleSessionName",
        "The parameter RoleSessionName is wrongly formed.",
      );
    }
    const duration = Number(param("DurationSeconds") ?? "3600");
    if (!Number.isInteger(duration) || duration < 900 || duration > maxSessionSeconds) {
      return refuse(
        400,
        "InvalidParameter.DurationSeconds",
        `The Min/Max value of DurationSeconds is 900/${maxSessionSeconds} seconds.`,
      );
    }
    const id = `STS.NT${(++counter).toString().padStart(4, "0")}${random(6)}`;
    const expiresAt = Math.floor(now().getTime() / 1000) * 1000 + duration * 1000;
    const credentials = { secret: random(24), token: `CAIS${random(48)}`, expiresAt };
    issued.set(id, credentials);
    const account = roleArn.split(":")[3];
    const role = roleArn.split("/").at(-1);
    return answer(
      200,
      {
        AssumedRoleUser: {
          Arn: `acs:ram::${account}:assumed-role/${role}/${sessionName}`,
          AssumedRoleId: `3${random(8)}:${sessionName}`,
        },
        Credentials: {
          AccessKeyId: id,
          AccessKeySecret: credentials.secret,
          SecurityToken: credentials.token,
          Expiration: instant(expiresAt),
        },
      },
      undefined,
      id,
    );
  };

  const server = await serveLocal(handle, options.port ?? 0);
  return {
    url: server.url,
    fetch:
      (async (input: string | URL | Request, init?: RequestInit) =>
        await handle(new Request(input, init))) as typeof fetch,
    requests,
    failNext(count, failure = {}) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    lookupSecret,
    close: () => server.close(),
  };
}
