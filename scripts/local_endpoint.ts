/**
 * The test server of `@acs/rpc/testing` from the command line, for demos and
 * manual tests: `deno run --allow-net=127.0.0.1 scripts/local_endpoint.ts
 * [--port N] [--credentials ID:SECRET]… [--instances N] [--test-switches]`.
 * It prints `Listening on http://127.0.0.1:N` and serves until interrupted.
 * Without `--credentials` it knows the documentation's `testid`/`testsecret`.
 *
 * With `--test-switches` it also serves
 * `POST /__local/fail?kind=throttling|unavailable|hang&count=N` and
 * `GET /__local/received` (the requests seen).
 *
 * @module
 */

import type { Credentials } from "../lib/signature/mod.ts";
import { startTestServer, type TestServerOptions } from "../lib/testing/mod.ts";

/** Reads the command line into the test server's options. */
export function parseArgs(args: readonly string[]): TestServerOptions {
  let port = 0;
  let instances: number | undefined;
  const credentials: Credentials[] = [];
  let testSwitches = false;
  const count = (flag: string, text: string | undefined, max: number): number => {
    const value = Number(text);
    if (text === undefined || !/^\d+$/.test(text) || value > max) {
      throw new RangeError(
        `Cannot start endpoint: ${flag} must be 0 to ${max}, got ${JSON.stringify(text ?? "")}`,
      );
    }
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--port") {
      port = count("--port", args[++i], 65535);
    } else if (arg === "--instances") {
      instances = count("--instances", args[++i], 100_000);
    } else if (arg === "--credentials") {
      const [accessKeyId, ...rest] = (args[++i] ?? "").split(":");
      const accessKeySecret = rest.join(":");
      if (!accessKeyId || !accessKeySecret) {
        throw new TypeError("Cannot start endpoint: --credentials must be ID:SECRET");
      }
      credentials.push({ accessKeyId, accessKeySecret });
    } else if (arg === "--test-switches") {
      testSwitches = true;
    } else {
      throw new TypeError(`Cannot start endpoint: unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return {
    port,
    testSwitches,
    ...(instances === undefined ? {} : { instances }),
    ...(credentials.length > 0 ? { credentials } : {}),
  };
}

if (import.meta.main) {
  let options: TestServerOptions;
  try {
    options = parseArgs(Deno.args);
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
  const server = await startTestServer(options);
  console.log(`Listening on ${server.origin}`);
  Deno.addSignalListener("SIGINT", () => {
    server.close().then(() => Deno.exit(0));
  });
}
