// Internal: an HTTP listener on 127.0.0.1 for a fetch-style handler, in any
// server runtime. Deno has its own server, `Deno.serve`, which honours its
// permission flags (--allow-net=127.0.0.1) and its test sanitizers; Node and
// Bun share `node:http`, loaded only when a server starts, with
// `process.getBuiltinModule` (Node 20.16 and later, Bun): this is the one
// module of acs-rpc that uses a `node:` built-in. Loading it through that
// function rather than an `import` keeps it out of every module graph, so
// browsers and bundlers never see it, and it runs unchanged from the ES
// module and the CommonJS builds.

import { concatBytes } from "../_internal/bytes.ts";

/** A listening server. */
export interface Listener {
  /** The port it listens on. */
  readonly port: number;
  /** Stops listening, closes idle connections and waits for open requests. */
  close(): Promise<void>;
}

/** Answers one request; `request.signal` aborts when the client goes away. */
export type Handler = (request: Request) => Promise<Response>;

interface DenoServe {
  serve(options: {
    hostname: string;
    port: number;
    onListen: () => void;
    handler: (request: Request) => Promise<Response>;
  }): { readonly addr: { readonly port: number }; shutdown(): Promise<void> };
}

/** The parts of `node:http` used here. */
interface NodeHttp {
  createServer(
    listener: (request: NodeRequest, response: NodeResponse) => void,
  ): NodeServer;
}
interface NodeServer {
  listen(port: number, host: string, callback: () => void): void;
  once(event: "error", listener: (error: unknown) => void): void;
  address(): { port: number } | string | null;
  close(callback: () => void): void;
  closeAllConnections?(): void;
}
interface NodeRequest {
  readonly method?: string;
  readonly url?: string;
  readonly rawHeaders: string[];
  on(event: "data", listener: (chunk: Uint8Array) => void): void;
  on(event: "end" | "close", listener: () => void): void;
  on(event: "error", listener: (error: unknown) => void): void;
}
interface NodeResponse {
  readonly writableFinished: boolean;
  on(event: "close", listener: () => void): void;
  writeHead(status: number, headers: Record<string, string>): void;
  end(body?: Uint8Array): void;
}

/** Bytes a request body is read to before the rest is drained unread. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Starts listening on 127.0.0.1 (`port` 0: any free port). */
export async function listen(port: number, handler: Handler): Promise<Listener> {
  const deno = (globalThis as unknown as { Deno?: Partial<DenoServe> }).Deno;
  if (typeof deno?.serve === "function") {
    const server = deno.serve({ hostname: "127.0.0.1", port, onListen: () => {}, handler });
    return { port: server.addr.port, close: () => server.shutdown() };
  }
  return await listenWithNodeHttp(port, handler);
}

function readBody(request: NodeRequest): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    request.on("data", (chunk) => {
      // Past the cap the rest is drained: the handler refuses the body anyway.
      if (total <= MAX_BODY_BYTES) chunks.push(new Uint8Array(chunk));
      total += chunk.byteLength;
    });
    request.on("error", reject);
    request.on("end", () => {
      resolve(concatBytes(chunks));
    });
  });
}

interface NodeProcess {
  readonly getBuiltinModule?: (id: string) => unknown;
  readonly versions?: { readonly node?: string };
}

function loadNodeHttp(): NodeHttp {
  const process = (globalThis as unknown as { process?: NodeProcess }).process;
  if (typeof process?.getBuiltinModule !== "function") {
    throw new Error(
      `Cannot start the test server: this runtime has neither Deno.serve nor process.getBuiltinModule (Node ${
        process?.versions?.node ?? "?"
      }); use Deno, Bun, or Node 20.16 or later`,
    );
  }
  return process.getBuiltinModule("node:http") as NodeHttp;
}

async function listenWithNodeHttp(port: number, handler: Handler): Promise<Listener> {
  const http = loadNodeHttp();
  const server = http.createServer((incoming, outgoing) => {
    void (async () => {
      const gone = new AbortController();
      outgoing.on("close", () => {
        if (!outgoing.writableFinished) gone.abort();
      });
      try {
        const headers = new Headers();
        for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
          headers.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
        }
        const method = incoming.method ?? "GET";
        const body = method === "GET" || method === "HEAD" ? undefined : await readBody(incoming);
        const request = new Request(`http://${headers.get("host") ?? "127.0.0.1"}${incoming.url}`, {
          method,
          headers,
          signal: gone.signal,
          ...(body === undefined ? {} : { body }),
        });
        const response = await handler(request);
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        outgoing.end(new Uint8Array(await response.arrayBuffer()));
      } catch {
        if (!outgoing.writableFinished) {
          outgoing.writeHead(500, { "content-type": "text/plain" });
          outgoing.end(new TextEncoder().encode("Internal error of the test server"));
        }
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (typeof address !== "object" || address === null) {
    throw new Error("Cannot start the test server: node:http reports no port");
  }
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
