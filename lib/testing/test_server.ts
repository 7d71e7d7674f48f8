/**
 * A local ECS-compatible endpoint for tests: it verifies every request as
 * the real endpoint does, and answers from handlers you give it.
 *
 * @module
 */

import { concatBytes } from "../_internal/bytes.ts";
import { describeInstances, describeRegions } from "./_fixtures.ts";
import { listen } from "./_listen.ts";
import { ApiError, type JsonObject } from "../client/mod.ts";
import { ECS_CENTRAL_ENDPOINT } from "../endpoints/mod.ts";
import {
  type AcceptedRequest,
  MemoryNonceStore,
  type NonceStore,
  verifyRequest,
} from "../server/mod.ts";
import type { Credentials } from "../signature/mod.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { hasMethod, readOptions } from "../_internal/options.ts";
import { printable, quotePrefix } from "../_internal/suggest.ts";

/** What a handler is given besides the verified request. */
export interface TestHandlerContext {
  /** Aborts when the client goes away or the server closes. */
  readonly signal: AbortSignal;
  /** The HTTP request as it was verified (URL as the client addressed it). */
  readonly request: Request;
}

/**
 * Answers one verified request: a JSON object (sent with status 200, a
 * `RequestId` added when it has none, in JSON or XML as the request asked),
 * or a `Response` sent as it is. Throw an {@linkcode ApiError} to answer an
 * error: its `status`, `code` and `message` are sent in Alibaba Cloud's
 * shape.
 */
export type TestHandler = (
  request: AcceptedRequest,
  context: TestHandlerContext,
) => JsonObject | Response | Promise<JsonObject | Response>;

/** A failure the server can inject into the next verified requests. */
export type TestFailure =
  /** `Throttling.User`, HTTP 400. */
  | "throttling"
  /** `ServiceUnavailable`, HTTP 503. */
  | "unavailable"
  /** No answer at all until the client gives up or the server closes. */
  | "hang";

/** Options for {@linkcode startTestServer}. */
export interface TestServerOptions {
  /** The port; 0 (the default) lets the system choose a free one. */
  readonly port?: number | undefined;
  /**
   * The access keys it knows (with their security token, for temporary
   * credentials). Default the documentation's `testid`/`testsecret`.
   */
  readonly credentials?: readonly Credentials[] | undefined;
  /**
   * Handlers by action. They come before the built-in `DescribeRegions` and
   * `DescribeInstances`; any other action is answered
   * `InvalidAction.NotFound`.
   */
  readonly handlers?: Readonly<Record<string, TestHandler>> | undefined;
  /** How many instances the built-in `DescribeInstances` pages through. Default 23. */
  readonly instances?: number | undefined;
  /** Its clock, for verification and the `Date` header. Default the real one. */
  readonly now?: (() => Date) | undefined;
  /** Where accepted nonces go. Default a fresh `MemoryNonceStore`. */
  readonly nonceStore?: NonceStore | undefined;
  /**
   * Serve the control paths `POST /__local/fail?kind=K&count=N` (see
   * {@linkcode TestServer.failNext}) and `GET /__local/received`. Default false.
   */
  readonly testSwitches?: boolean | undefined;
}

/** One request the server answered. */
export interface ReceivedRequest {
  /** The HTTP method. */
  readonly method: string;
  /** The full URL as the client addressed it (see {@linkcode TestServer.fetch}), query included. */
  readonly url: string;
  /** The host the client addressed: the server's own, or the one `fetch` redirected. */
  readonly host: string;
  /** The body of a `POST`, or `""`. */
  readonly body: string;
  /** The `Action`, once verified. */
  readonly action: string | undefined;
  /** The `SignatureNonce` (or, signed with V3, `x-acs-signature-nonce`) it carried, if any. */
  readonly nonce: string | undefined;
  /** The `User-Agent` header, if any. */
  readonly userAgent: string | undefined;
  /** The HTTP status answered (0 for a request left hanging). */
  readonly status: number;
  /** The error code answered, or `undefined` for a success. */
  readonly code: string | undefined;
}

