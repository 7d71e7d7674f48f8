/**
 * A fake ECS instance metadata service on 127.0.0.1 for tests: session
 * tokens (the hardened mode) that expire by the server's clock, and the
 * instance's RAM role credentials, renewed before they expire as the real
 * service does.
 *
 * It listens through `node:http` (Deno, Node and Bun have it; Deno needs
 * `--allow-net=127.0.0.1`), so it cannot run in a browser or a worker.
 *
 * @module
 */

import { serveLocal } from "../_internal/node_server.ts";
import { readOptions } from "../_internal/options.ts";
import { checkFakeOptions } from "./_fake_options.ts";

/** Options of {@linkcode startFakeMetadata}. */
export interface FakeMetadataOptions {
  /** The port; 0 (the default) lets the system choose. */
  readonly port?: number | undefined;
  /** The RAM role attached to the instance; `null` for none. Default `EcsRamRoleTest`. */
  readonly roleName?: string | null | undefined;
  /** How long the role's credentials last, in seconds. Default 21600 (6 hours). */
  readonly credentialsSeconds?: number | undefined;
  /**
   * How long before they expire the service hands out new credentials, in
   * seconds. Default 3600.
   */
  readonly renewBeforeSeconds?: number | undefined;
  /**
   * Whether requests without a session token are refused (hardened mode
   * only). Default true; false also serves the normal mode.
   */
  readonly tokenRequired?: boolean | undefined;
  /** Whether the token request exists; false answers it 404 (an old service). Default true. */
  readonly tokensSupported?: boolean | undefined;
  /** The server's clock: token lifetimes, and the credentials' expiry. */
  readonly now?: (() => Date) | undefined;
}

/** One request the fake service answered (no token or secret). */
export interface FakeMetadataRequest {
  /** `PUT` or `GET`. */
  readonly method: string;
  /** The path. */
  readonly path: string;
  /** Whether it carried a session token. */
  readonly withToken: boolean;
  /** The HTTP status answered. */
  readonly status: number;
}

/** A running fake metadata service. */
export interface FakeMetadata {
  /** `http://127.0.0.1:PORT`, to pass as the metadata `endpoint`. */
  readonly url: string;
  /**
   * A `fetch` that this fake answers in-process, whatever the URL's host: for
   * code that must use `https://` (a request with a security token) or a
   * fixed host, without leaving the process.
   */
  readonly fetch: typeof fetch;
  /** Every request answered, in order. */
  readonly requests: readonly FakeMetadataRequest[];
  /** Answers the next `count` requests with HTTP `status` (default 500). */
  failNext(count: number, status?: number): void;
  /** Forgets every session token it issued, as after a restart. */
  forgetTokens(): void;
  /**
   * The secret of role credentials it issued and that have not expired by
   * its clock: a `lookupSecret` for `verifyRequest`.
   */
  lookupSecret(accessKeyId: string, securityToken: string | undefined): string | undefined;
  /** Stops the server. */
  close(): Promise<void>;
}

interface RoleCredentials {
  readonly id: string;
  readonly secret: string;
  readonly token: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

const TOKEN_PATH = "/latest/api/token";
const CREDENTIALS_PATH = "/latest/meta-data/ram/security-credentials/";

function random(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (value) => value.toString(16).padStart(2, "0")).join("");
}

function instant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Starts a fake metadata service on 127.0.0.1. `PUT /latest/api/token` with
 * `X-aliyun-ecs-metadata-token-ttl-seconds` (1 to 21600) answers a session
 * token; requests send it as `X-aliyun-ecs-metadata-token`, and an unknown or
 * expired one is refused with 401. `GET
 * /latest/meta-data/ram/security-credentials/` names the role, and
 * `…/<role>` answers `{ Code: "Success", AccessKeyId, AccessKeySecret,
 * SecurityToken, Expiration, LastUpdated }`.
 *
 * @param options The role, lifetimes, mode and clock.
 * @returns The running service; close it when done.
 * @throws {AcsTypeError} `invalid-option` for an unknown option, options
 * that cannot be read, or a `now` that is not a function.
 * @throws {AcsRangeError} `invalid-option` for a port out of 0–65535.
 *
 * @example Reading a role's credentials through the fake
 * ```ts
 * import { startFakeMetadata } from "@acs/rpc/testing";
 * import { EcsRamRoleProvider } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const metadata = await startFakeMetadata({ roleName: "worker" });
 * const provider = new EcsRamRoleProvider({ endpoint: metadata.url, env: () => undefined });
 * const credentials = await provider.getCredentials();
 * assert.match(credentials.source!, /RAM role worker/);
 * assert.deepEqual(metadata.requests.map((r) => r.method), ["PUT", "GET", "GET"]);
 * await metadata.close();
 * ```
 */
