/**
 * The `acs-rpc` command line: sign a request and show every stage, call an
 * API, or list the endpoint table.
 *
 * ```sh
 * acs-rpc sign --demo --explain DescribeRegions
 * acs-rpc call DescribeInstances --region cn-hangzhou
 * acs-rpc regions
 * acs-rpc help sign
 * ```
 *
 * Credentials come from the default chain of `@acs/rpc/credentials` (the
 * environment, ACK RRSA, `~/.aliyun/config.json`, `~/.alibabacloud/credentials`,
 * the ECS metadata service, a credentials URI), or from the profile
 * `--profile NAME` of the two files; `--demo` uses the documentation's test
 * credentials instead. `--explain` and `--json` never show a secret or a
 * security token. Exit status: 0 success, 1 an API, network or
 * credentials error, 2 a usage error or a permission the runtime refused
 * (both are fixed by changing the command line).
 *
 * Each option is one row of `OPTIONS`, and each command lists the rows it
 * takes: adding a flag is a row there, a name in the command's list, and
 * reading it in the command.
 *
 * @module
 */

import { ApiError, call, paginate } from "../client/mod.ts";
import { ECS_REGIONS, signRequest, signRequestV3 } from "../endpoints/mod.ts";
import {
  ChainProvider,
  CliProfileProvider,
  CredentialsError,
  type CredentialsProvider,
  defaultChain,
  IniProfileProvider,
  type ProvidedCredentials,
} from "../credentials/mod.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { json, type ParamValue, percentEncode, type SignedRequest } from "../signature/mod.ts";
import { missingPermission } from "./_permission.ts";
import { DEMO_V3, explainV3 } from "./_v3.ts";
import { VERSION } from "../_internal/version.ts";

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

const PROGRAM = "acs-rpc";
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

/** One option: how it is written and what the help says of it. */
interface OptionSpec {
  /** The value's name in the help (`ID`); absent for a flag, which takes no value. */
  readonly value?: string;
  /** The help text; `\n` starts another line in the help's second column. */
  readonly help: string;
  /** A one-letter alias (`h` for `-h`). */
  readonly short?: string;
}

/** Every option of every command. A command takes those its sections list. */
const OPTIONS = {
  // Output
  explain: {
    help: "print each stage: canonical query, string to sign,\n" +
      "signature and URL (the secret is never shown)",
  },
  json: { help: "print the whole signed request as JSON" },
  demo: {
    help: "sign the documentation's example: test credentials\n" +
      "testid/testsecret, its timestamp and nonce, Format=XML\n" +
      "(Action defaults to DescribeRegions); with --v3, the V3\n" +
      "page's RunInstances example",
  },
  v3: {
    help: "sign with signature V3 (ACS3-HMAC-SHA256) instead of the\n" +
      "RPC signature (HMAC-SHA1)",
  },
  // Where and how to send
  region: { value: "ID", help: `send to the region's endpoint (see "${PROGRAM} regions")` },
  vpc: { help: "use the region's VPC endpoint (needs --region)" },
  endpoint: {
    value: "URL",
    help: "send to this endpoint instead: host[:port], or an http://\n" +
      "or https:// URL whose scheme sets the protocol",
  },
  method: { value: "M", help: "GET or POST" },
  "api-version": {
    value: "V",
    help: "the API version (default 2014-05-26, ECS); not --version:\n" +
      `"${PROGRAM} --version" prints the version of ${PROGRAM}`,
  },
  format: { value: "F", help: "JSON (default) or XML" },
  all: {
    help: "read every page (NextToken or PageNumber) and print the\n" +
      "items of all pages as one JSON array",
  },
  timestamp: { value: "T", help: "sign as of T (ISO 8601 with a zone), instead of now" },
  profile: {
    value: "NAME",
    help: "sign with the profile NAME of ~/.aliyun/config.json (or,\n" +
      "without it there, of ~/.alibabacloud/credentials)",
  },
  nonce: { value: "N", help: "use N as SignatureNonce, instead of a random UUID" },
  help: { short: "h", help: "print this help" },
} as const satisfies Readonly<Record<string, OptionSpec>>;

