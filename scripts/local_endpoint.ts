/**
 * A local ECS-compatible endpoint for tests and demos: it verifies every
 * request with {@linkcode verifyRequest} as the ECS endpoint does, answers
 * `DescribeRegions` from the endpoint table in Alibaba Cloud's response shape,
 * and answers every rejection with `{ RequestId, HostId, Code, Message,
 * Recommend }`. It listens on 127.0.0.1 only.
 *
 * Run it: `deno run --allow-net=127.0.0.1 scripts/local_endpoint.ts
 * [--port N] [--credentials ID:SECRET]… [--test-switches]`. It prints
 * `Listening on http://127.0.0.1:N` and serves until interrupted. Without
 * `--credentials` it knows the documentation's `testid`/`testsecret`.
 *
 * With `--test-switches` (or `testSwitches: true`) it also serves
 * `POST /__local/fail?kind=throttling|unavailable&count=N` (answer the next N
 * verified requests with `Throttling.User`, or with HTTP 503
 * `ServiceUnavailable`) and `GET /__local/received` (the requests seen).
 *
 * @module
 */

import { ECS_CENTRAL_ENDPOINT, ECS_REGIONS } from "../lib/endpoints/ecs_regions.ts";
import { MemoryNonceStore, type NonceStore } from "../lib/server/nonce_store.ts";
import type { Credentials } from "../lib/signature/sign_request.ts";
import { verifyRequest } from "../lib/server/verify_request.ts";

/** Options for {@linkcode startLocalEndpoint}. */
export interface LocalEndpointOptions {
  /** The port; 0 (the default) lets the system choose one. */
  readonly port?: number | undefined;
  /** The access keys it knows. Default `testid`/`testsecret`. */
  readonly credentials?: readonly Credentials[] | undefined;
  /** Its clock, for verification and the `Date` header. Default the real one. */
  readonly now?: (() => Date) | undefined;
  /** Where accepted nonces go. Default a fresh {@linkcode MemoryNonceStore}. */
  readonly nonceStore?: NonceStore | undefined;
  /** Serve the `/__local/` control paths. Default false. */
  readonly testSwitches?: boolean | undefined;
}

/** One request the endpoint answered. */
export interface ReceivedRequest {
  /** The HTTP method. */
  readonly method: string;
  /** The full URL, query included. */
  readonly url: string;
  /** The form body of a `POST`, or `""`. */
  readonly body: string;
  /** The `SignatureNonce` (or, signed with V3, `x-acs-signature-nonce`) it carried, if any. */
  readonly nonce: string | undefined;
  /** The HTTP status answered. */
  readonly status: number;
  /** The error code answered, or `undefined` for a success. */
  readonly code: string | undefined;
}

/** A running local endpoint. */
export interface LocalEndpoint extends AsyncDisposable {
  /** `127.0.0.1:PORT`, to pass as an `endpoint` option. */
  readonly host: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The port it listens on. */
  readonly port: number;
  /** The requests answered so far (the last 1000). */
  readonly received: readonly ReceivedRequest[];
  /** Answers the next `count` verified requests with an injected failure. */
  failNext(kind: "throttling" | "unavailable", count: number): void;
  /** Stops listening and waits for open requests to finish. */
  close(): Promise<void>;
}

const DEMO_CREDENTIALS: Credentials = {
  accessKeyId: "testid",
  accessKeySecret: "testsecret",
};
const VERSION = "2014-05-26";
const MAX_RECEIVED = 1000;
const MAX_BODY_BYTES = 64 * 1024;

type Answer = { status: number; body: Record<string, unknown> };