export async function startFakeMetadata(options: FakeMetadataOptions = {}): Promise<FakeMetadata> {
  options = readOptions("start fake metadata service", options, [
    "port",
    "roleName",
    "credentialsSeconds",
    "renewBeforeSeconds",
    "tokenRequired",
    "tokensSupported",
    "now",
  ]) as FakeMetadataOptions;
  checkFakeOptions("start fake metadata service", options);
  const now = options.now ?? (() => new Date());
  const roleName = options.roleName === undefined ? "EcsRamRoleTest" : options.roleName;
  const credentialsMs = (options.credentialsSeconds ?? 21_600) * 1000;
  const renewBeforeMs = (options.renewBeforeSeconds ?? 3600) * 1000;
  const tokenRequired = options.tokenRequired ?? true;
  const tokensSupported = options.tokensSupported ?? true;
  const tokens = new Map<string, number>();
  const issued: RoleCredentials[] = [];
  const requests: FakeMetadataRequest[] = [];
  const failures: number[] = [];

  const current = (): RoleCredentials => {
    const at = now().getTime();
    const latest = issued.at(-1);
    if (latest !== undefined && at < latest.expiresAt - renewBeforeMs) return latest;
    const issuedAt = Math.floor(at / 1000) * 1000;
    const fresh = {
      id: `STS.ECS${random(8)}`,
      secret: random(20),
      token: `CAIS${random(40)}`,
      issuedAt,
      expiresAt: issuedAt + credentialsMs,
    };
    issued.push(fresh);
    return fresh;
  };

  const handle = (request: Request): Response => {
    const { pathname } = new URL(request.url);
    const token = request.headers.get("x-aliyun-ecs-metadata-token");
    const answer = (status: number, body: string, type = "text/plain") => {
      requests.push({ method: request.method, path: pathname, withToken: token !== null, status });
      return new Response(body, { status, headers: { "content-type": type } });
    };
    const failure = failures.shift();
    if (failure !== undefined) return answer(failure, "Internal Server Error");
    if (pathname === TOKEN_PATH) {
      if (request.method !== "PUT") return answer(405, "Method Not Allowed");
      if (!tokensSupported) return answer(404, "Not Found");
      const ttl = Number(request.headers.get("x-aliyun-ecs-metadata-token-ttl-seconds"));
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21_600) return answer(400, "Bad Request");
      const value = random(24);
      tokens.set(value, now().getTime() + ttl * 1000);
      return answer(200, value);
    }
    if (request.method !== "GET") return answer(405, "Method Not Allowed");
    if (token !== null) {
      const expiresAt = tokens.get(token);
      if (expiresAt === undefined || now().getTime() >= expiresAt) {
        return answer(401, "Unauthorized");
      }
    } else if (tokenRequired) {
      return answer(401, "Unauthorized");
    }
    if (pathname === CREDENTIALS_PATH) {
      return roleName === null ? answer(404, "Not Found") : answer(200, roleName);
    }
    if (pathname.startsWith(CREDENTIALS_PATH)) {
      const asked = decodeURIComponent(pathname.slice(CREDENTIALS_PATH.length));
      if (roleName === null || asked !== roleName) return answer(404, "Not Found");
      const credentials = current();
      return answer(
        200,
        JSON.stringify({
          AccessKeyId: credentials.id,
          AccessKeySecret: credentials.secret,
          Expiration: instant(credentials.expiresAt),
          SecurityToken: credentials.token,
          LastUpdated: instant(credentials.issuedAt),
          Code: "Success",
        }),
        "application/json",
      );
    }
    return answer(404, "Not Found");
  };

  const server = await serveLocal(handle, options.port ?? 0);
  return {
    url: server.url,
    fetch:
      (async (input: string | URL | Request, init?: RequestInit) =>
        await handle(new Request(input, init))) as typeof fetch,
    requests,
    failNext(count, status = 500) {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    forgetTokens() {
      tokens.clear();
    },
    lookupSecret(accessKeyId, securityToken) {
      const found = issued.find((item) => item.id === accessKeyId);
      if (found === undefined || found.token !== securityToken) return undefined;
      return now().getTime() < found.expiresAt ? found.secret : undefined;
    },
    close: () => server.close(),
  };
}