type OptionName = keyof typeof OPTIONS;

/**
 * Options a command no longer takes, with what to use instead: refused with
 * that message, never read as something else.
 */
const RENAMED: Readonly<Record<string, string>> = {
  version: `the API version is "--api-version"; "${PROGRAM} --version" prints the tool's version`,
};

/** A command's option in its help: the option, or the option with this command's own help. */
type OptionEntry = OptionName | readonly [OptionName, string];

interface Parsed {
  readonly options: ReadonlyMap<OptionName, string | true>;
  readonly positional: readonly string[];
}

interface CommandSpec {
  /** What follows the command name in the usage line. */
  readonly args: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** The help's opening paragraph. */
  readonly about: string;
  /** The options, by section title; `--help` is added to every command. */
  readonly sections: readonly (readonly [title: string, options: readonly OptionEntry[]])[];
  /** Paragraphs after the options. */
  readonly notes: readonly Note[];
  readonly run: (parsed: Parsed, io: CliIo) => number | Promise<number>;
}

/** A paragraph of help: text, or a titled list of `[label, help]` rows aligned with the options. */
type Note = string | readonly [title: string, rows: readonly (readonly [string, string])[]];

const PARAMS_HELP: Note = ["Parameters", [
  ["Name=value", "a parameter; nested and list names as written: Tag.1.Key=env"],
  ["Name:=JSON", `a JSON-valued parameter: InstanceIds:='["i-1","i-2"]'`],
]];

const CREDENTIALS_HELP: Note = `Credentials come from the first of:
  ${ENV_ID} and ${ENV_SECRET}
    (and ${ENV_TOKEN});
  ACK RRSA: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and
    ALIBABA_CLOUD_OIDC_TOKEN_FILE;
  ~/.aliyun/config.json; ~/.alibabacloud/credentials;
  the ECS metadata service; ALIBABA_CLOUD_CREDENTIALS_URI.
ALIBABA_CLOUD_PROFILE or --profile NAME picks a profile (--profile reads only
the two files). --explain says which supplied the key; neither it nor --json
shows a secret or a security token.`;

const REQUEST_OPTIONS = [
  "region",
  "vpc",
  "endpoint",
  "profile",
  "method",
  "api-version",
  "v3",
] as const;

const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  sign: {
    args: "<Action> [Name=value ...]",
    summary: "print a signed request URL",
    about: "Signs a request and prints its URL (for POST, the URL and then the body).",
    sections: [
      ["Output options", ["explain", "json", "demo"]],
      ["Request options", [...REQUEST_OPTIONS, "format", "timestamp", "nonce"]],
    ],
    notes: [PARAMS_HELP, CREDENTIALS_HELP],
    run: runSign,
  },
  call: {
    args: "<Action> [Name=value ...]",
    summary: "send a signed request and print the answer",
    about: `Sends a signed request and prints the JSON answer. Throttling, HTTP 5xx and
network failures are retried, each attempt signed afresh. An API error prints
its code, message and request id to standard error and exits with status 1.`,
    sections: [
      ["Request options", [
        ...REQUEST_OPTIONS,
        ["format", "JSON (default) or XML (prints the answer's text)"],
        "all",
        [
          "demo",
          "use the documentation's test credentials testid/testsecret\n" +
          "(useful against a local endpoint)",
        ],
      ]],
    ],
    notes: [PARAMS_HELP, CREDENTIALS_HELP],
    run: runCall,
  },
  regions: {
    args: "",
    summary: "print the ECS endpoint table",
    about: "Prints the ECS endpoint table: each region's public and VPC endpoints.",
    sections: [["Options", [["json", "print the table as JSON"]]]],
    notes: [],
    run: runRegions,
  },
};

/** The main help's own options (before any command). */
const MAIN_OPTIONS: Note = ["Options", [
  ["-h, --help", "print this help"],
  ["-V, --version", `print the version of ${PROGRAM}`],
]];

/** A mistake in the command line: exit status 2, with a pointer to the help. */
class UsageError extends TypeError {
  override name = "UsageError";
}