/** A running test server. */
export interface TestServer {
  /** `127.0.0.1:PORT`, to pass as an `endpoint` option (with `protocol: "http"`). */
  readonly host: string;
  /** `http://127.0.0.1:PORT`, to pass as an `endpoint` option. */
  readonly origin: string;
  /** The port it listens on. */
  readonly port: number;
  /** The requests answered so far (the last 1000), oldest first. */
  readonly received: readonly ReceivedRequest[];
  /**
   * A `fetch` that sends every request to this server, whatever its URL
   * (`https://ecs.cn-hangzhou.aliyuncs.com/…` included), telling it the host
   * and scheme that were addressed: pass it as the `fetch` option to test
   * code that resolves real endpoints, with nothing sent elsewhere.
   */
  readonly fetch: typeof fetch;
  /**
   * Answers the next `count` verified requests with an injected failure.
   * Throws an `AcsRangeError` (`invalid-option`, naming `kind` or `count`) for
   * an unknown kind or a count outside 0 to 1000.
   */
  failNext(kind: TestFailure, count?: number): void;
  /** Stops listening and waits for open requests to finish (hung ones are released). */
  close(): Promise<void>;
}

const DEMO_CREDENTIALS: Credentials = { accessKeyId: "testid", accessKeySecret: "testsecret" };
const MAX_RECEIVED = 1000;
const MAX_BODY_BYTES = 64 * 1024;
const FAILURES: readonly TestFailure[] = ["throttling", "unavailable", "hang"];
const FORWARDED_HOST = "x-forwarded-host";
const FORWARDED_PROTO = "x-forwarded-proto";

interface Answer {
  readonly status: number;
  readonly body: JsonObject;
}

