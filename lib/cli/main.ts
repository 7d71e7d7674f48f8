/**
 * The `acs-rpc` command line: sign a request and show every stage, call an
 * API, or list the endpoint table.
 *
 * ```sh
 * deno run jsr:@acs/rpc/cli sign --demo --explain DescribeRegions
 * deno run --allow-env --allow-net jsr:@acs/rpc/cli call DescribeInstances RegionId=cn-hangzhou --region cn-hangzhou
 * deno run jsr:@acs/rpc/cli regions
 * ```
 *
 * Credentials come from `ALIBABA_CLOUD_ACCESS_KEY_ID`,
 * `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, for STS credentials,
 * `ALIBABA_CLOUD_SECURITY_TOKEN`; `--demo` uses the documentation's test
 * credentials instead. Exit status: 0 success, 1 an API, network or
 * credentials error, 2 a usage error.
 *
 * @module
 */

import { ApiError, call } from "../client/mod.ts";
import { ECS_REGIONS, signRequest, signRequestV3 } from "../endpoints/mod.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { type Credentials, json, type ParamValue, type SignedRequest } from "../signature/mod.ts";
import { DEMO_V3, explainV3 } from "./_v3.ts";

/** Where {@linkcode main} reads and writes: the process, or a test's stand-ins. */
export interface CliIo {
  /** Writes a line (without its newline) to standard output. */
  readonly stdout: (line: string) => void;
  /** Writes a line (without its newline) to standard error. */
  readonly stderr: (line: string) => void;
  /** Reads an environment variable; read only when credentials are needed. */
  readonly env: (name: string) => string | undefined;
  /** The `fetch` for `call`. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
}

const ENV_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
const ENV_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
const ENV_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

/** The documentation's worked example (Alibaba Cloud, ECS request signature). */
const DEMO = {
  credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
  timestamp: "2016-02-23T12:46:24Z",
  nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
  format: "XML",
  action: "DescribeRegions",
} as const;

const REQUEST_OPTIONS = `Request options:
  --region ID        send to the region's endpoint (see "acs-rpc regions")
  --vpc              use the region's VPC endpoint (needs --region)
  --endpoint HOST    send to HOST instead (host[:port], or http://host:port)
  --method M         GET or POST
  --version V        the API version (default 2014-05-26, ECS)
  --v3               sign with signature V3 (ACS3-HMAC-SHA256) instead of the
                     RPC signature (HMAC-SHA1)`;

const PARAMS_HELP = `Parameters:
  Name=value         a parameter; nested and list names as written: Tag.1.Key=env
  Name:=JSON         a JSON-valued parameter: InstanceIds:='["i-1","i-2"]'`;

const CREDENTIALS_HELP = `Credentials come from ${ENV_ID}, ${ENV_SECRET} and, for STS
credentials, ${ENV_TOKEN}.`;

const USAGE: Readonly<Record<string, string>> = {
  main: `Usage: acs-rpc <command> [options]

Commands:
  sign <Action> [Name=value ...]   print a signed request URL
  call <Action> [Name=value ...]   send a signed request and print the answer
  regions                          print the ECS endpoint table

Run "acs-rpc <command> --help" for a command's options.
Try: acs-rpc sign --demo --explain DescribeRegions`,
  sign: `Usage: acs-rpc sign <Action> [Name=value ...] [options]

Signs a request and prints its URL (for POST, the URL and then the body).

Output options:
  --explain          print each stage: canonical query, string to sign,
                     signature and URL (the secret is never shown)
  --json             print the whole signed request as JSON
  --demo             sign the documentation's example: test credentials
                     testid/testsecret, its timestamp and nonce, Format=XML
                     (Action defaults to DescribeRegions); with --v3, the V3
                     page's RunInstances example

${REQUEST_OPTIONS}
  --format F         JSON (default) or XML
  --timestamp T      sign as of T (ISO 8601), instead of now
  --nonce N          use N as SignatureNonce, instead of a random UUID

${PARAMS_HELP}

${CREDENTIALS_HELP}`,
  call: `Usage: acs-rpc call <Action> [Name=value ...] [options]

Sends a signed request and prints the JSON answer. Throttling, HTTP 5xx and
network failures are retried, each attempt signed afresh. An API error prints
its code, message and request id to standard error and exits with status 1.

${REQUEST_OPTIONS}
  --demo             use the documentation's test credentials testid/testsecret
                     (useful against a local endpoint)

${PARAMS_HELP}

${CREDENTIALS_HELP}`,
  regions: `Usage: acs-rpc regions [--json]

Prints the ECS endpoint table: each region's public and VPC endpoints.

  --json             print the table as JSON`,
};

const VALUE_OPTIONS = new Set([
  "region",
  "endpoint",
  "method",
  "format",
  "version",
  "timestamp",
  "nonce",
]);
const FLAG_OPTIONS = new Set(["vpc", "explain", "json", "demo", "help", "v3"]);
const ALLOWED: Readonly<Record<string, ReadonlySet<string>>> = {
  sign: new Set([...VALUE_OPTIONS, ...FLAG_OPTIONS]),
  call: new Set([
    "region",
    "endpoint",
    "method",
    "format",
    "version",
    "vpc",
    "demo",
    "help",
    "v3",
  ]),
  regions: new Set(["json", "help"]),
};

/** A mistake in the command line: exit status 2, with the usage. */
class UsageError extends TypeError {
  override name = "UsageError";
}

interface Parsed {
  readonly options: Map<string, string | true>;
  readonly positional: string[];
}

function parseArgs(command: string, args: readonly string[]): Parsed {
  const options = new Map<string, string | true>();
  const positional: string[] = [];
  const allowed = ALLOWED[command]!;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      options.set("help", true);
      continue;
    }
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (!allowed.has(name)) {
      throw new UsageError(
        VALUE_OPTIONS.has(name) || FLAG_OPTIONS.has(name)
          ? `Cannot use option "--${name}" with "${command}"`
          : `Cannot parse arguments: unknown option "--${name}"`,
      );
    }
    if (options.has(name)) {
      throw new UsageError(
        `Cannot parse arguments: option "--${name}" is given twice`,
      );
    }
    if (FLAG_OPTIONS.has(name)) {
      if (equals !== -1) {
        throw new UsageError(
          `Cannot parse arguments: option "--${name}" takes no value`,
        );
      }
      options.set(name, true);
    } else if (equals !== -1) {
      options.set(name, arg.slice(equals + 1));
    } else {
      const value = args[++i];
      if (value === undefined || value.startsWith("--")) {
        // "--nonce --json" means a forgotten value, not a nonce of "--json";
        // a value that starts with "--" can still be given as --nonce=--x.
        throw new UsageError(
          `Cannot parse arguments: option "--${name}" needs a value`,
        );
      }
      options.set(name, value);
    }
  }
  return { options, positional };
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function parseParams(args: readonly string[]): [string, ParamValue][] {
  return args.map((arg) => {
    const equals = arg.indexOf("=");
    if (equals <= 0 || (equals === 1 && arg[0] === ":")) {
      throw new UsageError(
        `Cannot parse parameter ${JSON.stringify(arg)}: expected Name=value or Name:=JSON`,
      );
    }
    if (arg[equals - 1] !== ":") {
      return [arg.slice(0, equals), arg.slice(equals + 1)];
    }
    const name = arg.slice(0, equals - 1);
    try {
      return [name, json(JSON.parse(arg.slice(equals + 1)))];
    } catch {
      throw new UsageError(
        `Cannot parse parameter "${name}": the value after ":=" is not JSON`,
      );
    }
  });
}

