// Starts a throwaway redis-server (Debian's package `redis-server`) on
// 127.0.0.1 with a random port, no persistence and a temporary directory, for
// the tests and the load benchmark; stop() ends it and removes the directory.

/** A running redis-server. */
export interface RedisServer {
  /** Its port on 127.0.0.1. */
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** The process id, for the report. */
  readonly pid: number;
  /** The server's version, such as `7.0.15`. */
  readonly version: string;
  /** Stops the server (SIGTERM, then waits for it) and removes its directory. */
  stop(): Promise<void>;
}

/** What to run when redis-server is missing. */
export const INSTALL_HINT =
  "apt-get update && apt-get install -y --no-install-recommends redis-server";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * Starts redis-server and resolves once it accepts connections.
 *
 * @throws {Error} with the install command when redis-server is not installed.
 */
export async function startRedisServer(): Promise<RedisServer> {
  for (let attempt = 1;; attempt++) {
    try {
      return await startOnce(freePort());
    } catch (error) {
      // Another process may take the port between freePort() and the bind.
      if (attempt >= 3 || !(error instanceof PortTaken)) throw error;
    }
  }
}

class PortTaken extends Error {}

async function startOnce(port: number): Promise<RedisServer> {
  const dir = await Deno.makeTempDir({ prefix: "acs-rpc-redis-" });
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("redis-server", {
      args: [
        "--bind",
        "127.0.0.1",
        "--port",
        String(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
        "--daemonize",
        "no",
        "--protected-mode",
        "yes",
        "--maxmemory-policy",
        "noeviction",
      ],
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
    }).spawn();
  } catch (error) {
    await Deno.remove(dir, { recursive: true });
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(
        `redis-server is not installed, and the Redis tests need it: run \`${INSTALL_HINT}\` (as root; .ci/run does it in CI)`,
      );
    }
    throw error;
  }
  const stop = async (): Promise<void> => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already ended
    }
    await child.status;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  // Read its log until it is ready, or has failed.
  const decoder = new TextDecoder();
  let log = "";
  const reader = child.stdout.getReader();
  const stderr = new Response(child.stderr).text();
  try {
    const deadline = setTimeout(() => child.kill("SIGKILL"), 10_000);
    try {
      while (!log.includes("Ready to accept connections")) {
        const { done, value } = await reader.read();
        if (done) break;
        log += decoder.decode(value, { stream: true });
      }
    } finally {
      clearTimeout(deadline);
    }
    if (!log.includes("Ready to accept connections")) {
      const message = `${log}\n${await stderr}`;
      if (/Address already in use/.test(message)) throw new PortTaken(message);
      throw new Error(`redis-server did not start:\n${message.trim()}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  // Keep draining its output so that it never blocks on a full pipe.
  (async () => {
    try {
      while (!(await reader.read()).done) { /* discard */ }
    } catch { /* ended */ }
  })();
  const version = /Redis version=(\S+)/.exec(log)?.[1] ?? /v=(\S+)/.exec(log)?.[1] ?? "unknown";
  return { port, url: `redis://127.0.0.1:${port}`, pid: child.pid, version, stop };
}