/** Reads at most MAX_BODY_BYTES of the body; `undefined` when longer. */
async function readBounded(request: Request): Promise<Uint8Array | undefined> {
  if (request.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of request.body) {
    total += chunk.byteLength;
    if (total > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return concatBytes(chunks);
}

function requestId(): string {
  return crypto.randomUUID().toUpperCase();
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Writes a JSON answer as Alibaba Cloud's XML: an array repeats its element. */
function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join("");
  if (typeof value === "object" && value !== null) {
    const inner = Object.entries(value).map(([k, v]) => toXml(k, v)).join("");
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function errorAnswer(status: number, code: string, message: string, hostId: string): Answer {
  const id = requestId();
  return {
    status,
    body: {
      RequestId: id,
      HostId: hostId,
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Ecs&requestId=${id}`,
    },
  };
}

function respond(answer: Answer, format: "JSON" | "XML", rootName: string, now: Date): Response {
  const headers = new Headers({ date: now.toUTCString() });
  if (format === "XML") {
    headers.set("content-type", "text/xml;charset=utf-8");
    const root = answer.status < 300 ? rootName : "Error";
    return new Response(`<?xml version='1.0' encoding='UTF-8'?>${toXml(root, answer.body)}`, {
      status: answer.status,
      headers,
    });
  }
  headers.set("content-type", "application/json;charset=utf-8");
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}

const OPTION_KEYS = [
  "port",
  "credentials",
  "handlers",
  "instances",
  "now",
  "nonceStore",
  "testSwitches",
] as const satisfies readonly (keyof TestServerOptions)[];

function invalid(parameter: string, problem: string): AcsTypeError {
  return new AcsTypeError("invalid-option", `Cannot start test server: ${problem}`, {
    parameter,
  });
}

function outOfRange(parameter: string, problem: string): AcsRangeError {
  return new AcsRangeError("invalid-option", `Cannot start test server: ${problem}`, {
    parameter,
  });
}

/** The options, each read once and checked; the handlers and keys copied. */
function checkOptions(options: TestServerOptions): TestServerOptions & {
  readonly credentials: readonly Credentials[];
  readonly handlers: Readonly<Record<string, TestHandler>>;
} {
  const o = readOptions("start test server", options, OPTION_KEYS);
  const { port, instances, now, nonceStore, testSwitches } = o;
  if (
    port !== undefined &&
    !(Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535)
  ) {
    throw outOfRange("port", `"port" must be 0 to 65535, got ${printable(port)}`);
  }
  if (
    instances !== undefined && !(Number.isInteger(instances) && (instances as number) >= 0 &&
      (instances as number) <= 100_000)
  ) {
    throw outOfRange(
      "instances",
      `"instances" must be an integer from 0 to 100000, got ${printable(instances)}`,
    );
  }
  if (now !== undefined && typeof now !== "function") {
    throw invalid("now", `"now" must be a function that returns a Date`);
  }
  if (nonceStore !== undefined && !hasMethod(nonceStore, "add")) {
    throw invalid("nonceStore", `"nonceStore" must have an add() method`);
  }
  if (testSwitches !== undefined && typeof testSwitches !== "boolean") {
    throw invalid("testSwitches", `"testSwitches" must be true or false`);
  }
  const handlers: Record<string, TestHandler> = {};
  if (o.handlers !== undefined) {
    let entries: [string, unknown][] | undefined;
    try {
      entries = typeof o.handlers === "object" && o.handlers !== null
        ? Object.entries(o.handlers)
        : undefined;
    } catch {
      // A revoked Proxy or a throwing getter: refused below.
    }
    if (entries === undefined) {
      throw invalid("handlers", `"handlers" must be an object of functions by action`);
    }
    for (const [action, handler] of entries) {
      if (typeof handler !== "function") {
        throw invalid(
          `handlers.${action}`,
          `the handler of ${JSON.stringify(action)} is not a function`,
        );
      }
      // defineProperty: an action named "__proto__" is a key like any other.
      Object.defineProperty(handlers, action, {
        value: handler,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  const credentials: Credentials[] = [];
  if (o.credentials !== undefined) {
    let keys: unknown[] | undefined;
    try {
      keys = Array.isArray(o.credentials) ? [...o.credentials] : undefined;
    } catch {
      // A revoked Proxy: refused below.
    }
    if (keys === undefined || keys.length === 0) {
      throw new AcsTypeError(
        "invalid-credentials",
        'Cannot start test server: "credentials" must be a non-empty array of access keys',
        { parameter: "credentials" },
      );
    }
    keys.forEach((key, index) => {
      let fields: Record<string, unknown> = {};
      try {
        if (typeof key === "object" && key !== null) {
          const { accessKeyId, accessKeySecret, securityToken } = key as Credentials;
          fields = { accessKeyId, accessKeySecret, securityToken };
        }
      } catch {
        // Unreadable: every field is missing.
      }
      for (const field of ["accessKeyId", "accessKeySecret", "securityToken"]) {
        const value = fields[field];
        if (field === "securityToken" && value === undefined) continue;
        if (typeof value !== "string" || value === "") {
          // Never the value: it may be a secret.
          throw new AcsTypeError(
            "invalid-credentials",
            `Cannot start test server: credentials[${index}].${field} must be a non-empty string`,
            { parameter: `credentials[${index}].${field}` },
          );
        }
      }
      credentials.push({
        accessKeyId: fields.accessKeyId as string,
        accessKeySecret: fields.accessKeySecret as string,
        ...(fields.securityToken === undefined
          ? {}
          : { securityToken: fields.securityToken as string }),
      });
    });
  } else credentials.push(DEMO_CREDENTIALS);
  return {
    ...(o as TestServerOptions),
    credentials,
    handlers,
  };
}

/**
 * Starts a local ECS-compatible endpoint on 127.0.0.1, for tests of code that
 * calls Alibaba Cloud APIs: nothing leaves the machine. It verifies every
 * request with `verifyRequest` (signature, timestamp window, nonce replay,
 * known key), answers refusals as the real endpoint does (`{ RequestId,
 * HostId, Code, Message, Recommend }`, in JSON or XML), and answers accepted
 * requests from `handlers`, the built-in `DescribeRegions` (the endpoint
 * table) and `DescribeInstances` (a paged fixture of `instances` instances,
 * by `NextToken`/`MaxResults` or `PageNumber`/`PageSize`), or
 * `InvalidAction.NotFound`.
 *
 * It runs in Deno (on `Deno.serve`; needs `--allow-net=127.0.0.1`), Node 20.16
 * or later and Bun (on `node:http`, loaded with `process.getBuiltinModule`
 * only when a server starts: this is the one module of acs-rpc that uses a
 * `node:` built-in). Close it when done.
 *
 * @param options Keys, handlers, the fixture's size, the clock, the port.
 * @returns The running server.
 * @throws {AcsTypeError} `invalid-option` naming the option for one of the
 * wrong type or an unknown one (a misspelt `Port` would be ignored), and
 * `invalid-credentials` for an access key without an id or secret.
 * @throws {AcsRangeError} `invalid-option` for a port or fixture size out of
 * range.
 *
 * @example Testing code against the server, with the client's real endpoints
 * ```ts
 * import { createClient } from "@acs/rpc";
 * import { startTestServer } from "@acs/rpc/testing";
 * import assert from "node:assert/strict";
 *
 * const server = await startTestServer({
 *   handlers: { DescribeVpcs: () => ({ Vpcs: { Vpc: [{ VpcId: "vpc-1" }] } }) },
 * });
 * try {
 *   const client = createClient({
 *     credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *     regionId: "cn-hangzhou",
 *     fetch: server.fetch, // every request goes to the test server
 *   });
 *   const regions = await client.call<{ Regions: { Region: unknown[] } }>("DescribeRegions");
 *   assert.ok(regions.Regions.Region.length > 0);
 *   const vpc = createClient({
 *     credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *     regionId: "cn-hangzhou",
 *     product: "vpc",
 *     version: "2016-04-28",
 *     fetch: server.fetch,
 *   });
 *   const vpcs = await vpc.call<{ Vpcs: { Vpc: { VpcId: string }[] } }>("DescribeVpcs");
 *   assert.equal(vpcs.Vpcs.Vpc[0]?.VpcId, "vpc-1");
 *   assert.equal(server.received.at(-1)?.host, "vpc.cn-hangzhou.aliyuncs.com");
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  options = checkOptions(options);
  const secrets = new Map<string, Credentials>();
  for (const key of options.credentials!) {
    secrets.set(key.accessKeyId, key);
  }
  const now = options.now ?? (() => new Date());
  const nonceStore = options.nonceStore ?? new MemoryNonceStore();
  const handlers: Readonly<Record<string, TestHandler>> = {
    DescribeRegions: describeRegions,
    DescribeInstances: describeInstances(options.instances ?? 23),
    ...options.handlers,
  };
  const received: ReceivedRequest[] = [];
  const failures: TestFailure[] = [];
  const closing = new AbortController();

  function failNext(kind: TestFailure, count = 1): void {
    if (!FAILURES.includes(kind)) {
      throw new AcsRangeError(
        "invalid-option",
        `Cannot inject failure: kind must be ${FAILURES.map((k) => `"${k}"`).join(", ")}, got ${
          typeof kind === "string" ? quotePrefix(kind) : typeof kind
        }`,
        { parameter: "kind" },
      );
    }
    if (!Number.isSafeInteger(count) || count < 0 || count > 1000) {
      throw new AcsRangeError(
        "invalid-option",
        `Cannot inject failure: count must be an integer from 0 to 1000, got ${printable(count)}`,
        { parameter: "count" },
      );
    }
    for (let i = 0; i < count; i++) failures.push(kind);
  }

  function record(entry: ReceivedRequest): void {
    received.push(entry);
    if (received.length > MAX_RECEIVED) received.shift();
  }

  async function control(request: Request, url: URL): Promise<Response> {
    if (url.pathname === "/__local/fail" && request.method === "POST") {
      try {
        failNext(
          url.searchParams.get("kind") as TestFailure,
          Number(url.searchParams.get("count") ?? "1"),
        );
      } catch (error) {
        return new Response((error as Error).message, { status: 400 });
      }
      return new Response(null, { status: 204 });
    }
    if (url.pathname === "/__local/received" && request.method === "GET") {
      return Response.json(received);
    }
    await request.body?.cancel();
    return new Response("Not found", { status: 404 });
  }

  /** Waits until the client goes away or the server closes. */
  function hang(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || closing.signal.aborted) return resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
      closing.signal.addEventListener("abort", () => resolve(), { once: true });
    });
  }

  async function answer(
    accepted: AcceptedRequest,
    verified: Request,
    signal: AbortSignal,
    hostId: string,
  ): Promise<Answer | Response> {
    const injected = failures.shift();
    if (injected === "throttling") {
      return errorAnswer(
        400,
        "Throttling.User",
        "Request was denied due to user flow control.",
        hostId,
      );
    }
    if (injected === "unavailable") {
      return errorAnswer(
        503,
        "ServiceUnavailable",
        "The request has failed due to a temporary failure of the server.",
        hostId,
      );
    }
    if (injected === "hang") {
      await hang(signal);
      return new Response(null, { status: 503 });
    }
    const handler = Object.hasOwn(handlers, accepted.action)
      ? handlers[accepted.action]
      : undefined;
    if (handler === undefined) {
      return errorAnswer(
        404,
        "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method.",
        hostId,
      );
    }
    try {
      const result = await handler(accepted, { signal, request: verified });
      if (result instanceof Response) return result;
      return { status: 200, body: { RequestId: requestId(), ...result } };
    } catch (error) {
      if (error instanceof ApiError) {
        return errorAnswer(error.status, error.code, error.message, hostId);
      }
      return errorAnswer(
        500,
        "InternalError",
        `The test handler of "${accepted.action}" threw: ${
          error instanceof Error ? error.message : String(error)
        }`,
        hostId,
      );
    }
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__local/") && options.testSwitches) {
      return control(request, url);
    }
    // A request that TestServer.fetch redirected is verified as addressed.
    const forwardedHost = request.headers.get(FORWARDED_HOST);
    const forwardedProto = request.headers.get(FORWARDED_PROTO) === "https" ? "https" : "http";
    const addressed = forwardedHost === null
      ? url
      : new URL(`${url.pathname}${url.search}`, `${forwardedProto}://${forwardedHost}`);
    const headers = new Headers(request.headers);
    headers.delete(FORWARDED_HOST);
    headers.delete(FORWARDED_PROTO);
    // The host that was signed (V3 signs it) is the one addressed: the URL's.
    headers.delete("host");
    const hostId = forwardedHost ?? request.headers.get("host") ?? ECS_CENTRAL_ENDPOINT;
    const clock = now();
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const body = hasBody ? await readBounded(request) : new Uint8Array();
    const verified = new Request(addressed, {
      method: request.method,
      headers,
      ...(hasBody && body !== undefined ? { body: body as Uint8Array<ArrayBuffer> } : {}),
    });
    const result = body === undefined ? undefined : await verifyRequest(verified.clone(), {
      lookupSecret: (id, token) => {
        const key = secrets.get(id);
        if (key === undefined) return undefined;
        return key.securityToken === token ? key.accessKeySecret : undefined;
      },
      now: () => clock,
      nonceStore,
    });
    let outcome: Answer | Response;
    let format: "JSON" | "XML" = "JSON";
    let action: string | undefined;
    if (result === undefined) {
      outcome = errorAnswer(
        413,
        "RequestEntityTooLarge",
        `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
        hostId,
      );
    } else if (!result.ok) {
      const { code, status, message } = result.error;
      outcome = errorAnswer(status, code, message, hostId);
      format = result.error.format;
    } else {
      format = result.accepted.format;
      action = result.accepted.action;
      outcome = await answer(result.accepted, verified, request.signal, hostId);
    }
    const text = body === undefined ? "" : new TextDecoder().decode(body);
    const nonce = addressed.searchParams.get("SignatureNonce") ??
      new URLSearchParams(text).get("SignatureNonce") ??
      request.headers.get("x-acs-signature-nonce") ?? undefined;
    const response = outcome instanceof Response
      ? outcome
      : respond(outcome, format, `${action ?? "Unknown"}Response`, clock);
    const code = outcome instanceof Response ? undefined : outcome.body.Code;
    record({
      method: request.method,
      url: addressed.href,
      host: addressed.host,
      body: text,
      action,
      nonce,
      userAgent: request.headers.get("user-agent") ?? undefined,
      status: request.signal.aborted ? 0 : response.status,
      code: typeof code === "string" ? code : undefined,
    });
    return response;
  }

  const listener = await listen(options.port ?? 0, handle);
  const host = `127.0.0.1:${listener.port}`;
  const origin = `http://${host}`;
  let closed: Promise<void> | undefined;
  const redirect = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const addressed = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.set(FORWARDED_HOST, addressed.host);
    headers.set(FORWARDED_PROTO, addressed.protocol.slice(0, -1));
    const body = request.method === "GET" || request.method === "HEAD"
      ? undefined
      : await request.arrayBuffer();
    return await fetch(`${origin}${addressed.pathname}${addressed.search}`, {
      method: request.method,
      headers,
      signal: request.signal,
      ...(body === undefined ? {} : { body }),
    });
  }) as typeof fetch;
  return {
    host,
    origin,
    port: listener.port,
    received,
    fetch: redirect,
    failNext,
    close: () => {
      if (closed === undefined) {
        closing.abort();
        closed = listener.close();
      }
      return closed;
    },
  };
}

/**
 * Runs `body` with a test server started for it, and closes the server
 * afterwards, whether `body` succeeds or throws.
 *
 * @param options The server's options (see {@linkcode startTestServer}).
 * @param body What to do with the running server.
 * @returns What `body` returns.
 * @throws {AcsTypeError} `invalid-option` for a `body` that is not a
 * function (before any server starts), and the errors of
 * {@linkcode startTestServer}.
 *
 * @example Collecting a paged fixture through the client
 * ```ts
 * import { createClient } from "@acs/rpc";
 * import { withTestServer } from "@acs/rpc/testing";
 * import assert from "node:assert/strict";
 *
 * await withTestServer({ instances: 23 }, async (server) => {
 *   const client = createClient({
 *     credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
 *     regionId: "cn-hangzhou",
 *     fetch: server.fetch,
 *   });
 *   const ids: string[] = [];
 *   const pages = client.paginate("DescribeInstances", { PageSize: 10 });
 *   for await (const instance of pages.items<{ InstanceId: string }>("Instances.Instance")) {
 *     ids.push(instance.InstanceId);
 *   }
 *   assert.equal(ids.length, 23);
 *   assert.equal(server.received.length, 3);
 * });
 * ```
 */
export async function withTestServer<T>(
  options: TestServerOptions,
  body: (server: TestServer) => Promise<T>,
): Promise<T> {
  if (typeof body !== "function") {
    // Checked before a server starts that nothing would use.
    throw new AcsTypeError(
      "invalid-option",
      `Cannot run with a test server: "body" must be a function, got ${
        body === null ? "null" : typeof body
      }`,
      { parameter: "body" },
    );
  }
  const server = await startTestServer(options);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}