function option(parsed: Parsed, name: string): string | undefined {
  const value = parsed.options.get(name);
  return typeof value === "string" ? value : undefined;
}

function flag(parsed: Parsed, name: string): boolean {
  return parsed.options.get(name) === true;
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase() as T;
  if (allowed.includes(upper)) return upper;
  throw new UsageError(
    `Cannot use --${name} ${JSON.stringify(value)}: expected ${allowed.join(" or ")}`,
  );
}

interface Target {
  readonly regionId: string | undefined;
  readonly network: "vpc" | undefined;
  readonly endpoint: string | undefined;
  readonly protocol: "https" | "http" | undefined;
}

/** Where to send: signRequest resolves the region and checks a RegionId parameter against it. */
function target(parsed: Parsed): Target {
  const regionId = option(parsed, "region");
  const vpc = flag(parsed, "vpc");
  let endpoint = option(parsed, "endpoint");
  let protocol: "https" | "http" | undefined;
  if (vpc && regionId === undefined) {
    throw new UsageError('Cannot use "--vpc" without "--region"');
  }
  if (endpoint !== undefined) {
    const scheme = /^(https?):\/\//i.exec(endpoint);
    if (scheme !== null) {
      protocol = scheme[1]!.toLowerCase() as "https" | "http";
      endpoint = endpoint.slice(scheme[0].length).replace(/\/$/, "");
    }
  }
  return { regionId, network: vpc ? "vpc" : undefined, endpoint, protocol };
}