/** Reads at most MAX_BODY_BYTES of the body; `undefined` when longer. */
async function readBounded(request: Request): Promise<Uint8Array | undefined> {
  if (request.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of request.body) {
    total += chunk.byteLength;
    if (total > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  // Bytes, not text: a V3 body is signed by its SHA-256, byte for byte.
  return bytes;
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

function errorAnswer(
  status: number,
  code: string,
  message: string,
  hostId: string,
): Answer {
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

function describeRegions(): Record<string, unknown> {
  return {
    RequestId: requestId(),
    Regions: {
      Region: ECS_REGIONS.map((region) => ({
        RegionId: region.regionId,
        LocalName: region.name ?? region.regionId,
        RegionEndpoint: region.publicEndpoint,
        Status: region.closed ? "closed" : "available",
      })),
    },
  };
}

function respond(
  answer: Answer,
  format: "JSON" | "XML",
  rootName: string,
  now: Date,
): Response {
  const headers = new Headers({ date: now.toUTCString() });
  if (format === "XML") {
    headers.set("content-type", "text/xml;charset=utf-8");
    const root = answer.status < 300 ? rootName : "Error";
    return new Response(
      `<?xml version='1.0' encoding='UTF-8'?>${toXml(root, answer.body)}`,
      { status: answer.status, headers },
    );
  }
  headers.set("content-type", "application/json;charset=utf-8");
  return new Response(JSON.stringify(answer.body), {
    status: answer.status,
    headers,
  });
}

/**
 * Runs `body` with a local endpoint started for it, and closes the endpoint
 * afterwards, whether `body` succeeds or throws.
 *
 * @param options The endpoint's options.
 * @param body What to do with the running endpoint.
 */
export async function withLocalEndpoint(
  options: LocalEndpointOptions,
  body: (endpoint: LocalEndpoint) => Promise<void>,
): Promise<void> {
  await using endpoint = startLocalEndpoint(options);
  await body(endpoint);
}

/**
 * Starts a local ECS-compatible endpoint on 127.0.0.1.
 *
 * @param options The port, the known keys, the clock and the test switches.
 * @returns The running endpoint; `close()` it (or `await using` it).
 */
export function startLocalEndpoint(
  options: LocalEndpointOptions = {},
): LocalEndpoint {
  const secrets = new Map<string, Credentials>();
  for (const key of options.credentials ?? [DEMO_CREDENTIALS]) {
    secrets.set(key.accessKeyId, key);
  }
  const now = options.now ?? (() => new Date());
  const nonceStore = options.nonceStore ?? new MemoryNonceStore();
  const received: ReceivedRequest[] = [];
  const failures: ("throttling" | "unavailable")[] = [];

  function failNext(kind: "throttling" | "unavailable", count: number): void {
    if (kind !== "throttling" && kind !== "unavailable") {
      throw new RangeError(
        `Cannot inject failure: kind must be "throttling" or "unavailable", got ${
          JSON.stringify(kind)
        }`,
      );
    }
    if (!Number.isSafeInteger(count) || count < 0 || count > 1000) {
      throw new RangeError(
        `Cannot inject failure: count must be an integer from 0 to 1000, got ${count}`,
      );
    }
    for (let i = 0; i < count; i++) failures.push(kind);
  }

  async function control(request: Request, url: URL): Promise<Response> {
    if (url.pathname === "/__local/fail" && request.method === "POST") {
      try {
        failNext(
          url.searchParams.get("kind") as "throttling",
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

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__local/") && options.testSwitches) {
      return control(request, url);
    }
    const hostId = request.headers.get("host") ?? ECS_CENTRAL_ENDPOINT;
    const clock = now();
    // Read the body here, bounded, rather than clone the request.
    const bytes = request.method === "POST" ? await readBounded(request) : new Uint8Array(0);
    const body = bytes === undefined ? undefined : new TextDecoder().decode(bytes);
    const result = body === undefined ? undefined : await verifyRequest(
      new Request(request.url, {
        method: request.method,
        headers: request.headers,
        // No body rather than an empty one, which would add a content-type.
        ...(bytes !== undefined && bytes.byteLength > 0 ? { body: bytes as BodyInit } : {}),
      }),
      {
        lookupSecret: (id, token) => {
          const key = secrets.get(id);
          if (key === undefined) return undefined;
          return key.securityToken === token ? key.accessKeySecret : undefined;
        },
        now: () => clock,
        nonceStore,
      },
    );
    let answer: Answer;
    let format: "JSON" | "XML";
    let action = "Unknown";
    if (result === undefined) {
      answer = errorAnswer(
        413,
        "RequestEntityTooLarge",
        `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
        hostId,
      );
      format = "JSON";
    } else if (!result.ok) {
      const { code, status, message } = result.error;
      answer = errorAnswer(status, code, message, hostId);
      format = result.error.format;
    } else {
      const { accepted } = result;
      format = accepted.format;
      action = accepted.action;
      const injected = failures.shift();
      if (injected === "throttling") {
        answer = errorAnswer(
          400,
          "Throttling.User",
          "Request was denied due to user flow control.",
          hostId,
        );
      } else if (injected === "unavailable") {
        answer = errorAnswer(
          503,
          "ServiceUnavailable",
          "The request has failed due to a temporary failure of the server.",
          hostId,
        );
      } else if (accepted.version !== VERSION) {
        answer = errorAnswer(
          400,
          "InvalidVersion",
          "Specified parameter Version is not valid.",
          hostId,
        );
      } else if (accepted.action === "DescribeRegions") {
        answer = { status: 200, body: describeRegions() };
      } else {
        answer = errorAnswer(
          404,
          "InvalidAction.NotFound",
          "Specified api is not found, please check your url and method.",
          hostId,
        );
      }
    }
    const params = new URLSearchParams(url.search);
    const form = new URLSearchParams(body ?? "");
    received.push({
      method: request.method,
      url: request.url,
      body: body ?? "",
      nonce: params.get("SignatureNonce") ?? form.get("SignatureNonce") ??
        request.headers.get("x-acs-signature-nonce") ?? undefined,
      status: answer.status,
      code: typeof answer.body.Code === "string" ? answer.body.Code : undefined,
    });
    if (received.length > MAX_RECEIVED) received.shift();
    return respond(answer, format, `${action}Response`, clock);
  }

  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: options.port ?? 0,
    onListen: () => {},
    handler: handle,
  });
  const { port } = server.addr;
  const host = `127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= server.shutdown());
  return {
    host,
    origin: `http://${host}`,
    port,
    received,
    failNext,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function parseArgs(args: readonly string[]): LocalEndpointOptions {
  let port = 0;
  const credentials: Credentials[] = [];
  let testSwitches = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--port") {
      port = Number(args[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new RangeError(
          `Cannot start endpoint: --port must be 0 to 65535, got ${JSON.stringify(args[i] ?? "")}`,
        );
      }
    } else if (arg === "--credentials") {
      const [accessKeyId, ...rest] = (args[++i] ?? "").split(":");
      const accessKeySecret = rest.join(":");
      if (!accessKeyId || !accessKeySecret) {
        throw new TypeError(
          "Cannot start endpoint: --credentials must be ID:SECRET",
        );
      }
      credentials.push({ accessKeyId, accessKeySecret });
    } else if (arg === "--test-switches") {
      testSwitches = true;
    } else {
      throw new TypeError(
        `Cannot start endpoint: unknown argument ${JSON.stringify(arg)}`,
      );
    }
  }
  return {
    port,
    testSwitches,
    ...(credentials.length > 0 ? { credentials } : {}),
  };
}

if (import.meta.main) {
  let options: LocalEndpointOptions;
  try {
    options = parseArgs(Deno.args);
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
  const endpoint = startLocalEndpoint(options);
  console.log(`Listening on ${endpoint.origin}`);
  Deno.addSignalListener("SIGINT", () => {
    endpoint.close().then(() => Deno.exit(0));
  });
}