function optionLabel(name: OptionName): string {
  const spec: OptionSpec = OPTIONS[name];
  const long = `--${name}${spec.value === undefined ? "" : ` ${spec.value}`}`;
  return spec.short === undefined ? long : `-${spec.short}, ${long}`;
}

// One column for every help, wide enough for the longest option.
const COLUMN = 2 + Math.max(
  ...Object.keys(OPTIONS).map((name) => optionLabel(name as OptionName).length),
) + 2;

function optionLines(entry: OptionEntry): string[] {
  const [name, help] = typeof entry === "string" ? [entry, OPTIONS[entry].help] : entry;
  return help.split("\n").map((line, index) =>
    (index === 0 ? `  ${optionLabel(name)}` : "").padEnd(COLUMN) + line
  );
}

function noteText(note: Note): string {
  if (typeof note === "string") return note;
  const [title, rows] = note;
  return [`${title}:`, ...rows.map(([label, help]) => `  ${label}`.padEnd(COLUMN) + help)].join(
    "\n",
  );
}

function mainUsage(): string {
  const commands: [string, string][] = [
    ...Object.entries(COMMANDS).map(([name, spec]): [string, string] => [
      `${name} ${spec.args}`.trimEnd(),
      spec.summary,
    ]),
    ["help <command>", "print a command's options"],
  ];
  const width = Math.max(...commands.map(([label]) => label.length)) + 3;
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    "",
    "Commands:",
    ...commands.map(([label, summary]) => `  ${label.padEnd(width)}${summary}`),
    "",
    noteText(MAIN_OPTIONS),
    "",
    `Run "${PROGRAM} help <command>" (or "${PROGRAM} <command> --help") for a command's options.`,
    `Try: ${PROGRAM} sign --demo --explain DescribeRegions`,
  ].join("\n");
}

function commandUsage(command: string): string {
  const spec = COMMANDS[command]!;
  const lines = [
    `Usage: ${PROGRAM} ${command}${spec.args === "" ? "" : ` ${spec.args}`} [options]`,
    "",
    spec.about,
  ];
  for (const [title, options] of spec.sections) {
    lines.push("", `${title}:`, ...options.flatMap(optionLines));
  }
  lines.push(...optionLines("help"));
  for (const note of spec.notes) {
    if (typeof note === "string") {
      lines.push("", note);
    } else {
      const [title, rows] = note;
      lines.push(
        "",
        `${title}:`,
        ...rows.map(([label, help]) => `  ${label}`.padEnd(COLUMN) + help),
      );
    }
  }
  return lines.join("\n");
}

function allowedOptions(command: string): ReadonlySet<OptionName> {
  const names = COMMANDS[command]!.sections.flatMap(([, options]) =>
    options.map((entry) => typeof entry === "string" ? entry : entry[0])
  );
  return new Set<OptionName>([...names, "help"]);
}