function readCredentials(io: CliIo): Credentials {
  const accessKeyId = io.env(ENV_ID);
  const accessKeySecret = io.env(ENV_SECRET);
  const securityToken = io.env(ENV_TOKEN);
  const missing = [
    ...(accessKeyId ? [] : [ENV_ID]),
    ...(accessKeySecret ? [] : [ENV_SECRET]),
  ];
  if (missing.length > 0 || !accessKeyId || !accessKeySecret) {
    throw new TypeError(
      `Cannot read credentials: ${missing.join(" and ")} ${
        missing.length === 1 ? "is" : "are"
      } not set; set ${ENV_ID} and ${ENV_SECRET} (and ${ENV_TOKEN} for STS credentials), or pass --demo to use the documentation's test credentials`,
    );
  }
  return securityToken
    ? { accessKeyId, accessKeySecret, securityToken }
    : { accessKeyId, accessKeySecret };
}

function explain(io: CliIo, signed: SignedRequest, demo: boolean): void {
  if (demo) {
    io.stdout(
      "Demo: the documentation's example request, signed with its test credentials (testid/testsecret)",
    );
    io.stdout("");
  }
  io.stdout("Canonical query string:");
  io.stdout(`  ${signed.canonicalQuery}`);
  io.stdout("String to sign:");
  io.stdout(`  ${signed.stringToSign}`);
  io.stdout(
    'Signature (Base64 of HMAC-SHA1, keyed with the secret and "&"; the secret is not shown):',
  );
  io.stdout(`  ${signed.signature}`);
  io.stdout(`URL (${signed.method}):`);
  io.stdout(`  ${signed.url}`);
  if (signed.body !== null) {
    io.stdout("Body (application/x-www-form-urlencoded):");
    io.stdout(`  ${signed.body}`);
  }
}

function runSign(parsed: Parsed, io: CliIo): number {
  const demo = flag(parsed, "demo");
  const v3 = flag(parsed, "v3");
  const example = v3 ? DEMO_V3 : DEMO;
  const [action = demo ? example.action : undefined, ...rest] = parsed.positional;
  if (action === undefined) {
    throw new UsageError("Cannot sign: the Action is missing");
  }
  const params = parseParams(rest);
  const { regionId, network, endpoint, protocol } = target(parsed);
  const timestampText = option(parsed, "timestamp") ??
    (demo ? example.timestamp : undefined);
  // Only a full ISO 8601 time with a zone: "2016-02-23T12:46:24" alone would
  // be read in the local zone, and "1" as the year 2001.
  const timestamp = timestampText === undefined || !ISO_TIME.test(timestampText)
    ? undefined
    : new Date(timestampText);
  if (
    timestampText !== undefined &&
    (timestamp === undefined || Number.isNaN(timestamp.getTime()))
  ) {
    throw new UsageError(
      `Cannot use --timestamp ${
        JSON.stringify(timestampText)
      }: expected an ISO 8601 time such as 2016-02-23T12:46:24Z`,
    );
  }
  if (v3) {
    if (parsed.options.has("format")) {
      throw new UsageError('Cannot use "--format" with "--v3": signature V3 has no Format');
    }
    // The V3 example's own parameters and endpoint, unless others are given.
    const useExample = demo && rest.length === 0 && action === DEMO_V3.action;
    const signedV3 = signRequestV3({
      action,
      params: useExample ? DEMO_V3.params : params,
      credentials: demo ? DEMO_V3.credentials : readCredentials(io),
      regionId,
      network,
      endpoint: endpoint ?? (demo && regionId === undefined ? DEMO_V3.endpoint : undefined),
      protocol,
      version: option(parsed, "version"),
      method: oneOf("method", option(parsed, "method"), ["GET", "POST"]) ??
        (demo ? DEMO_V3.method : undefined),
      timestamp,
      nonce: option(parsed, "nonce") ?? (demo ? DEMO_V3.nonce : undefined),
    });
    if (flag(parsed, "json")) io.stdout(JSON.stringify(signedV3, null, 2));
    else if (flag(parsed, "explain")) explainV3(io, signedV3, demo);
    else {
      io.stdout(signedV3.url);
      for (const [name, value] of Object.entries(signedV3.headers)) io.stdout(`${name}: ${value}`);
    }
    return 0;
  }
  const signed = signRequest({
    action,
    params,
    credentials: demo ? DEMO.credentials : readCredentials(io),
    regionId,
    network,
    endpoint,
    protocol,
    version: option(parsed, "version"),
    format: oneOf("format", option(parsed, "format"), ["JSON", "XML"]) ??
      (demo ? DEMO.format : undefined),
    method: oneOf("method", option(parsed, "method"), ["GET", "POST"]),
    timestamp,
    nonce: option(parsed, "nonce") ?? (demo ? DEMO.nonce : undefined),
  });
  if (flag(parsed, "json")) {
    io.stdout(JSON.stringify(signed, null, 2));
  } else if (flag(parsed, "explain")) {
    explain(io, signed, demo);
  } else {
    io.stdout(signed.url);
    if (signed.body !== null) io.stdout(signed.body);
  }
  return 0;
}

