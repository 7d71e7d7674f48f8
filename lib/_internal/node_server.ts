// Internal: a small HTTP server on 127.0.0.1 that hands web `Request`s to a
// handler and sends back its `Response`, built on `node:http` (which Deno,
// Node and Bun all have) so that the test servers run in each of them.
// mod.ts never re-exports this file.

import { concatBytes } from "./bytes.ts";
import { builtinModule } from "./node.ts";

interface IncomingMessage extends AsyncIterable<Uint8Array> {
  readonly method?: string;
  readonly url?: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

interface ServerResponse {
  writeHead(status: number, headers: Record<string, string>): void;
  end(body?: Uint8Array): void;
}

interface NodeServer {
  listen(port: number, host: string, callback: () => void): void;
  address(): { port: number } | string | null;
  close(callback: (error?: Error) => void): void;
  closeAllConnections?: () => void;
  on(event: "error", listener: (error: Error) => void): void;
}

interface NodeHttp {
  createServer(
    listener: (request: IncomingMessage, response: ServerResponse) => void,
  ): NodeServer;
}

/** A running server. */
export interface LocalServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

async function toRequest(incoming: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of incoming) chunks.push(chunk);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = incoming.method ?? "GET";
  const init: RequestInit = { method, headers };
  if (method !== "GET" && method !== "HEAD" && chunks.length > 0) {
    init.body = concatBytes(chunks);
  }
  return new Request(new URL(incoming.url ?? "/", origin), init);
}

/**
 * Starts a server on 127.0.0.1 (`port` 0 lets the system choose). A handler
 * that throws answers HTTP 500.
 */
export async function serveLocal(
  handler: (request: Request) => Response | Promise<Response>,
  port = 0,
): Promise<LocalServer> {
  const http = builtinModule<NodeHttp>("http");
  let origin = "http://127.0.0.1";
  const server = http.createServer((incoming, outgoing) => {
    (async () => {
      let response: Response;
      try {
        response = await handler(await toRequest(incoming, origin));
      } catch (error) {
        response = new Response(
          `handler failed: ${error instanceof Error ? error.name : "error"}`,
          {
            status: 500,
          },
        );
      }
      const body = new Uint8Array(await response.arrayBuffer());
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => headers[name] = value);
      headers["content-length"] = String(body.byteLength);
      outgoing.writeHead(response.status, headers);
      outgoing.end(body);
    })().catch(() => outgoing.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.on("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  const chosen = typeof address === "object" && address !== null ? address.port : port;
  origin = `http://127.0.0.1:${chosen}`;
  return {
    url: origin,
    port: chosen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