function isOption(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

function parseArgs(command: string, args: readonly string[]): Parsed {
  const options = new Map<OptionName, string | true>();
  const positional: string[] = [];
  const allowed = allowedOptions(command);
  const shorts = new Map<string, OptionName>();
  for (const name of allowed) {
    const short: string | undefined = (OPTIONS[name] as OptionSpec).short;
    if (short !== undefined) shorts.set(`-${short}`, name);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    const short = shorts.get(arg);
    if (!arg.startsWith("--") && short === undefined) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const name = short ?? arg.slice(2, equals === -1 ? undefined : equals);
    if (Object.hasOwn(RENAMED, name)) {
      throw new UsageError(`Cannot use option "--${name}" with "${command}": ${RENAMED[name]}`);
    }
    if (!isOption(name)) {
      throw new UsageError(`Cannot parse arguments: unknown option "--${name}"`);
    }
    if (!allowed.has(name)) {
      throw new UsageError(`Cannot use option "--${name}" with "${command}"`);
    }
    if (options.has(name)) {
      throw new UsageError(`Cannot parse arguments: option "--${name}" is given twice`);
    }
    const spec: OptionSpec = OPTIONS[name];
    if (spec.value === undefined) {
      if (short === undefined && equals !== -1) {
        throw new UsageError(`Cannot parse arguments: option "--${name}" takes no value`);
      }
      options.set(name, true);
    } else if (short === undefined && equals !== -1) {
      options.set(name, arg.slice(equals + 1));
    } else {
      const value = args[++i];
      if (value === undefined || value.startsWith("--")) {
        // "--nonce --json" means a forgotten value, not a nonce of "--json";
        // a value that starts with "--" can still be given as --nonce=--x.
        throw new UsageError(`Cannot parse arguments: option "--${name}" needs a value`);
      }
      options.set(name, value);
    }
  }
  return { options, positional };
}

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

function option(parsed: Parsed, name: OptionName): string | undefined {
  const value = parsed.options.get(name);
  return typeof value === "string" ? value : undefined;
}

function flag(parsed: Parsed, name: OptionName): boolean {
  return parsed.options.get(name) === true;
}

function oneOf<T extends string>(
  name: OptionName,
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

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Reads `--timestamp`: only a full ISO 8601 time with a zone ("2016-02-23T12:46:24"
 * alone would be read in the local zone, and "1" as the year 2001), and only
 * a real one: `Date` rolls 2016-02-30 over to March 1st, which would sign
 * another time than the one written.
 */
function parseTimestamp(text: string): Date {
  const refuse = (problem: string) =>
    new UsageError(`Cannot use --timestamp ${JSON.stringify(text)}: ${problem}`);
  const match = ISO_TIME.exec(text);
  if (match === null) {
    throw refuse("expected an ISO 8601 time such as 2016-02-23T12:46:24Z");
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (
    date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    throw refuse(`${match[1]}-${match[2]}-${match[3]} is not a date in the calendar`);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    throw refuse(`${match[4]}:${match[5]}:${match[6]} is not a time of day (00:00:00 to 23:59:59)`);
  }
  if (match[7] !== undefined && (Number(match[7]) > 23 || Number(match[8]) > 59)) {
    throw refuse(`the zone offset must be from -23:59 to +23:59`);
  }
  const timestamp = new Date(text);
  if (Number.isNaN(timestamp.getTime())) {
    throw refuse("expected an ISO 8601 time such as 2016-02-23T12:46:24Z");
  }
  return timestamp;
}

/** Where to send. signRequest reads the endpoint, resolves the region and checks RegionId against it. */
function target(parsed: Parsed) {
  const regionId = option(parsed, "region");
  const vpc = flag(parsed, "vpc");
  if (vpc && regionId === undefined) {
    throw new UsageError('Cannot use "--vpc" without "--region"');
  }
  return {
    regionId,
    network: vpc ? "vpc" as const : undefined,
    endpoint: option(parsed, "endpoint"),
    version: option(parsed, "api-version"),
  };
}

/**
 * Where the credentials come from: the documentation's with --demo, the
 * profile of --profile (from either profile file), else the default chain.
 */
function credentialsProvider(
  parsed: Parsed,
  io: CliIo,
  example: typeof DEMO | typeof DEMO_V3 = DEMO,
): CredentialsProvider {
  const profile = option(parsed, "profile");
  if (flag(parsed, "demo")) {
    if (profile !== undefined) throw new UsageError('Cannot use "--profile" with "--demo"');
    const demo = example;
    return { getCredentials: () => Promise.resolve({ ...demo.credentials, source: "--demo" }) };
  }
  // Only what io gives: HOME from its env (never the process's home directory).
  const host = {
    env: io.env,
    homeDir: io.env("HOME") ?? io.env("USERPROFILE") ?? "",
    fetch: io.fetch,
  };
  return profile === undefined ? defaultChain(host) : new ChainProvider([
    new CliProfileProvider({ ...host, profile }),
    new IniProfileProvider({ ...host, profile }),
  ], { name: "profile", where: `profile ${JSON.stringify(profile)}` });
}

/** Output that never shows the security token, in any of its encodings. */
function withoutToken(text: string, credentials: ProvidedCredentials): string {
  const token = credentials.securityToken;
  if (token === undefined || token === "") return text;
  const once = percentEncode(token);
  // As --json writes it: a V3 header holds the token raw, and JSON escapes `"` and `\`.
  const escaped = JSON.stringify(token).slice(1, -1);
  let result = text;
  for (const form of [percentEncode(once), once, escaped, token]) {
    result = result.replaceAll(form, "[security-token-not-shown]");
  }
  return result;
}

function explain(
  io: CliIo,
  signed: SignedRequest,
  demo: boolean,
  credentials: ProvidedCredentials,
): void {
  if (demo) {
    io.stdout(
      "Demo: the documentation's example request, signed with its test credentials (testid/testsecret)",
    );
    io.stdout("");
  } else {
    io.stdout("Credentials (the secret is not shown):");
    io.stdout(`  ${credentials.provider ?? "provider"}: ${credentials.source ?? "(no source)"}`);
    io.stdout(
      `  AccessKeyId ${credentials.accessKeyId}${
        credentials.securityToken === undefined ? "" : ", with a security token (not shown)"
      }${
        credentials.expiration === undefined
          ? ""
          : `, expiring at ${credentials.expiration.toISOString()}`
      }`,
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

async function runSign(parsed: Parsed, io: CliIo): Promise<number> {
  const demo = flag(parsed, "demo");
  const v3 = flag(parsed, "v3");
  const example = v3 ? DEMO_V3 : DEMO;
  const [action = demo ? example.action : undefined, ...rest] = parsed.positional;
  if (action === undefined) {
    throw new UsageError("Cannot sign: the Action is missing");
  }
  const params = parseParams(rest);
  const timestampText = option(parsed, "timestamp") ?? (demo ? example.timestamp : undefined);
  const timestamp = timestampText === undefined ? undefined : parseTimestamp(timestampText);
  if (v3 && parsed.options.has("format")) {
    throw new UsageError('Cannot use "--format" with "--v3": signature V3 has no Format');
  }
  // sign --demo --v3 signs the V3 page's example, with its own test keys.
  const credentials = await credentialsProvider(parsed, io, example).getCredentials();
  const printJsonOrExplain = (
    signed: Parameters<typeof explainV3>[1] | SignedRequest,
    explainIt: (out: CliIo) => void,
  ): boolean => {
    if (flag(parsed, "json")) {
      io.stdout(withoutToken(JSON.stringify(signed, null, 2), credentials));
    } else if (flag(parsed, "explain")) {
      const lines: string[] = [];
      explainIt({ ...io, stdout: (line) => lines.push(line) });
      for (const line of lines) io.stdout(withoutToken(line, credentials));
    } else return false;
    return true;
  };
  if (v3) {
    const where = target(parsed);
    // The V3 example's own parameters and endpoint, unless others are given.
    const useExample = demo && rest.length === 0 && action === DEMO_V3.action;
    const signed = signRequestV3({
      action,
      params: useExample ? DEMO_V3.params : params,
      credentials,
      ...where,
      endpoint: where.endpoint ??
        (demo && where.regionId === undefined ? DEMO_V3.endpoint : undefined),
      method: oneOf("method", option(parsed, "method"), ["GET", "POST"]) ??
        (demo ? DEMO_V3.method : undefined),
      timestamp,
      nonce: option(parsed, "nonce") ?? (demo ? DEMO_V3.nonce : undefined),
    });
    if (!printJsonOrExplain(signed, (out) => explainV3(out, signed, demo))) {
      io.stdout(withoutToken(signed.url, credentials));
      for (const [name, value] of Object.entries(signed.headers)) {
        io.stdout(`${name}: ${value}`);
      }
    }
    return 0;
  }
  const signed = signRequest({
    action,
    params,
    credentials,
    ...target(parsed),
    format: oneOf("format", option(parsed, "format"), ["JSON", "XML"]) ??
      (demo ? DEMO.format : undefined),
    method: oneOf("method", option(parsed, "method"), ["GET", "POST"]),
    timestamp,
    nonce: option(parsed, "nonce") ?? (demo ? DEMO.nonce : undefined),
  });
  if (!printJsonOrExplain(signed, (out) => explain(out, signed, demo, credentials))) {
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
  const format = oneOf("format", option(parsed, "format"), ["JSON", "XML"]);
  if (format === "XML" && flag(parsed, "all")) {
    throw new UsageError('Cannot use "--all" with "--format XML": pages are read as JSON');
  }
  // A provider, so that call() asks it again (refreshing) on each attempt.
  const credentials = credentialsProvider(parsed, io);
  // A refused permission will be refused again: stop at once rather than
  // retry it as a network failure.
  const stop = new AbortController();
  const options = {
    action,
    params,
    credentials,
    ...target(parsed),
    method: oneOf("method", option(parsed, "method"), ["GET", "POST"]),
    signatureVersion: flag(parsed, "v3") ? "v3" as const : undefined,
    fetch: io.fetch,
    signal: stop.signal,
    onRetry: (
      { attempt, delayMs, error }: { attempt: number; delayMs: number; error: unknown },
    ) => {
      if (missingPermission(error) !== undefined) return stop.abort(error);
      io.stderr(
        `Retrying after attempt ${attempt} failed (${
          error instanceof ApiError ? error.code : String(error)
        }); waiting ${delayMs} ms`,
      );
    },
  };
  if (flag(parsed, "all")) {
    const items: unknown[] = [];
    for await (const item of paginate(options).items()) items.push(item);
    io.stdout(JSON.stringify(items, null, 2));
  } else if (format === "XML") {
    io.stdout(await call({ ...options, format }));
  } else {
    io.stdout(JSON.stringify(await call(options), null, 2));
  }
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

/** The flag that grants a refused permission, as Deno spells it. */
function permissionFlag(kind: string | undefined, target: string | undefined): string {
  if (kind === undefined) return "the --allow-… flag Deno names";
  // The credentials chain reads a dozen variables (and files under HOME):
  // naming one of them would only lead to the next refusal.
  if (kind === "env") return "--allow-env (and --allow-read for the profile files)";
  return target === undefined || target === "" ? `--allow-${kind}` : `--allow-${kind}=${target}`;
}

/** Prints a usage error and the one line that says where the help is. */
function usageError(io: CliIo, message: string, command: string | undefined): number {
  io.stderr(`Error: ${message}`);
  io.stderr(
    command === undefined
      ? `Run "${PROGRAM} --help" for the commands and options.`
      : `Run "${PROGRAM} ${command} --help" for its options.`,
  );
  return 2;
}

/** `--help`, `-V`, `help <command>`: what comes before a command, or instead of one. */
function runMain(args: readonly string[], io: CliIo): number | undefined {
  const [first, ...rest] = args;
  const extra = (what: string) =>
    rest.length === 0 ? undefined : usageError(
      io,
      `Cannot ${what}: unexpected argument ${JSON.stringify(rest[0])}`,
      undefined,
    );
  if (first === "--help" || first === "-h") {
    return extra("print the help") ?? (io.stdout(mainUsage()), 0);
  }
  if (first === "--version" || first === "-V") {
    return extra("print the version") ?? (io.stdout(`${PROGRAM} ${VERSION}`), 0);
  }
  if (first === "help") {
    const [command, ...more] = rest;
    if (command === undefined) return io.stdout(mainUsage()), 0;
    if (!Object.hasOwn(COMMANDS, command)) {
      return usageError(
        io,
        `Cannot print help: unknown command ${JSON.stringify(command)}`,
        undefined,
      );
    }
    if (more.length > 0) {
      return usageError(
        io,
        `Cannot print help: unexpected argument ${JSON.stringify(more[0])}`,
        undefined,
      );
    }
    io.stdout(commandUsage(command));
    return 0;
  }
  if (first === undefined) {
    // No arguments at all: the short list of commands is the useful answer.
    io.stderr(mainUsage());
    return 2;
  }
  if (first.startsWith("-")) {
    return usageError(
      io,
      `Cannot run: unknown option ${JSON.stringify(first)} (options follow the command)`,
      undefined,
    );
  }
  if (!Object.hasOwn(COMMANDS, first)) {
    return usageError(io, `Cannot run: unknown command ${JSON.stringify(first)}`, undefined);
  }
  return undefined;
}

/**
 * The arguments of {@linkcode main}, copied and checked: they come from a
 * program, not a user, so a mistake is an error to throw, not a usage line.
 */
function checkMainArguments(args: unknown, io: unknown): { args: string[]; io: CliIo } {
  const invalid = (parameter: string, problem: string) =>
    new AcsTypeError("invalid-option", `Cannot run the command line: ${problem}`, { parameter });
  let list: unknown[] | undefined;
  try {
    list = Array.isArray(args) ? [...args] : undefined;
  } catch {
    // A revoked Proxy: refused below.
  }
  if (list === undefined) throw invalid("args", '"args" must be an array of strings');
  const bad = list.findIndex((arg) => typeof arg !== "string");
  if (bad !== -1) throw invalid(`args[${bad}]`, `"args[${bad}]" must be a string`);
  if (typeof io !== "object" || io === null) {
    throw invalid("io", '"io" must be an object with stdout, stderr and env');
  }
  let read: Record<keyof CliIo, unknown>;
  try {
    const { stdout, stderr, env, fetch } = io as CliIo;
    read = { stdout, stderr, env, fetch };
  } catch {
    throw invalid("io", '"io" cannot be read');
  }
  for (const name of ["stdout", "stderr", "env"] as const) {
    if (typeof read[name] !== "function") {
      throw invalid(`io.${name}`, `"io.${name}" must be a function`);
    }
  }
  if (read.fetch !== undefined && typeof read.fetch !== "function") {
    throw invalid("io.fetch", '"io.fetch" must be a function');
  }
  // Called on the io object, as methods: a class instance keeps its `this`.
  const { stdout, stderr, env, fetch } = read as unknown as Required<CliIo>;
  return {
    args: list as string[],
    io: {
      stdout: (line) => stdout.call(io, line),
      stderr: (line) => stderr.call(io, line),
      env: (name) => env.call(io, name),
      fetch,
    },
  };
}

/**
 * Runs the `acs-rpc` command line and returns its exit status: 0 success,
 * 1 an API, network or credentials error, 2 a usage error or a permission
 * the runtime refused. A usage error prints the error and one line naming
 * `--help`; a refused permission names the flag to add (`--allow-net=…`).
 * `--help` (or `help <command>`) prints a command's options, and
 * `--version` (or `-V`) before any command prints the tool's version.
 *
 * @param args The arguments after the program name.
 * @param io Standard output, standard error, the environment and `fetch`.
 * @returns The exit status.
 * @throws {AcsTypeError} `invalid-option` when `args` is not an array of
 * strings or `io` lacks a function (a mistake of the program that calls
 * `main`, not of its user).
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
  ({ args, io } = checkMainArguments(args, io));
  const early = runMain(args, io);
  if (early !== undefined) return early;
  const [command, ...rest] = args as [string, ...string[]];
  try {
    const parsed = parseArgs(command, rest);
    if (flag(parsed, "help")) {
      io.stdout(commandUsage(command));
      return 0;
    }
    return await COMMANDS[command]!.run(parsed, io);
  } catch (error) {
    if (error instanceof CredentialsError && error.code === "no-credentials") {
      // It lists every place looked, with why each gave nothing (a refused
      // permission among them): not one missing flag to name.
      io.stderr(`Error: ${error.message}`);
      return 1;
    }
    const permission = missingPermission(error);
    if (permission !== undefined) {
      const what = permission.kind === undefined
        ? "a permission"
        : `${permission.kind} access${
          permission.target === undefined ? "" : ` to ${JSON.stringify(permission.target)}`
        }`;
      io.stderr(`Error: Cannot ${command}: Deno refused ${what} (a missing permission)`);
      io.stderr(`Run again with ${permissionFlag(permission.kind, permission.target)}`);
      return 2;
    }
    if (error instanceof AcsTypeError && error.code === "permission-denied") {
      // call() names the flag to add; nothing else of the command is wrong.
      io.stderr(`Error: ${error.message}`);
      return 2;
    }
    const credentialsError = error instanceof AcsTypeError && error.code === "invalid-credentials";
    if (
      error instanceof UsageError ||
      (error instanceof AcsTypeError && !credentialsError) || error instanceof AcsRangeError
    ) {
      return usageError(io, error.message, command);
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