async function runCall(parsed: Parsed, io: CliIo): Promise<number> {
  const [action, ...rest] = parsed.positional;
  if (action === undefined) {
    throw new UsageError("Cannot call: the Action is missing");
  }
  const params = parseParams(rest);
  const { regionId, network, endpoint, protocol } = target(parsed);
  oneOf("format", option(parsed, "format"), ["JSON"]);
  const credentials = flag(parsed, "demo") ? DEMO.credentials : readCredentials(io);
  const answer = await call({
    action,
    params,
    credentials,
    regionId,
    network,
    endpoint,
    protocol,
    version: option(parsed, "version"),
    method: oneOf("method", option(parsed, "method"), ["GET", "POST"]),
    signatureVersion: flag(parsed, "v3") ? "v3" : undefined,
    fetch: io.fetch,
    onRetry: ({ attempt, delayMs, error }) =>
      io.stderr(
        `Retrying after attempt ${attempt} failed (${
          error instanceof ApiError ? error.code : String(error)
        }); waiting ${delayMs} ms`,
      ),
  });
  io.stdout(JSON.stringify(answer, null, 2));
  return 0;
}

function runRegions(parsed: Parsed, io: CliIo): number {
  if (parsed.positional.length > 0) {
    throw new UsageError(
      `Cannot list regions: unexpected argument ${JSON.stringify(parsed.positional[0])}`,
    );
  }
  if (flag(parsed, "json")) {
    io.stdout(JSON.stringify(ECS_REGIONS, null, 2));
    return 0;
  }
  const rows = [
    ["REGION", "NAME", "PUBLIC ENDPOINT", "VPC ENDPOINT"],
    ...ECS_REGIONS.map((region) => [
      region.regionId,
      (region.name ?? "-") + (region.closed ? " (closed)" : ""),
      region.publicEndpoint,
      region.vpcEndpoint ?? "-",
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    io.stdout(
      row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ")
        .trimEnd(),
    );
  }
  return 0;
}

/**
 * Runs the `acs-rpc` command line and returns its exit status: 0 success,
 * 1 an API, network or credentials error, 2 a usage error (which also prints
 * the command's usage). `--help` prints a command's usage.
 *
 * @param args The arguments after the program name.
 * @param io Standard output, standard error, the environment and `fetch`.
 * @returns The exit status.
 *
 * @example Reproducing the documentation's example signature
 * ```ts
 * import { main } from "@acs/rpc/cli";
 * import assert from "node:assert/strict";
 *
 * const lines: string[] = [];
 * const status = await main(["sign", "--demo", "--explain", "DescribeRegions"], {
 *   stdout: (line) => lines.push(line),
 *   stderr: (line) => lines.push(line),
 *   env: () => undefined,
 * });
 * assert.equal(status, 0);
 * assert.ok(lines.includes("  OLeaidS1JvxuMvnyHOwuJ+uX5qY="));
 * ```
 */
export async function main(
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const [command, ...rest] = args;
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout(USAGE.main!);
    return 0;
  }
  if (command === undefined || ALLOWED[command] === undefined) {
    io.stderr(
      command === undefined
        ? "Cannot run: a command is missing"
        : `Cannot run: unknown command ${JSON.stringify(command)}`,
    );
    io.stderr("");
    io.stderr(USAGE.main!);
    return 2;
  }
  try {
    const parsed = parseArgs(command, rest);
    if (flag(parsed, "help")) {
      io.stdout(USAGE[command]!);
      return 0;
    }
    if (command === "sign") return runSign(parsed, io);
    if (command === "call") return await runCall(parsed, io);
    return runRegions(parsed, io);
  } catch (error) {
    const credentialsError = error instanceof AcsTypeError && error.code === "invalid-credentials";
    if (
      error instanceof UsageError ||
      (error instanceof AcsTypeError && !credentialsError) || error instanceof AcsRangeError
    ) {
      io.stderr(`Error: ${error.message}`);
      io.stderr("");
      io.stderr(USAGE[command]!);
      return 2;
    }
    if (error instanceof ApiError) {
      io.stderr(`Error: ${error.code} (HTTP ${error.status}): ${error.message}`);
      io.stderr(`RequestId: ${error.requestId ?? "(none)"}`);
      if (error.attempts > 1) io.stderr(`Attempts: ${error.attempts}`);
      if (error.diagnosis !== undefined) {
        io.stderr(`Diagnosis: ${error.diagnosis}`);
      }
      if (error.recommend !== undefined) {
        io.stderr(`Recommend: ${error.recommend}`);
      }
      return 1;
    }
    io.stderr(`Error: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}
