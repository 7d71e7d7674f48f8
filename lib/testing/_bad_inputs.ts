// The bad-input catalogue (issue 16, item 2): one table of bad and
// adversarial inputs across every public entry point and the command line,
// each with the outcome the library promises for it. It states the contract
// in one place, so that a reader sees every refusal and its code; the focused
// tests beside each module (sign_request_hardening_test.ts, call_test.ts,
// verify_request_test.ts, scripts/fuzz/) test the same behaviour in depth.
//
// An entry is `[entry point, what is wrong, input, expected]`. The input is a
// thunk that builds its own state (no entry depends on another) and calls the
// entry point; bad_input_catalogue_test.ts runs each one and checks the
// outcome. A test helper, not part of the package (deno.json excludes it from
// publishing, and no entry imports it).

import assert from "node:assert/strict";
import {
  ApiError,
  AssumeRoleProvider,
  buildAuthorization,
  buildCanonicalQuery,
  buildCanonicalRequest,
  buildStringToSign,
  buildStringToSignV3,
  call,
  canonicalize,
  canonicalizeHeaders,
  ChainProvider,
  CliProfileProvider,
  createClient,
  CredentialsError,
  type CredentialsErrorCode,
  CredentialsUriProvider,
  defaultChain,
  diagnose,
  EcsRamRoleProvider,
  EnvironmentProvider,
  type ErrorCode,
  findRegion,
  flattenParams,
  formatTimestamp,
  hashPayload,
  IniProfileProvider,
  isCredentialsProvider,
  isJsonParam,
  json,
  MemoryNonceStore,
  OidcRoleProvider,
  paginate,
  percentEncode,
  productEndpoint,
  RedisNonceStore,
  RefreshingProvider,
  resolveEndpoint,
  sign,
  signRequest,
  signRequestV3,
  signV3,
  StaticProvider,
  type VerifyErrorCode,
  verifyRequest,
} from "../../mod.ts";
import { signRequest as signForEndpoint } from "../signature/mod.ts";
import { signRequestV3 as signV3ForEndpoint } from "../v3/mod.ts";
import { main } from "../cli/mod.ts";
import { startFakeMetadata, startFakeSts, startTestServer, withTestServer } from "./mod.ts";

// ---- what an entry expects ---------------------------------------------------

/** The outcome an entry promises. */
export type Expected =
  | {
    /** Throws (or rejects with) an AcsTypeError or AcsRangeError. */
    readonly kind: "throws";
    readonly errorClass: "AcsTypeError" | "AcsRangeError";
    readonly code: ErrorCode;
    /** The `parameter` of the error; `undefined` where the input is a bare value. */
    readonly parameter: string | undefined;
  }
  | {
    /** Throws (or rejects with) a CredentialsError. */
    readonly kind: "credentials";
    readonly code: CredentialsErrorCode;
  }
  | {
    /** verifyRequest answers `{ ok: false }` (never throws) with this code and status. */
    readonly kind: "refused";
    readonly code: VerifyErrorCode;
    readonly status: number;
  }
  | {
    /** The command line exits with this status, and its first line of stderr matches. */
    readonly kind: "exit";
    readonly status: 1 | 2;
    readonly stderr: RegExp;
  }
  | {
    /** Accepted; `verify` proves the result correct (not merely present). */
    readonly kind: "accepted";
    readonly check: string;
    // deno-lint-ignore no-explicit-any
    readonly verify: (value: any) => void | Promise<void>;
  };

/** One row: the entry point, what is wrong with the input, the input, the outcome. */
export type Entry = readonly [
  entryPoint: string,
  description: string,
  input: () => unknown,
  expected: Expected,
];

function typeError(code: ErrorCode, parameter?: string): Expected {
  return { kind: "throws", errorClass: "AcsTypeError", code, parameter };
}
function rangeError(code: ErrorCode, parameter?: string): Expected {
  return { kind: "throws", errorClass: "AcsRangeError", code, parameter };
}
function credentialsError(code: CredentialsErrorCode): Expected {
  return { kind: "credentials", code };
}
function refused(code: VerifyErrorCode, status: number): Expected {
  return { kind: "refused", code, status };
}
function exit(status: 1 | 2, stderr: RegExp): Expected {
  return { kind: "exit", status, stderr };
}
// deno-lint-ignore no-explicit-any
function accepted(check: string, verify: (value: any) => void | Promise<void>): Expected {
  return { kind: "accepted", check, verify };
}

// ---- secrets: no message, output or refusal may contain them ----------------

/** An access key secret, a security token and a password, each used below. */
export const SECRET = "CatalogueSecret7Qz";
export const TOKEN = "CatalogueToken9Wx";
export const PASSWORD = "CataloguePass4Rt";
/** Every text the runner checks messages and output against. */
export const SECRETS: readonly string[] = [SECRET, TOKEN, PASSWORD];

const KEYS = { accessKeyId: "testid", accessKeySecret: SECRET };
const STS_KEYS = { ...KEYS, securityToken: TOKEN };
/** The documentation's example (ECS request signature page). */
const DOC_KEYS = { accessKeyId: "testid", accessKeySecret: "testsecret" };
const DOC_TIME = new Date("2016-02-23T12:46:24Z");
const DOC_NONCE = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
const DOC_SIGNATURE = "OLeaidS1JvxuMvnyHOwuJ+uX5qY=";
const DOC_STRING_TO_SIGN = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions" +
  "%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
  "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26";
const DOC_EXAMPLE = {
  action: "DescribeRegions",
  format: "XML",
  credentials: DOC_KEYS,
  timestamp: DOC_TIME,
  nonce: DOC_NONCE,
} as const;
/** The V3 page's worked example ("Request syntax and signature method V3"). */
const V3_DOC = {
  action: "RunInstances",
  method: "POST",
  endpoint: "ecs.cn-shanghai.aliyuncs.com",
  params: {
    ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
    RegionId: "cn-shanghai",
  },
  credentials: { accessKeyId: "YourAccessKeyId", accessKeySecret: "YourAccessKeySecret" },
  timestamp: new Date("2023-10-26T10:22:32Z"),
  nonce: "3156853299f313e23d1673dc12e1703d",
  headers: {},
} as const;
const V3_DOC_SIGNATURE = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// ---- hostile values ---------------------------------------------------------

/** A revoked Proxy: every operation on it throws a TypeError. */
function revoked(): never {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy as never;
}

/** An object whose own keys repeat a name (a Proxy lying in `ownKeys`). */
function ownKeysTwice(): never {
  return new Proxy({ A: "1" }, {
    ownKeys: () => ["A", "A"],
    getOwnPropertyDescriptor: () => ({
      value: "1",
      enumerable: true,
      configurable: true,
      writable: true,
    }),
  }) as never;
}

/** An object whose getter for `name` throws. */
function throwingGetter(name: string, base: object = {}): never {
  return Object.defineProperty({ ...base }, name, {
    enumerable: true,
    get() {
      throw new Error(`getter of ${name}`);
    },
  }) as never;
}

/** An object nested `depth` levels deep: `{ A: { A: … "x" } }`. */
function nested(depth: number): unknown {
  let value: unknown = "x";
  for (let i = 0; i < depth; i++) value = { A: value };
  return value;
}

/** An array nested `depth` levels deep. */
function nestedArray(depth: number): unknown {
  let value: unknown = "x";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { Name: "x" };
  value.Self = value;
  return value;
}

/** A `Date` in appearance only. */
function fakeDate(): Date {
  return Object.create(Date.prototype);
}

const MIB = 1 << 20;
/** An option key of 1 MiB. */
const BIG_KEY = "k".repeat(MIB);

// ---- stand-ins for fetch, the environment, files, the CLI's io ---------------

/** A fetch that answers every request with `body` as JSON and `status`. */
function answering(body: unknown, status = 200, headers: HeadersInit = {}): typeof fetch {
  return (() =>
    Promise.resolve(
      new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json", ...headers },
      }),
    )) as typeof fetch;
}

/** A fetch that never succeeds, as an unreachable host. */
const unreachable =
  (() => Promise.reject(new TypeError("fetch failed: connection refused"))) as typeof fetch;

/** A fetch that Deno's permissions refuse, as without --allow-net. */
const denied = (() =>
  Promise.reject(
    Object.assign(new Error('Requires net access to "ecs.aliyuncs.com:443"'), {
      name: "NotCapable",
    }),
  )) as typeof fetch;

/** A fetch that records what it was sent and answers `{}` (with a RequestId). */
function recording(sent: Request[]): typeof fetch {
  return ((input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(new Request(input, init));
    return Promise.resolve(Response.json({ RequestId: "R-1" }));
  }) as typeof fetch;
}

/** Options of call() that never wait nor reach a network. */
const QUIET = { sleep: async () => {}, fetch: answering({ RequestId: "R-1" }) } as const;
const CALL = { action: "DescribeRegions", credentials: KEYS, ...QUIET } as const;

function envOf(variables: Record<string, string>): (name: string) => string | undefined {
  return (name) => variables[name];
}
const NO_ENV = envOf({});

/** readTextFile over a map of paths to contents; anything else is ENOENT. */
function filesOf(files: Record<string, string>): (path: string) => Promise<string> {
  return (path) =>
    Object.hasOwn(files, path)
      ? Promise.resolve(files[path]!)
      : Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" }));
}
const HOME = "/home/catalogue";
/** Host options where nothing is configured: no variables, no files. */
const NOWHERE = { env: NO_ENV, homeDir: HOME, readTextFile: filesOf({}) };

/** What one run of the command line printed, and its status. */
export interface CliRun {
  readonly status: number;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

/** Runs `main` with stand-in io: no real environment, files or network. */
async function cli(
  args: readonly string[],
  variables: Record<string, string> = {},
  send: typeof fetch = unreachable,
): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await main(args, {
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    env: envOf({ HOME, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true", ...variables }),
    fetch: send,
  });
  return { status, stdout, stderr };
}

const ENV_KEYS = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: "testid",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
};

// ---- a signed request, for the verifier ----------------------------------------

const SIGNED_AT = new Date("2016-02-23T12:46:24Z");
const VERIFIED_AT = new Date("2016-02-23T12:50:00Z");
let nonces = 0;

/** A request signed with KEYS at SIGNED_AT, with a nonce of its own. */
function signedUrl(params: Record<string, string> = {}, nonce?: string): string {
  return signRequest({
    action: "DescribeRegions",
    credentials: KEYS,
    params,
    timestamp: SIGNED_AT,
    nonce: nonce ?? `catalogue-${++nonces}`,
  }).url;
}

/** Verifier options: KEYS known, the clock at VERIFIED_AT, a store of its own. */
function verifier(overrides: Record<string, unknown> = {}) {
  return {
    lookupSecret: (id: string) => (id === "testid" ? SECRET : undefined),
    now: () => VERIFIED_AT,
    nonceStore: new MemoryNonceStore(),
    ...overrides,
  };
}

/** The URL with one query parameter set to `value` (raw), or removed (`null`). */
function withParam(url: string, name: string, value: string | null): string {
  const [base, query = ""] = url.split("?");
  const fields = query.split("&").filter((field) => !field.startsWith(`${name}=`));
  if (value !== null) fields.push(`${name}=${value}`);
  return `${base}?${fields.join("&")}`;
}

function verify(request: Request, overrides: Record<string, unknown> = {}) {
  return verifyRequest(request, verifier(overrides) as Parameters<typeof verifyRequest>[1]);
}

// deno-lint-ignore no-explicit-any
type Any = any;

/** `signRequest` options that the entries below vary. */
const CALL_SIGN = { action: "DescribeRegions", credentials: KEYS } as const;

/** The stages of the V3 page's example, for buildCanonicalRequest. */
const V3_PARTS = {
  method: "POST",
  canonicalQuery:
    "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
  canonicalHeaders: "host:ecs.cn-shanghai.aliyuncs.com\n",
  signedHeaders: "host",
  hashedPayload: EMPTY_SHA256,
} as const;

/** A Redis client that answers OK. */
const REDIS = { sendCommand: () => Promise.resolve("OK") };

/** Reads an async iterable to its end. */
async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

// ---- the catalogue ---------------------------------------------------------------

export const CATALOGUE: readonly Entry[] = [
  // percentEncode --------------------------------------------------------------
  [
    "percentEncode",
    "a lone high surrogate",
    () => percentEncode("a\ud800b"),
    typeError("invalid-unicode"),
  ],
  [
    "percentEncode",
    "a lone low surrogate at the end",
    () => percentEncode("ab\udc00"),
    typeError("invalid-unicode"),
  ],
  [
    "percentEncode",
    "a number instead of text",
    () => percentEncode(1 as Any),
    typeError("unsupported-value"),
  ],
  [
    "percentEncode",
    "a symbol",
    () => percentEncode(Symbol("x") as Any),
    typeError("unsupported-value"),
  ],
  [
    "percentEncode",
    "a String object",
    () => percentEncode(new String("a") as Any),
    typeError("unsupported-value"),
  ],
  [
    "percentEncode",
    // The cost is linear (1 MiB: 30 to 90 ms on a busy machine), and the
    // caller's own: 256 KiB is 8 times RunInstances' largest field.
    "256 KiB of * (each one escaped)",
    () => percentEncode("*".repeat(256 * 1024)),
    accepted("every * is %2A", (value: string) => assert.equal(value, "%2A".repeat(256 * 1024))),
  ],
  [
    "percentEncode",
    "every reserved and unreserved ASCII character",
    () => percentEncode("a-_.~ !'()*+/:=&"),
    accepted(
      "RFC 3986 unreserved kept, the rest %XX in upper case",
      (value: string) => assert.equal(value, "a-_.~%20%21%27%28%29%2A%2B%2F%3A%3D%26"),
    ),
  ],
  [
    "percentEncode",
    "a surrogate pair (emoji)",
    () => percentEncode("😀"),
    accepted("its 4 UTF-8 bytes", (value: string) => assert.equal(value, "%F0%9F%98%80")),
  ],

  // flattenParams + json ----------------------------------------------------------
  [
    "flattenParams",
    "NaN",
    () => flattenParams({ PageSize: Number.NaN }),
    rangeError("unsupported-value", "PageSize"),
  ],
  [
    "flattenParams",
    "Infinity in a list",
    () => flattenParams({ Size: [1, Infinity] }),
    rangeError("unsupported-value", "Size.2"),
  ],
  [
    "flattenParams",
    "a Date",
    () => flattenParams({ Since: new Date() } as Any),
    typeError("unsupported-value", "Since"),
  ],
  [
    "flattenParams",
    "a function",
    () => flattenParams({ F: () => 1 } as Any),
    typeError("unsupported-value", "F"),
  ],
  [
    "flattenParams",
    "a symbol",
    () => flattenParams({ S: Symbol("s") } as Any),
    typeError("unsupported-value", "S"),
  ],
  [
    "flattenParams",
    "a class instance",
    () => flattenParams({ U: new URL("https://a") } as Any),
    typeError("unsupported-value", "U"),
  ],
  [
    "flattenParams",
    "a value that contains itself",
    () => flattenParams({ Tag: circular() } as Any),
    typeError("circular-value", "Tag.Self"),
  ],
  [
    "flattenParams",
    "a name given twice after flattening",
    () => flattenParams({ "Tag.1.Key": "a", Tag: [{ Key: "b" }] }),
    typeError("duplicate-parameter", "Tag.1.Key"),
  ],
  [
    "flattenParams",
    "a name given twice in pairs",
    () => flattenParams([["A", "1"], ["A", "2"]]),
    typeError("duplicate-parameter", "A"),
  ],
  [
    "flattenParams",
    "a common parameter (a stage: signRequest refuses it)",
    () => flattenParams({ Signature: "x" }),
    accepted("flattened as given", (pairs) => assert.deepEqual(pairs, [["Signature", "x"]])),
  ],
  [
    "flattenParams",
    "an empty name",
    () => flattenParams({ "": "x" }),
    typeError("invalid-parameter-name", ""),
  ],
  [
    "flattenParams",
    "a number as a name in pairs",
    () => flattenParams([[1, "x"]] as Any),
    typeError("invalid-parameter-name", "1"),
  ],
  [
    "flattenParams",
    "a revoked Proxy as params",
    () => flattenParams(revoked()),
    typeError("invalid-option", "params"),
  ],
  [
    "flattenParams",
    "a revoked Proxy as a value",
    () => flattenParams({ Tag: revoked() }),
    typeError("unsupported-value", "Tag"),
  ],
  [
    "flattenParams",
    "a Proxy whose ownKeys repeats a name",
    () => flattenParams(ownKeysTwice()),
    typeError("invalid-option", "params"),
  ],
  [
    "flattenParams",
    "a getter that throws",
    () => flattenParams(throwingGetter("Name")),
    typeError("invalid-option", "params"),
  ],
  [
    "flattenParams",
    "a name whose toString throws, in pairs",
    () =>
      flattenParams([[{
        toString: () => {
          throw new Error("no");
        },
      }, "x"]] as Any),
    typeError("invalid-parameter-name", "[an object with a custom prototype]"),
  ],
  [
    "flattenParams",
    "a Map with a non-string key",
    () => flattenParams(new Map<unknown, string>([[1, "x"]]) as Any),
    typeError("invalid-parameter-name", "1"),
  ],
  // Nesting is bounded (100 levels) with a coded error naming where it stopped, not a stack overflow.
  [
    "flattenParams",
    "objects nested 10 000 deep",
    () => flattenParams({ A: nested(10_000) } as Any),
    rangeError("unsupported-value", `A${".A".repeat(100)}`),
  ],
  [
    "flattenParams",
    "json() of objects nested 10 000 deep",
    () => flattenParams({ A: json(nested(10_000)) }),
    rangeError("unsupported-value", `A${".A".repeat(100)}`),
  ],
  [
    "flattenParams",
    "json() of arrays nested 10 000 deep",
    () => flattenParams({ A: json(nestedArray(10_000)) }),
    rangeError("unsupported-value", `A${"[0]".repeat(100)}`),
  ],
  [
    "flattenParams",
    "json() of a BigInt",
    () => flattenParams({ A: json({ n: 1n }) }),
    typeError("unsupported-value", "A.n"),
  ],
  [
    "flattenParams",
    "json() of a value that contains itself",
    () => flattenParams({ A: json(circular()) }),
    typeError("circular-value", "A.Self"),
  ],
  [
    "flattenParams",
    "json() of undefined",
    () => flattenParams({ A: json(undefined) }),
    typeError("unsupported-value", "A"),
  ],
  [
    "flattenParams",
    "json() of a revoked Proxy",
    () => flattenParams({ A: json(revoked()) }),
    typeError("unsupported-value", "A"),
  ],
  [
    "flattenParams",
    "lists, maps and booleans together",
    () =>
      flattenParams({
        Tag: [{ Key: "env", Value: "prod" }],
        DryRun: true,
        Ids: new Map([["1", 10n]]),
      }),
    accepted(
      "the documented flat names, in order",
      (pairs: [string, string][]) =>
        assert.deepEqual(pairs, [
          ["Tag.1.Key", "env"],
          ["Tag.1.Value", "prod"],
          ["DryRun", "true"],
          [
            "Ids.1",
            "10",
          ],
        ]),
    ),
  ],
  [
    "flattenParams",
    "json() of text with every kind of character",
    () => flattenParams({ Spec: json({ a: '\u2028"\\😀', b: [1, null] }) }),
    accepted(
      "exactly JSON.stringify's text",
      (pairs: [string, string][]) =>
        assert.deepEqual(pairs, [["Spec", JSON.stringify({ a: '\u2028"\\😀', b: [1, null] })]]),
    ),
  ],

  // canonicalize ---------------------------------------------------------------------
  [
    "canonicalize",
    "a plain object",
    () => canonicalize({} as Any),
    typeError("invalid-option", "pairs"),
  ],
  ["canonicalize", "null", () => canonicalize(null as Any), typeError("invalid-option", "pairs")],
  [
    "canonicalize",
    "a string",
    () => canonicalize("A=1" as Any),
    typeError("invalid-option", "pairs"),
  ],
  [
    "canonicalize",
    "an entry that is not a pair",
    () => canonicalize([["A"]] as Any),
    typeError("invalid-option", "pairs"),
  ],
  [
    "canonicalize",
    "an empty name",
    () => canonicalize([["", "x"]]),
    typeError("invalid-parameter-name", "pairs"),
  ],
  [
    "canonicalize",
    "a value that is not text",
    () => canonicalize([["A", 1]] as Any),
    typeError("unsupported-value", "A"),
  ],
  [
    "canonicalize",
    "a name given twice",
    () => canonicalize([["A", "1"], ["A", "2"]]),
    typeError("duplicate-parameter", "A"),
  ],
  [
    "canonicalize",
    "a lone surrogate in a value",
    () => canonicalize([["A", "\ud800"]]),
    typeError("invalid-unicode", "A"),
  ],
  [
    "canonicalize",
    "a revoked Proxy",
    () => canonicalize(revoked()),
    typeError("invalid-option", "pairs"),
  ],
  ["canonicalize", "an iterator that throws", () =>
    canonicalize({
      *[Symbol.iterator]() {
        yield ["A", "1"] as const;
        throw new Error("no");
      },
    }), typeError("invalid-option", "pairs")],
  [
    "canonicalize",
    "names that sort differently by code unit and by code point",
    () => canonicalize([["\uff01", "1"], ["\u{1f600}", "2"], ["a", "3"], ["B", "4"]]),
    accepted(
      "sorted by UTF-16 code unit, as the server does",
      (query: string) => assert.equal(query, "B=4&a=3&%F0%9F%98%80=2&%EF%BC%81=1"),
    ),
  ],

  // buildStringToSign -------------------------------------------------------------------
  [
    "buildStringToSign",
    "the method PUT",
    () => buildStringToSign("PUT" as Any, "A=1"),
    typeError("invalid-option", "method"),
  ],
  [
    "buildStringToSign",
    "the method in lower case",
    () => buildStringToSign("get" as Any, "A=1"),
    typeError("invalid-option", "method"),
  ],
  [
    "buildStringToSign",
    "a canonical query that is not text",
    () => buildStringToSign("GET", 1 as Any),
    typeError("invalid-option", "canonicalQuery"),
  ],
  [
    "buildStringToSign",
    "a lone surrogate in the query",
    () => buildStringToSign("GET", "A=\ud800"),
    typeError("invalid-unicode", "canonicalQuery"),
  ],
  [
    "buildStringToSign",
    "the documentation's canonical query",
    () => buildStringToSign("GET", decodeURIComponent(DOC_STRING_TO_SIGN.slice(8))),
    accepted(
      "the documented string to sign",
      (text: string) => assert.equal(text, DOC_STRING_TO_SIGN),
    ),
  ],

  // sign ----------------------------------------------------------------------------
  [
    "sign",
    "an empty secret",
    () => sign("GET&%2F&", ""),
    typeError("invalid-credentials", "accessKeySecret"),
  ],
  [
    "sign",
    "a secret that is not text",
    () => sign("GET&%2F&", 1 as Any),
    typeError("invalid-credentials", "accessKeySecret"),
  ],
  [
    "sign",
    "a secret with a lone surrogate",
    () => sign("GET&%2F&", "s\ud800"),
    typeError("invalid-credentials", "accessKeySecret"),
  ],
  [
    "sign",
    "a string to sign that is not text",
    () => sign(null as Any, SECRET),
    typeError("invalid-option", "stringToSign"),
  ],
  [
    "sign",
    "a lone surrogate in the string to sign",
    () => sign("GET\udfff", SECRET),
    typeError("invalid-unicode", "stringToSign"),
  ],
  [
    "sign",
    "the documentation's string to sign",
    () => sign(DOC_STRING_TO_SIGN, "testsecret"),
    accepted(
      "the documented signature",
      (signature: string) => assert.equal(signature, DOC_SIGNATURE),
    ),
  ],

  // formatTimestamp -------------------------------------------------------------------
  [
    "formatTimestamp",
    "an invalid Date",
    () => formatTimestamp(new Date(Number.NaN)),
    rangeError("invalid-timestamp", "timestamp"),
  ],
  [
    "formatTimestamp",
    "the year 10000",
    () => formatTimestamp(new Date("+010000-01-01T00:00:00Z")),
    rangeError("invalid-timestamp", "timestamp"),
  ],
  [
    "formatTimestamp",
    "a year before 1",
    () => formatTimestamp(new Date("-000001-01-01T00:00:00Z")),
    rangeError("invalid-timestamp", "timestamp"),
  ],
  [
    "formatTimestamp",
    "a string",
    () => formatTimestamp("2016-02-23T12:46:24Z" as Any),
    typeError("invalid-timestamp", "timestamp"),
  ],
  [
    "formatTimestamp",
    "a number",
    () => formatTimestamp(0 as Any),
    typeError("invalid-timestamp", "timestamp"),
  ],
  [
    "formatTimestamp",
    "a fake Date (Date.prototype, no time)",
    () => formatTimestamp(fakeDate()),
    typeError("invalid-timestamp", "timestamp"),
  ],
  [
    "formatTimestamp",
    "a Proxy of a Date",
    () => formatTimestamp(new Proxy(new Date(), {})),
    typeError("invalid-timestamp", "timestamp"),
  ],
  [
    "formatTimestamp",
    "a revoked Proxy",
    () => formatTimestamp(revoked()),
    typeError("invalid-timestamp", "timestamp"),
  ],
  [
    "formatTimestamp",
    "a Date subclass whose methods lie",
    () => {
      class LyingDate extends Date {
        override getTime(): number {
          return 0;
        }
        override toISOString(): string {
          return "1970-01-01T00:00:00.000Z";
        }
      }
      return formatTimestamp(new LyingDate("2016-02-23T12:46:24.999Z"));
    },
    accepted(
      "its own time, to the second",
      (text: string) => assert.equal(text, "2016-02-23T12:46:24Z"),
    ),
  ],

  // signRequest of @acs/rpc ---------------------------------------------------------------
  [
    "signRequest",
    "no options",
    () => signRequest(undefined as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "signRequest",
    "a revoked Proxy as options",
    () => signRequest(revoked()),
    typeError("invalid-option", "options"),
  ],
  [
    "signRequest",
    "an option getter that throws",
    () => signRequest(throwingGetter("action", { credentials: KEYS })),
    typeError("invalid-option", "options"),
  ],
  [
    "signRequest",
    "the misspelt option regionID",
    () => signRequest({ ...CALL_SIGN, regionID: "cn-hangzhou" } as Any),
    typeError("invalid-option", "regionID"),
  ],
  [
    "signRequest",
    "an unknown option key of 1 MiB",
    () => signRequest({ ...CALL_SIGN, [BIG_KEY]: 1 } as Any),
    typeError("invalid-option", BIG_KEY.slice(0, 64)),
  ],
  [
    "signRequest",
    "no action",
    () => signRequest({ credentials: KEYS } as Any),
    typeError("invalid-action", "action"),
  ],
  [
    "signRequest",
    "an action with a space",
    () => signRequest({ ...CALL_SIGN, action: "Describe Regions" }),
    typeError("invalid-action", "action"),
  ],
  [
    "signRequest",
    "no credentials",
    () => signRequest({ action: "DescribeRegions" } as Any),
    typeError("invalid-credentials", "credentials"),
  ],
  [
    "signRequest",
    "a secret padded with a space",
    () =>
      signRequest({
        ...CALL_SIGN,
        credentials: { accessKeyId: "testid", accessKeySecret: ` ${SECRET}` },
      }),
    typeError("invalid-credentials", "credentials.accessKeySecret"),
  ],
  [
    "signRequest",
    "an empty access key id",
    () => signRequest({ ...CALL_SIGN, credentials: { accessKeyId: "", accessKeySecret: SECRET } }),
    typeError("invalid-credentials", "credentials.accessKeyId"),
  ],
  [
    "signRequest",
    "revoked credentials",
    () => signRequest({ ...CALL_SIGN, credentials: revoked() }),
    typeError("invalid-credentials", "credentials"),
  ],
  [
    "signRequest",
    "the method PUT",
    () => signRequest({ ...CALL_SIGN, method: "PUT" as Any }),
    typeError("invalid-option", "method"),
  ],
  [
    "signRequest",
    "the format YAML",
    () => signRequest({ ...CALL_SIGN, format: "YAML" as Any }),
    typeError("invalid-option", "format"),
  ],
  [
    "signRequest",
    "a null nonce",
    () => signRequest({ ...CALL_SIGN, nonce: null as Any }),
    typeError("invalid-option", "nonce"),
  ],
  [
    "signRequest",
    "an invalid Date",
    () => signRequest({ ...CALL_SIGN, timestamp: new Date(Number.NaN) }),
    rangeError("invalid-timestamp", "timestamp"),
  ],
  [
    "signRequest",
    "a fake Date",
    () => signRequest({ ...CALL_SIGN, timestamp: fakeDate() }),
    typeError("invalid-timestamp", "timestamp"),
  ],
  [
    "signRequest",
    "the endpoint 999.999.999.999",
    () => signRequest({ ...CALL_SIGN, endpoint: "999.999.999.999" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequest",
    "the endpoint [1.2.3.4]",
    () => signRequest({ ...CALL_SIGN, endpoint: "[1.2.3.4]" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequest",
    "the endpoint [::1::2]",
    () => signRequest({ ...CALL_SIGN, endpoint: "https://[::1::2]" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequest",
    "the endpoint ecs.123 (numeric last label)",
    () => signRequest({ ...CALL_SIGN, endpoint: "ecs.123" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequest",
    "the endpoint 0x7f.1 (127.0.0.1 in disguise)",
    () => signRequest({ ...CALL_SIGN, endpoint: "0x7f.1" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequest",
    "an endpoint with a path",
    () => signRequest({ ...CALL_SIGN, endpoint: "https://ecs.aliyuncs.com/x?y" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequest",
    "an ftp:// endpoint",
    () => signRequest({ ...CALL_SIGN, endpoint: "ftp://ecs.aliyuncs.com" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequest",
    "an unknown region",
    () => signRequest({ ...CALL_SIGN, regionId: "cn-hangzou" }),
    rangeError("unknown-region", "regionId"),
  ],
  [
    "signRequest",
    "a region id of 4 MB",
    () => signRequest({ ...CALL_SIGN, regionId: "x".repeat(4 * MIB) }),
    rangeError("unknown-region", "regionId"),
  ],
  [
    "signRequest",
    "the network intranet",
    () => signRequest({ ...CALL_SIGN, regionId: "cn-hangzhou", network: "intranet" as Any }),
    rangeError("invalid-option", "network"),
  ],
  [
    "signRequest",
    "a common parameter in another case",
    () => signRequest({ ...CALL_SIGN, params: { TimeStamp: "x" } }),
    typeError("reserved-parameter", "TimeStamp"),
  ],
  [
    "signRequest",
    "a parameter name with a lone surrogate",
    () => signRequest({ ...CALL_SIGN, params: { "A\ud800": "x" } }),
    typeError("invalid-unicode", "A\ud800"),
  ],
  [
    "signRequest",
    "a parameter value with a lone surrogate",
    () => signRequest({ ...CALL_SIGN, params: { Name: "\udc00" } }),
    typeError("invalid-unicode", "Name"),
  ],
  [
    "signRequest",
    "a RegionId parameter that disagrees with regionId",
    () =>
      signRequest({ ...CALL_SIGN, regionId: "cn-hangzhou", params: { RegionId: "cn-beijing" } }),
    typeError("region-mismatch", "RegionId"),
  ],
  [
    "signRequest",
    "a security token over plain HTTP",
    () => signRequest({ ...CALL_SIGN, credentials: STS_KEYS, protocol: "http" }),
    typeError("insecure-protocol", "protocol"),
  ],
  [
    "signRequest",
    "a password over plain HTTP",
    () =>
      signRequest({
        ...CALL_SIGN,
        params: { Password: PASSWORD },
        endpoint: "http://127.0.0.1:8788",
      }),
    typeError("insecure-protocol", "Password"),
  ],
  [
    "signRequest",
    "a password inside json() over plain HTTP",
    () =>
      signRequest({
        ...CALL_SIGN,
        params: { Config: json({ AdminPassword: PASSWORD }) },
        protocol: "http",
      }),
    typeError("insecure-protocol", "Config.AdminPassword"),
  ],
  [
    "signRequest",
    "a reserved parameter",
    () => signRequest({ ...CALL_SIGN, params: { SignatureNonce: "x" } }),
    typeError("reserved-parameter", "SignatureNonce"),
  ],
  [
    "signRequest",
    "the documentation's example",
    () => signRequest(DOC_EXAMPLE),
    accepted("the documented signature", (signed) => assert.equal(signed.signature, DOC_SIGNATURE)),
  ],
  [
    "signRequest",
    // The encoder's worst case, 4 times RunInstances' largest field (UserData,
    // 32 KiB). Larger values cost in proportion: the string to sign holds 5
    // bytes for each *, all of them hashed (1 MiB: about 100 ms in Node).
    "a 128 KiB value of * (the encoder's worst case)",
    () => signRequest({ ...CALL_SIGN, params: { UserData: "*".repeat(128 * 1024) } }),
    accepted("the value arrives whole: 3 bytes in the URL for each *", (signed) => {
      assert.equal(new URL(signed.url).searchParams.get("UserData"), "*".repeat(128 * 1024));
      assert.ok(signed.stringToSign.includes(`%26UserData%3D${"%252A".repeat(128 * 1024)}%26`));
    }),
  ],
  [
    "signRequest",
    "a securityToken getter that changes on each read",
    () => {
      let reads = 0;
      const credentials = {
        accessKeyId: "testid",
        accessKeySecret: SECRET,
        get securityToken() {
          return ++reads === 1 ? TOKEN : undefined;
        },
      };
      return { signed: signRequest({ ...CALL_SIGN, credentials }), reads: () => reads };
    },
    accepted("read once; the token checked is the token signed", ({ signed, reads }) => {
      assert.equal(reads(), 1);
      assert.equal(new URL(signed.url).searchParams.get("SecurityToken"), TOKEN);
    }),
  ],
  [
    "signRequest",
    "an upper-case host",
    () => signRequest({ ...CALL_SIGN, endpoint: "ECS.AliYunCS.com" }),
    accepted(
      "the host a URL parser reads back, in lower case",
      (signed) => assert.equal(new URL(signed.url).host, "ecs.aliyuncs.com"),
    ),
  ],

  // signRequest of @acs/rpc/signature -------------------------------------------------------
  [
    "signRequest (signature)",
    "regionId without endpoint (no region table here)",
    () => signForEndpoint({ ...CALL_SIGN, regionId: "cn-hangzhou" }),
    typeError("invalid-option", "regionId"),
  ],
  [
    "signRequest (signature)",
    "network without regionId",
    () => signForEndpoint({ ...CALL_SIGN, network: "vpc" }),
    typeError("invalid-option", "network"),
  ],
  [
    "signRequest (signature)",
    "a revoked Proxy as options",
    () => signForEndpoint(revoked()),
    typeError("invalid-option", "options"),
  ],
  [
    "signRequest (signature)",
    "the endpoint 127.1",
    () => signForEndpoint({ ...CALL_SIGN, endpoint: "127.1" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequest (signature)",
    "a trailing dot",
    () => signForEndpoint({ ...CALL_SIGN, endpoint: "ecs.aliyuncs.com." }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequest (signature)",
    "a full-width letter in the host",
    () => signForEndpoint({ ...CALL_SIGN, endpoint: "ｅcs.aliyuncs.com" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequest (signature)",
    "the documentation's example",
    () => signForEndpoint(DOC_EXAMPLE),
    accepted("the documented signature", (signed) => assert.equal(signed.signature, DOC_SIGNATURE)),
  ],
  [
    "signRequest (signature)",
    "an IPv6 endpoint with a port",
    () => signForEndpoint({ ...CALL_SIGN, endpoint: "http://[::1]:8788" }),
    accepted(
      "sent to that host and port",
      (signed) => assert.equal(new URL(signed.url).host, "[::1]:8788"),
    ),
  ],

  // V3 stages -----------------------------------------------------------------------------
  [
    "hashPayload",
    "an object that only inherits from Uint8Array",
    () => hashPayload(Object.create(Uint8Array.prototype)),
    typeError("invalid-option", "body"),
  ],
  [
    "buildStringToSign",
    "a revoked Proxy as the method",
    () => buildStringToSign(revoked(), "A=1"),
    typeError("invalid-option", "method"),
  ],
  [
    "buildCanonicalQuery",
    "a name given twice",
    () => buildCanonicalQuery([["A", "1"], ["A", "2"]]),
    typeError("duplicate-parameter", "A"),
  ],
  [
    "buildCanonicalQuery",
    "a plain object",
    () => buildCanonicalQuery({ A: "1" } as Any),
    typeError("invalid-option", "pairs"),
  ],
  [
    "buildCanonicalQuery",
    "the V3 page's parameters",
    () => buildCanonicalQuery(Object.entries(V3_DOC.params)),
    accepted("the documented canonical query", (query: string) =>
      assert.equal(
        query,
        "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
      )),
  ],
  [
    "canonicalizeHeaders",
    "a header name with a space",
    () => canonicalizeHeaders({ "x acs": "1" }),
    typeError("invalid-header", "headers"),
  ],
  [
    "canonicalizeHeaders",
    "a value with CR LF (header injection)",
    () => canonicalizeHeaders({ "x-acs-a": "1\r\nx-acs-b: 2" }),
    typeError("invalid-header", "headers.x-acs-a"),
  ],
  [
    "canonicalizeHeaders",
    "a non-ASCII value",
    () => canonicalizeHeaders({ "x-acs-a": "é" }),
    typeError("invalid-header", "headers.x-acs-a"),
  ],
  [
    "canonicalizeHeaders",
    "a value that is not text",
    () => canonicalizeHeaders({ "x-acs-a": 1 } as Any),
    typeError("invalid-header", "headers.x-acs-a"),
  ],
  [
    "canonicalizeHeaders",
    "one name in two cases",
    () => canonicalizeHeaders({ "X-Acs-A": "1", "x-acs-a": "2" }),
    typeError("duplicate-parameter", "headers.x-acs-a"),
  ],
  [
    "canonicalizeHeaders",
    "null",
    () => canonicalizeHeaders(null as Any),
    typeError("invalid-option", "headers"),
  ],
  [
    "canonicalizeHeaders",
    "a revoked Proxy",
    () => canonicalizeHeaders(revoked()),
    typeError("invalid-option", "headers"),
  ],
  [
    "canonicalizeHeaders",
    "an entry that is not a pair",
    () => canonicalizeHeaders([["host"]] as Any),
    typeError("invalid-option", "headers"),
  ],
  [
    "canonicalizeHeaders",
    "a secret in a bad value",
    () => canonicalizeHeaders({ "x-acs-security-token": `${TOKEN}\n` }),
    typeError("invalid-header", "headers.x-acs-security-token"),
  ],
  [
    "canonicalizeHeaders",
    "a Headers object",
    () => canonicalizeHeaders(new Headers({ Host: "a", Accept: "b", "X-Acs-Z": " 1 " })),
    accepted(
      "host and x-acs-* signed, lower case, trimmed",
      (headers) =>
        assert.deepEqual(headers, {
          canonicalHeaders: "host:a\nx-acs-z:1\n",
          signedHeaders: "host;x-acs-z",
        }),
    ),
  ],
  [
    "hashPayload",
    "a lone surrogate",
    () => hashPayload("\ud800"),
    typeError("invalid-unicode", "body"),
  ],
  ["hashPayload", "a number", () => hashPayload(1 as Any), typeError("invalid-option", "body")],
  [
    "hashPayload",
    "an ArrayBuffer (not a Uint8Array)",
    () => hashPayload(new ArrayBuffer(1) as Any),
    typeError("invalid-option", "body"),
  ],
  [
    "hashPayload",
    "a revoked Proxy",
    () => hashPayload(revoked()),
    typeError("invalid-option", "body"),
  ],
  [
    "hashPayload",
    "no body",
    () => hashPayload(null),
    accepted("the SHA-256 of no bytes", (hash: string) => assert.equal(hash, EMPTY_SHA256)),
  ],
  [
    "buildCanonicalRequest",
    "null",
    () => buildCanonicalRequest(null as Any),
    typeError("invalid-option", "parts"),
  ],
  [
    "buildCanonicalRequest",
    "a revoked Proxy",
    () => buildCanonicalRequest(revoked()),
    typeError("invalid-option", "parts"),
  ],
  [
    "buildCanonicalRequest",
    "the method PUT",
    () => buildCanonicalRequest({ ...V3_PARTS, method: "PUT" as Any }),
    typeError("invalid-option", "method"),
  ],
  [
    "buildCanonicalRequest",
    "a hashed payload in upper case",
    () => buildCanonicalRequest({ ...V3_PARTS, hashedPayload: EMPTY_SHA256.toUpperCase() }),
    typeError("invalid-option", "hashedPayload"),
  ],
  [
    "buildCanonicalRequest",
    "canonical headers without their final newline",
    () => buildCanonicalRequest({ ...V3_PARTS, canonicalHeaders: "host:a" }),
    typeError("invalid-option", "canonicalHeaders"),
  ],
  [
    "buildCanonicalRequest",
    "a canonical query that is not text",
    () => buildCanonicalRequest({ ...V3_PARTS, canonicalQuery: 1 as Any }),
    typeError("invalid-option", "canonicalQuery"),
  ],
  [
    "buildStringToSignV3",
    "a number",
    () => buildStringToSignV3(1 as Any),
    typeError("invalid-option", "canonicalRequest"),
  ],
  [
    "buildStringToSignV3",
    "a lone surrogate",
    () => buildStringToSignV3("\ud800"),
    typeError("invalid-unicode", "canonicalRequest"),
  ],
  [
    "signV3",
    "an empty secret",
    () => signV3("ACS3-HMAC-SHA256\nx", ""),
    typeError("invalid-credentials", "accessKeySecret"),
  ],
  [
    "signV3",
    "a string to sign that is not text",
    () => signV3(1 as Any, SECRET),
    typeError("invalid-option", "stringToSign"),
  ],
  [
    "buildAuthorization",
    "an access key id with a comma",
    () =>
      buildAuthorization({
        accessKeyId: "a,b",
        signedHeaders: "host",
        signature: V3_DOC_SIGNATURE,
      }),
    typeError("invalid-credentials", "accessKeyId"),
  ],
  [
    "buildAuthorization",
    "signed headers in upper case",
    () =>
      buildAuthorization({ accessKeyId: "a", signedHeaders: "Host", signature: V3_DOC_SIGNATURE }),
    typeError("invalid-option", "signedHeaders"),
  ],
  [
    "buildAuthorization",
    "a Base64 signature",
    () => buildAuthorization({ accessKeyId: "a", signedHeaders: "host", signature: DOC_SIGNATURE }),
    typeError("invalid-option", "signature"),
  ],
  [
    "buildAuthorization",
    "a revoked Proxy",
    () => buildAuthorization(revoked()),
    typeError("invalid-option", "parts"),
  ],

  // signRequestV3 ---------------------------------------------------------------------------
  [
    "signRequestV3 (v3)",
    "a password inside json() over plain HTTP",
    () =>
      signV3ForEndpoint({
        ...CALL_SIGN,
        params: { Config: json([{ Name: "x" }, { AdminPassword: PASSWORD }]) },
        endpoint: "http://127.0.0.1:8788",
      }),
    typeError("insecure-protocol", "Config[1].AdminPassword"),
  ],
  [
    "signRequestV3 (v3)",
    "a securityToken getter that hides on its second read, over plain HTTP",
    () => {
      let reads = 0;
      const credentials = {
        accessKeyId: "testid",
        accessKeySecret: SECRET,
        get securityToken() {
          return ++reads === 2 ? undefined : TOKEN;
        },
      };
      return signV3ForEndpoint({ ...CALL_SIGN, credentials, endpoint: "http://127.0.0.1:8788" });
    },
    typeError("insecure-protocol", "protocol"),
  ],
  [
    "signRequestV3 (v3)",
    "credentials that are a revoked Proxy",
    () => signV3ForEndpoint({ ...CALL_SIGN, credentials: revoked() }),
    typeError("invalid-credentials", "credentials"),
  ],
  [
    "signRequestV3 (v3)",
    "a body that is a revoked Proxy",
    () => signV3ForEndpoint({ ...CALL_SIGN, method: "POST", body: revoked() }),
    typeError("invalid-option", "body"),
  ],
  [
    "signRequestV3 (v3)",
    "regionId without endpoint (no region table here)",
    () => signV3ForEndpoint({ ...CALL_SIGN, regionId: "cn-hangzhou" }),
    typeError("invalid-option", "regionId"),
  ],
  [
    "signRequestV3 (v3)",
    "the format option (V3 has none)",
    () => signV3ForEndpoint({ ...CALL_SIGN, format: "JSON" } as Any),
    typeError("invalid-option", "format"),
  ],
  [
    "signRequestV3 (v3)",
    "a header the signature sets itself",
    () => signV3ForEndpoint({ ...CALL_SIGN, headers: { "x-acs-date": "x" } }),
    typeError("reserved-parameter", "headers.x-acs-date"),
  ],
  [
    "signRequestV3 (v3)",
    "a header value with a newline",
    () => signV3ForEndpoint({ ...CALL_SIGN, headers: { "x-acs-note": "a\nb" } }),
    typeError("invalid-header", "headers.x-acs-note"),
  ],
  [
    "signRequestV3 (v3)",
    "a body on GET",
    () => signV3ForEndpoint({ ...CALL_SIGN, body: "a=1" }),
    typeError("invalid-option", "body"),
  ],
  [
    "signRequestV3 (v3)",
    "a revoked Proxy as options",
    () => signV3ForEndpoint(revoked()),
    typeError("invalid-option", "options"),
  ],
  [
    "signRequestV3 (v3)",
    "the endpoint 0x7f.1",
    () => signV3ForEndpoint({ ...CALL_SIGN, endpoint: "0x7f.1" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "signRequestV3 (v3)",
    "a security token over plain HTTP",
    () => signV3ForEndpoint({ ...CALL_SIGN, credentials: STS_KEYS, protocol: "http" }),
    typeError("insecure-protocol", "protocol"),
  ],
  [
    "signRequestV3 (v3)",
    "the V3 page's example",
    () => signV3ForEndpoint(V3_DOC),
    accepted(
      "the documented signature",
      (signed) => assert.equal(signed.headers.authorization.slice(-64), V3_DOC_SIGNATURE),
    ),
  ],
  [
    "signRequestV3",
    "an unknown region",
    () => signRequestV3({ ...CALL_SIGN, regionId: "cn-hangzou" }),
    rangeError("unknown-region", "regionId"),
  ],
  [
    "signRequestV3",
    "a region id of 4 MB",
    () => signRequestV3({ ...CALL_SIGN, regionId: "y".repeat(4 * MIB) }),
    rangeError("unknown-region", "regionId"),
  ],
  [
    "signRequestV3",
    "the misspelt option regionID",
    () => signRequestV3({ ...CALL_SIGN, regionID: "cn-hangzhou" } as Any),
    typeError("invalid-option", "regionID"),
  ],
  [
    "signRequestV3",
    "the region cn-shanghai",
    () => signRequestV3({ ...V3_DOC, endpoint: undefined, regionId: "cn-shanghai" }),
    accepted(
      "the V3 page's signature: the region's endpoint is its host",
      (signed) => assert.equal(signed.headers.authorization.slice(-64), V3_DOC_SIGNATURE),
    ),
  ],

  // resolveEndpoint, findRegion, productEndpoint ----------------------------------------------
  [
    "productEndpoint",
    "options that are a revoked Proxy",
    () => productEndpoint("vpc", "cn-hangzhou", revoked()),
    typeError("invalid-option", "options"),
  ],
  [
    "resolveEndpoint",
    "a misspelt region",
    () => resolveEndpoint("cn-hangzou"),
    rangeError("unknown-region", "regionId"),
  ],
  [
    "resolveEndpoint",
    "the VPC endpoint of a region that documents none",
    () => resolveEndpoint("eu-west-2", { network: "vpc" }),
    rangeError("no-vpc-endpoint", "network"),
  ],
  [
    "signRequest",
    "network vpc for a region with no VPC endpoint",
    () =>
      signRequest({
        action: "DescribeRegions",
        credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
        regionId: "sa-east-1",
        network: "vpc",
      }),
    rangeError("no-vpc-endpoint", "network"),
  ],
  [
    "resolveEndpoint",
    "a region id of 4 MB",
    () => resolveEndpoint("z".repeat(4 * MIB)),
    rangeError("unknown-region", "regionId"),
  ],
  [
    "resolveEndpoint",
    "a number",
    () => resolveEndpoint(1 as Any),
    typeError("invalid-option", "regionId"),
  ],
  [
    "resolveEndpoint",
    "an empty region id",
    () => resolveEndpoint(""),
    rangeError("unknown-region", "regionId"),
  ],
  [
    "resolveEndpoint",
    "the network intranet",
    () => resolveEndpoint("cn-hangzhou", { network: "intranet" as Any }),
    rangeError("invalid-option", "network"),
  ],
  [
    "resolveEndpoint",
    "options that are a string",
    () => resolveEndpoint("cn-hangzhou", "vpc" as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "resolveEndpoint",
    "revoked options",
    () => resolveEndpoint("cn-hangzhou", revoked()),
    typeError("invalid-option", "options"),
  ],
  [
    "resolveEndpoint",
    "a region id in upper case",
    () => resolveEndpoint("CN-HANGZHOU"),
    rangeError("unknown-region", "regionId"),
  ],
  [
    "resolveEndpoint",
    "cn-hangzhou's VPC endpoint",
    () => resolveEndpoint("cn-hangzhou", { network: "vpc" }),
    accepted(
      "the sourced table's host",
      (host: string) => assert.equal(host, "ecs-vpc.cn-hangzhou.aliyuncs.com"),
    ),
  ],
  ["findRegion", "a number", () => findRegion(1 as Any), typeError("invalid-option", "query")],
  [
    "findRegion",
    "a query of 4 MB",
    () => findRegion("q".repeat(4 * MIB)),
    accepted("no region, found quickly", (region) => assert.equal(region, undefined)),
  ],
  [
    "findRegion",
    "a region's name",
    () => findRegion("cn-hangzhou"),
    accepted("the region", (region) => assert.equal(region?.regionId, "cn-hangzhou")),
  ],
  [
    "productEndpoint",
    "a product in upper case",
    () => productEndpoint("VPC", "cn-hangzhou"),
    rangeError("invalid-option", "product"),
  ],
  [
    "productEndpoint",
    "a product with a dot",
    () => productEndpoint("vpc.evil", "cn-hangzhou"),
    rangeError("invalid-option", "product"),
  ],
  [
    "productEndpoint",
    "a product that is not text",
    () => productEndpoint(1 as Any, "cn-hangzhou"),
    typeError("invalid-option", "product"),
  ],
  [
    "productEndpoint",
    "a region id with a slash",
    () => productEndpoint("vpc", "cn/hangzhou"),
    rangeError("invalid-option", "regionId"),
  ],
  [
    "productEndpoint",
    "the network intranet",
    () => productEndpoint("vpc", "cn-hangzhou", { network: "intranet" as Any }),
    rangeError("invalid-option", "network"),
  ],
  [
    "productEndpoint",
    "ecs with an unknown region",
    () => productEndpoint("ecs", "cn-hangzou"),
    rangeError("unknown-region", "regionId"),
  ],
  [
    "productEndpoint",
    "vpc in cn-hangzhou",
    () => productEndpoint("vpc", "cn-hangzhou"),
    accepted(
      "the product's regional host",
      (host: string) => assert.equal(host, "vpc.cn-hangzhou.aliyuncs.com"),
    ),
  ],

  // call --------------------------------------------------------------------------------------
  [
    "call",
    "now that returns undefined",
    () => call({ ...CALL, now: () => undefined as Any }),
    typeError("invalid-option", "now"),
  ],
  [
    "call",
    "a fetch that answers no Response (not retried)",
    () => call({ ...CALL, fetch: (() => Promise.resolve(undefined)) as Any }),
    typeError("invalid-option", "fetch"),
  ],
  [
    "call",
    "no credentials",
    () => call({ action: "DescribeRegions", ...QUIET } as Any),
    typeError("invalid-credentials", "credentials"),
  ],
  [
    "call",
    "a provider that answers no credentials",
    () =>
      call({ ...CALL, credentials: { getCredentials: () => Promise.resolve(undefined as Any) } }),
    typeError("invalid-credentials", "credentials"),
  ],
  [
    "call",
    "a version that is a revoked Proxy",
    () => call({ ...CALL, version: revoked() }),
    typeError("invalid-option", "version"),
  ],
  [
    "call",
    "a timeout that is a revoked Proxy",
    () => call({ ...CALL, timeoutMs: revoked() }),
    rangeError("invalid-option", "timeoutMs"),
  ],
  ["call", "no options", () => call(undefined as Any), typeError("invalid-option", "options")],
  [
    "call",
    "a revoked Proxy as options",
    () => call(revoked()),
    typeError("invalid-option", "options"),
  ],
  [
    "call",
    "the misspelt option regionID",
    () => call({ ...CALL, regionID: "cn-hangzhou" } as Any),
    typeError("invalid-option", "regionID"),
  ],
  [
    "call",
    "a nonce (each attempt needs its own)",
    () => call({ ...CALL, nonce: "n" } as Any),
    typeError("invalid-option", "nonce"),
  ],
  [
    "call",
    "a timestamp (each attempt signs its own)",
    () => call({ ...CALL, timestamp: new Date() } as Any),
    typeError("invalid-option", "timestamp"),
  ],
  [
    "call",
    "the format YAML",
    () => call({ ...CALL, format: "YAML" as Any }),
    typeError("invalid-option", "format"),
  ],
  [
    "call",
    "fetch that is a string",
    () => call({ ...CALL, fetch: "x" as Any }),
    typeError("invalid-option", "fetch"),
  ],
  [
    "call",
    "now that is a number",
    () => call({ ...CALL, now: 1 as Any }),
    typeError("invalid-option", "now"),
  ],
  [
    "call",
    "now that returns an invalid Date",
    () => call({ ...CALL, now: () => new Date(Number.NaN) }),
    typeError("invalid-option", "now"),
  ],
  [
    "call",
    "a signal that is not an AbortSignal",
    () => call({ ...CALL, signal: {} as Any }),
    typeError("invalid-option", "signal"),
  ],
  [
    "call",
    "random() that returns NaN",
    () =>
      call({
        ...CALL,
        fetch: answering({ Code: "Throttling.User", Message: "slow" }, 400),
        random: () => Number.NaN,
      }),
    rangeError("invalid-option", "random"),
  ],
  [
    "call",
    "an unknown retry key",
    () => call({ ...CALL, retry: { maxAttempt: 2 } as Any }),
    typeError("invalid-option", "retry.maxAttempt"),
  ],
  [
    "call",
    "retry.maxAttempts of 0",
    () => call({ ...CALL, retry: { maxAttempts: 0 } }),
    rangeError("invalid-option", "retry.maxAttempts"),
  ],
  [
    "call",
    "a negative timeout",
    () => call({ ...CALL, timeoutMs: -1 }),
    rangeError("invalid-option", "timeoutMs"),
  ],
  [
    "call",
    "a deadline past the timer's range",
    () => call({ ...CALL, deadlineMs: 2 ** 31 }),
    rangeError("invalid-option", "deadlineMs"),
  ],
  [
    "call",
    "a user agent with a newline",
    () => call({ ...CALL, userAgent: "a\r\nX-Evil: 1" }),
    typeError("invalid-option", "userAgent"),
  ],
  [
    "call",
    "signatureVersion v2",
    () => call({ ...CALL, signatureVersion: "v2" as Any }),
    typeError("invalid-option", "signatureVersion"),
  ],
  [
    "call",
    "maxUrlBytes with signature V3",
    () => call({ ...CALL, signatureVersion: "v3", maxUrlBytes: 100 }),
    typeError("invalid-option", "maxUrlBytes"),
  ],
  [
    "call",
    "a password with a space in its name over plain HTTP",
    () =>
      call({ ...CALL, params: { "Admin Password": PASSWORD }, endpoint: "http://127.0.0.1:8788" }),
    typeError("insecure-protocol", "Admin Password"),
  ],
  [
    "call",
    "the endpoint 0x7f.1",
    () => call({ ...CALL, endpoint: "0x7f.1" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "call",
    "the endpoint [::1::2], never retried as a network failure",
    () => call({ ...CALL, endpoint: "[::1::2]", fetch: unreachable }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "call",
    "params that contain themselves",
    () => call({ ...CALL, params: { Tag: circular() } as Any }),
    typeError("circular-value", "Tag.Self"),
  ],
  [
    "call",
    "a secret padded with a newline",
    () => call({ ...CALL, credentials: { accessKeyId: "testid", accessKeySecret: `${SECRET}\n` } }),
    typeError("invalid-credentials", "credentials.accessKeySecret"),
  ],
  [
    "call",
    "credentials that are a revoked Proxy",
    () => call({ ...CALL, credentials: revoked() }),
    typeError("invalid-credentials", "credentials"),
  ],
  [
    "call",
    "a retry policy that is a revoked Proxy",
    () => call({ ...CALL, retry: revoked() }),
    typeError("invalid-option", "retry"),
  ],
  [
    "call",
    "Deno refusing network access",
    () => call({ ...CALL, fetch: denied }),
    typeError("permission-denied", "endpoint"),
  ],
  [
    "call",
    "a token and a password, answered SignatureDoesNotMatch",
    async () => {
      try {
        await call({
          ...CALL,
          credentials: STS_KEYS,
          params: { Password: PASSWORD },
          fetch: answering({
            Code: "SignatureDoesNotMatch",
            Message:
              `Specified signature is not matched with our calculation. server string to sign is:GET&%2F&Password%3D${PASSWORD}%26SecurityToken%3D${TOKEN}`,
          }, 400),
        });
      } catch (error) {
        return error;
      }
      throw new Error("call() resolved");
    },
    accepted("an ApiError that quotes neither the token nor the password", (error) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, "SignatureDoesNotMatch");
      for (const secret of SECRETS) {
        assert.ok(!JSON.stringify([error.message, error.diagnosis]).includes(secret));
      }
    }),
  ],
  [
    "call",
    "a long value, over the GET limit",
    async () => {
      const sent: Request[] = [];
      await call({ ...CALL, params: { UserData: "*".repeat(10_000) }, fetch: recording(sent) });
      return sent;
    },
    accepted("sent as a form POST, the value whole", async (sent: Request[]) => {
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.method, "POST");
      const body = new URLSearchParams(await sent[0]!.text());
      assert.equal(body.get("UserData"), "*".repeat(10_000));
    }),
  ],

  // createClient, client.call, client.paginate -------------------------------------------------
  [
    "createClient",
    "no options",
    () => createClient(undefined as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "createClient",
    "a revoked Proxy as options",
    () => createClient(revoked()),
    typeError("invalid-option", "options"),
  ],
  [
    "createClient",
    "an action on the client",
    () => createClient({ credentials: KEYS, action: "X" } as Any),
    typeError("invalid-option", "action"),
  ],
  [
    "createClient",
    "a signal on the client",
    () => createClient({ credentials: KEYS, signal: new AbortController().signal } as Any),
    typeError("invalid-option", "signal"),
  ],
  [
    "createClient",
    "an unknown region",
    () => createClient({ credentials: KEYS, regionId: "cn-hangzou" }),
    rangeError("unknown-region", "regionId"),
  ],
  [
    "createClient",
    "no credentials",
    () => createClient({} as Any),
    typeError("invalid-credentials", "credentials"),
  ],
  [
    "createClient",
    "fetch that is an object",
    () => createClient({ credentials: KEYS, fetch: {} as Any }),
    typeError("invalid-option", "fetch"),
  ],
  [
    "client.call",
    "an action that is not a name",
    () => createClient({ credentials: KEYS, ...QUIET }).call("Describe/Regions"),
    typeError("invalid-action", "action"),
  ],
  [
    "client.call",
    "a regionId per call (set on the client)",
    () =>
      createClient({ credentials: KEYS, ...QUIET }).call(
        "DescribeRegions",
        {},
        { regionId: "cn-hangzhou" } as Any,
      ),
    typeError("invalid-option", "regionId"),
  ],
  [
    "client.call",
    "per-call options that are a string",
    () => createClient({ credentials: KEYS, ...QUIET }).call("DescribeRegions", {}, "JSON" as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "client.call",
    "a reserved parameter",
    () =>
      createClient({ credentials: KEYS, ...QUIET }).call("DescribeRegions", { AccessKeyId: "x" }),
    typeError("reserved-parameter", "AccessKeyId"),
  ],
  [
    "client.call",
    "the region's endpoint",
    async () => {
      const sent: Request[] = [];
      await createClient({
        credentials: KEYS,
        regionId: "cn-hangzhou",
        ...QUIET,
        fetch: recording(sent),
      }).call("DescribeRegions");
      return sent;
    },
    accepted("sent to the region's host with its RegionId", (sent: Request[]) => {
      const url = new URL(sent[0]!.url);
      assert.equal(url.host, "ecs.cn-hangzhou.aliyuncs.com");
      assert.equal(url.searchParams.get("RegionId"), "cn-hangzhou");
    }),
  ],
  [
    "client.paginate",
    "the format XML",
    () =>
      drain(
        createClient({ credentials: KEYS, ...QUIET }).paginate(
          "DescribeInstances",
          {},
          { format: "XML" } as Any,
        ),
      ),
    typeError("invalid-option", "format"),
  ],
  [
    "client.paginate",
    "an API that answers the same NextToken twice",
    () =>
      drain(
        createClient({
          credentials: KEYS,
          ...QUIET,
          fetch: answering({ NextToken: "t1", Items: [] }),
        }).paginate("ListThings"),
      ),
    rangeError("pagination-loop", "NextToken"),
  ],

  // paginate ----------------------------------------------------------------------------------
  [
    "paginate",
    "no options",
    () => drain(paginate(undefined as Any)),
    typeError("invalid-option", "options"),
  ],
  [
    "paginate",
    "a revoked Proxy as options",
    () => drain(paginate(revoked())),
    typeError("invalid-option", "options"),
  ],
  [
    "paginate",
    "the format XML",
    () => drain(paginate({ ...CALL, format: "XML" as Any })),
    typeError("invalid-option", "format"),
  ],
  [
    "paginate",
    "an empty items path",
    () => paginate(CALL).items(""),
    typeError("invalid-option", "path"),
  ],
  [
    "paginate",
    "an items path that is a number",
    () => paginate(CALL).items(1 as Any),
    typeError("invalid-option", "path"),
  ],
  [
    "paginate",
    "a page other than the one asked for",
    () =>
      drain(
        paginate({
          ...CALL,
          params: { PageSize: 1 },
          fetch: answering({ TotalCount: 5, PageNumber: 1, PageSize: 1 }),
        }),
      ),
    rangeError("pagination-loop", "PageNumber"),
  ],
  [
    "paginate",
    "a page without a list, read by items()",
    () => drain(paginate(CALL).items()),
    typeError("invalid-option", "path"),
  ],
  [
    "paginate",
    "an unknown option",
    () => drain(paginate({ ...CALL, pageSize: 10 } as Any)),
    typeError("invalid-option", "pageSize"),
  ],
  ["paginate", "three pages by PageNumber", () => {
    const send = ((url: string | URL | Request) => {
      const page = Number(new URL(String(url)).searchParams.get("PageNumber") ?? "1");
      return Promise.resolve(Response.json({
        TotalCount: 5,
        PageNumber: page,
        PageSize: 2,
        Items: { Item: [page] },
      }));
    }) as typeof fetch;
    return drain(paginate({ ...CALL, params: { PageSize: 2 }, fetch: send }).items("Items.Item"));
  }, accepted("every page once, in order", (items) => assert.deepEqual(items, [1, 2, 3]))],

  // diagnose, ApiError ------------------------------------------------------------------------
  ["diagnose", "null", () => diagnose(null as Any), typeError("invalid-option", "input")],
  ["diagnose", "a revoked Proxy", () => diagnose(revoked()), typeError("invalid-option", "input")],
  [
    "diagnose",
    "a message that is not text",
    () => diagnose({ code: "SignatureDoesNotMatch", message: 1 as Any }),
    typeError("invalid-option", "message"),
  ],
  [
    "diagnose",
    "a code that is not text",
    () => diagnose({ code: 1 as Any, message: "m" }),
    typeError("invalid-option", "code"),
  ],
  [
    "diagnose",
    "a server string to sign with a token",
    () =>
      diagnose({
        code: "SignatureDoesNotMatch",
        message: `server string to sign is:GET&%2F&SecurityToken%3D${TOKEN}x`,
        stringToSign: `GET&%2F&SecurityToken%3D${TOKEN}`,
      }),
    accepted("names SecurityToken without quoting it", (diagnosis) => {
      assert.equal(diagnosis?.parameter, "SecurityToken");
      assert.ok(!diagnosis.summary.includes(TOKEN));
    }),
  ],
  [
    "diagnose",
    "a space written as +",
    () =>
      diagnose({
        code: "SignatureDoesNotMatch",
        message: "server string to sign is:GET&%2F&Action%3DDescribeRegions%26Name%3Da%2520b",
        stringToSign: "GET&%2F&Action%3DDescribeRegions%26Name%3Da%2Bb",
      }),
    accepted("names the parameter Name", (diagnosis) => assert.equal(diagnosis?.parameter, "Name")),
  ],
  [
    "diagnose",
    "a Date header 20 minutes ahead",
    () =>
      diagnose({
        code: "InvalidTimeStamp.Expired",
        message: "Specified time stamp or date value is expired.",
        timestamp: new Date("2016-02-23T12:46:24Z"),
        serverDate: "Tue, 23 Feb 2016 13:06:24 GMT",
      }),
    accepted(
      "a clock skew of 1200 s",
      (diagnosis) => assert.equal(diagnosis?.clockSkewSeconds, -1200),
    ),
  ],
  [
    "ApiError",
    "no options",
    () => new ApiError("Code", "message", undefined as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "ApiError",
    "a status that is not a number",
    () => new ApiError("Code", "message", { status: "400" as Any }),
    typeError("invalid-option", "status"),
  ],
  [
    "ApiError",
    "a code that is not text",
    () => new ApiError(1 as Any, "message", { status: 400 }),
    typeError("invalid-option", "code"),
  ],
  [
    "ApiError",
    "a message that quotes a token in a string to sign",
    () =>
      new ApiError(
        "SignatureDoesNotMatch",
        `server string to sign is:GET&%2F&SecurityToken%3D${TOKEN}`,
        { status: 400 },
      ),
    accepted("the token is not in the message", (error: ApiError) => {
      assert.ok(!error.message.includes(TOKEN));
      assert.equal(error.status, 400);
    }),
  ],

  // verifyRequest: what it throws -------------------------------------------------------------
  [
    "verifyRequest",
    "a window that is a revoked Proxy",
    () => verify(new Request(signedUrl()), { windowSeconds: revoked() }),
    rangeError("invalid-option", "windowSeconds"),
  ],
  [
    "verifyRequest",
    "a nonce store that is a revoked Proxy",
    () => verify(new Request(signedUrl()), { nonceStore: revoked() }),
    typeError("invalid-option", "nonceStore"),
  ],
  [
    "verifyRequest",
    "null as the request",
    () => verify(null as Any),
    typeError("invalid-option", "request"),
  ],
  [
    "verifyRequest",
    "a plain object as the request",
    () => verify({} as Any),
    typeError("invalid-option", "request.url"),
  ],
  [
    "verifyRequest",
    "a revoked Proxy as the request",
    () => verify(revoked()),
    typeError("invalid-option", "request.url"),
  ],
  [
    "verifyRequest",
    "a relative URL",
    () => verify({ url: "/?a=1", method: "GET", headers: new Headers(), body: null } as Any),
    typeError("invalid-option", "request.url"),
  ],
  [
    "verifyRequest",
    "no lookupSecret",
    () => verify(new Request(signedUrl()), { lookupSecret: undefined }),
    typeError("invalid-option", "lookupSecret"),
  ],
  [
    "verifyRequest",
    "a nonce store without add()",
    () => verify(new Request(signedUrl()), { nonceStore: {} }),
    typeError("invalid-option", "nonceStore"),
  ],
  [
    "verifyRequest",
    "a window of 0 s",
    () => verify(new Request(signedUrl()), { windowSeconds: 0 }),
    rangeError("invalid-option", "windowSeconds"),
  ],
  [
    "verifyRequest",
    "a window over a day",
    () => verify(new Request(signedUrl()), { windowSeconds: 86_401 }),
    rangeError("invalid-option", "windowSeconds"),
  ],
  [
    "verifyRequest",
    "a negative body bound",
    () => verify(new Request(signedUrl()), { maxBodyBytes: -1 }),
    rangeError("invalid-option", "maxBodyBytes"),
  ],
  [
    "verifyRequest",
    "a clock that answers an invalid Date",
    () => verify(new Request(signedUrl()), { now: () => new Date(Number.NaN) }),
    typeError("invalid-option", "now"),
  ],
  [
    "verifyRequest",
    "revoked options",
    () => verifyRequest(new Request(signedUrl()), revoked()),
    typeError("invalid-option", "options"),
  ],
  [
    "verifyRequest",
    "an unknown option",
    () => verify(new Request(signedUrl()), { windowSecond: 60 }),
    typeError("invalid-option", "windowSecond"),
  ],

  // verifyRequest: what it refuses (answered, never thrown) --------------------------------------
  [
    "verifyRequest",
    "PUT",
    () => verify(new Request(signedUrl(), { method: "PUT" })),
    refused("UnsupportedHTTPMethod", 405),
  ],
  [
    "verifyRequest",
    "a query of 40 KiB",
    () => verify(new Request(signedUrl({ Data: "x".repeat(40_000) }))),
    refused("RequestURITooLong", 414),
  ],
  [
    "verifyRequest",
    "a 1 MiB form body of * (refused before decoding)",
    () =>
      verify(
        new Request("https://ecs.aliyuncs.com/", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `A=${"*".repeat(MIB)}`,
        }),
      ),
    refused("RequestEntityTooLarge", 413),
  ],
  [
    "verifyRequest",
    "a JSON body on a POST",
    () =>
      verify(
        new Request(signedUrl(), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        }),
      ),
    refused("UnsupportedMediaType", 415),
  ],
  [
    "verifyRequest",
    "a body on a GET",
    () =>
      verify(
        {
          url: signedUrl(),
          method: "GET",
          headers: new Headers(),
          body: new Blob(["a=1"]).stream(),
        } as Any,
      ),
    refused("UnsupportedMediaType", 415),
  ],
  [
    "verifyRequest",
    "2 000 parameters",
    () => verify(new Request(`https://ecs.aliyuncs.com/?${"a&".repeat(2000)}`)),
    refused("TooManyParameters", 400),
  ],
  [
    "verifyRequest",
    "a parameter given twice",
    () => verify(new Request(`${signedUrl()}&Action=StopInstance`)),
    refused("InvalidParameter", 400),
  ],
  [
    "verifyRequest",
    "the format YAML",
    () => verify(new Request(withParam(signedUrl(), "Format", "YAML"))),
    refused("InvalidParameter", 400),
  ],
  [
    "verifyRequest",
    "no SignatureNonce",
    () => verify(new Request(withParam(signedUrl(), "SignatureNonce", null))),
    refused("MissingParameter", 400),
  ],
  [
    "verifyRequest",
    "SignatureMethod HMAC-SHA256",
    () => verify(new Request(withParam(signedUrl(), "SignatureMethod", "HMAC-SHA256"))),
    refused("IncompleteSignature", 400),
  ],
  [
    "verifyRequest",
    "a timestamp without a zone",
    () => verify(new Request(withParam(signedUrl(), "Timestamp", "2016-02-23T12%3A46%3A24"))),
    refused("InvalidTimeStamp.Format", 400),
  ],
  [
    "verifyRequest",
    "a timestamp 16 minutes old",
    () => verify(new Request(signedUrl()), { now: () => new Date(SIGNED_AT.getTime() + 960_000) }),
    refused("InvalidTimeStamp.Expired", 400),
  ],
  [
    "verifyRequest",
    "an unknown access key",
    () => verify(new Request(signedUrl()), { lookupSecret: () => undefined }),
    refused("InvalidAccessKeyId.NotFound", 404),
  ],
  [
    "verifyRequest",
    "a parameter changed after signing",
    () => verify(new Request(withParam(signedUrl({ Name: "a" }), "Name", "b"))),
    refused("SignatureDoesNotMatch", 400),
  ],
  ["verifyRequest", "a replay", async () => {
    const options = verifier();
    const url = signedUrl();
    assert.ok((await verifyRequest(new Request(url), options)).ok);
    return verifyRequest(new Request(url), options);
  }, refused("SignatureNonceUsed", 400)],
  ["verifyRequest", "a replay at the window's last millisecond", async () => {
    const store = new MemoryNonceStore();
    const url = signedUrl();
    assert.ok((await verify(new Request(url), { nonceStore: store, now: () => SIGNED_AT })).ok);
    return verify(new Request(url), {
      nonceStore: store,
      now: () => new Date(SIGNED_AT.getTime() + 900_000),
    });
  }, refused("SignatureNonceUsed", 400)],
  ["verifyRequest", "a key at its quota of nonces", async () => {
    const store = new MemoryNonceStore({ maxEntriesPerKey: 1 });
    assert.ok((await verify(new Request(signedUrl()), { nonceStore: store })).ok);
    return verify(new Request(signedUrl()), { nonceStore: store });
  }, refused("Throttling.User", 400)],
  [
    "verifyRequest",
    "a nonce store that fails (fails closed)",
    () =>
      verify(new Request(signedUrl()), {
        nonceStore: { add: () => Promise.reject(new Error("ECONNREFUSED")) },
      }),
    refused("ServiceUnavailable", 503),
  ],
  [
    "verifyRequest",
    "a Redis store whose server answers nonsense (fails closed)",
    () =>
      verify(new Request(signedUrl()), {
        nonceStore: new RedisNonceStore({ client: { sendCommand: () => Promise.resolve(42) } }),
      }),
    refused("ServiceUnavailable", 503),
  ],
  ["verifyRequest", "a V3 request with a changed header", () => {
    const signed = signRequestV3({
      ...CALL_SIGN,
      timestamp: SIGNED_AT,
      nonce: `catalogue-v3-${++nonces}`,
    });
    return verify(
      new Request(signed.url, { headers: { ...signed.headers, "x-acs-action": "StopInstance" } }),
    );
  }, refused("SignatureDoesNotMatch", 400)],
  ["verifyRequest", "a form POST with Content-Type in mixed case", () => {
    const signed = signRequest({
      ...CALL_SIGN,
      credentials: KEYS,
      method: "POST",
      timestamp: SIGNED_AT,
      nonce: `catalogue-${++nonces}`,
    });
    return verify(
      new Request(signed.url, {
        method: "POST",
        headers: { "content-type": "Application/X-WWW-Form-Urlencoded; Charset=UTF-8" },
        body: signed.body,
      }),
    );
  }, accepted("accepted: the media type is case-insensitive", (result) => assert.ok(result.ok))],
  [
    "verifyRequest",
    "parameters with +, %2B, spaces and emoji",
    () => verify(new Request(signedUrl({ Name: "a+b c😀", Other: "%2B" }))),
    accepted("the values arrive unmangled", (result) => {
      assert.ok(result.ok);
      assert.deepEqual(result.accepted.params, { Name: "a+b c😀", Other: "%2B" });
    }),
  ],

  // MemoryNonceStore, RedisNonceStore ------------------------------------------------------------
  [
    "MemoryNonceStore",
    "a record that is a revoked Proxy",
    () => new MemoryNonceStore().add(revoked()),
    typeError("invalid-option", "record"),
  ],
  [
    "MemoryNonceStore",
    "maxEntries of 0",
    () => new MemoryNonceStore({ maxEntries: 0 }),
    rangeError("invalid-option", "maxEntries"),
  ],
  [
    "MemoryNonceStore",
    "maxEntries of 1.5",
    () => new MemoryNonceStore({ maxEntries: 1.5 }),
    rangeError("invalid-option", "maxEntries"),
  ],
  [
    "MemoryNonceStore",
    "maxEntries as text",
    () => new MemoryNonceStore({ maxEntries: "10" as Any }),
    rangeError("invalid-option", "maxEntries"),
  ],
  [
    "MemoryNonceStore",
    "maxEntriesPerKey of NaN",
    () => new MemoryNonceStore({ maxEntriesPerKey: Number.NaN }),
    rangeError("invalid-option", "maxEntriesPerKey"),
  ],
  [
    "MemoryNonceStore",
    "an unknown option",
    () => new MemoryNonceStore({ maxEntry: 10 } as Any),
    typeError("invalid-option", "maxEntry"),
  ],
  [
    "MemoryNonceStore",
    "a record with an invalid Date",
    () =>
      new MemoryNonceStore().add({
        accessKeyId: "testid",
        nonce: "n",
        expiresAt: new Date(Number.NaN),
        now: SIGNED_AT,
      }),
    rangeError("invalid-option", "expiresAt"),
  ],
  [
    "MemoryNonceStore",
    "a nonce that is not text",
    () =>
      new MemoryNonceStore().add({
        accessKeyId: "testid",
        nonce: 1 as Any,
        expiresAt: VERIFIED_AT,
        now: SIGNED_AT,
      }),
    typeError("invalid-option", "nonce"),
  ],
  [
    "MemoryNonceStore",
    "one key at its quota",
    () => {
      const store = new MemoryNonceStore({ maxEntriesPerKey: 1 });
      const add = (accessKeyId: string, nonce: string) =>
        store.add({ accessKeyId, nonce, expiresAt: VERIFIED_AT, now: SIGNED_AT });
      return [add("a", "1"), add("a", "2"), add("b", "2"), add("a", "1")];
    },
    accepted(
      "that key refused, the others not",
      (results) => assert.deepEqual(results, ["recorded", "key-quota", "recorded", "used"]),
    ),
  ],
  [
    "RedisNonceStore",
    "no options",
    () => new RedisNonceStore(undefined as Any),
    typeError("invalid-option", "client"),
  ],
  [
    "RedisNonceStore",
    "a client without sendCommand",
    () => new RedisNonceStore({ client: { set: () => {} } as Any }),
    typeError("invalid-option", "client"),
  ],
  [
    "RedisNonceStore",
    "a key prefix that is a number",
    () => new RedisNonceStore({ client: REDIS, keyPrefix: 1 as Any }),
    typeError("invalid-option", "keyPrefix"),
  ],
  [
    "RedisNonceStore",
    "maxEntriesPerKey of 0",
    () => new RedisNonceStore({ client: REDIS, maxEntriesPerKey: 0 }),
    rangeError("invalid-option", "maxEntriesPerKey"),
  ],
  [
    "RedisNonceStore",
    "a timeout of -1",
    () => new RedisNonceStore({ client: REDIS, timeoutMs: -1 }),
    rangeError("invalid-option", "timeoutMs"),
  ],
  [
    "RedisNonceStore",
    "an unknown option",
    () => new RedisNonceStore({ client: REDIS, prefix: "x" } as Any),
    typeError("invalid-option", "prefix"),
  ],
  [
    "RedisNonceStore",
    "a nonce with a brace and a colon",
    async () => {
      const sent: unknown[][] = [];
      const store = new RedisNonceStore({
        client: { sendCommand: (args: unknown[]) => (sent.push(args), Promise.resolve("OK")) },
        maxEntriesPerKey: Infinity,
      });
      const result = await store.add({
        accessKeyId: "testid",
        nonce: "a}:{b",
        expiresAt: VERIFIED_AT,
        now: SIGNED_AT,
      });
      return { result, sent };
    },
    accepted("SET NX PX with the nonce as given", ({ result, sent }) => {
      assert.equal(result, "recorded");
      assert.deepEqual(sent, [["SET", "acs-rpc:nonce:{testid}:a}:{b", "1", "NX", "PX", "216000"]]);
    }),
  ],

  // credentials --------------------------------------------------------------------------------
  [
    "StaticProvider",
    "getCredentials() with a signal that is not an AbortSignal",
    () => new StaticProvider(KEYS).getCredentials({ signal: {} as Any }),
    typeError("invalid-option", "signal"),
  ],
  [
    "StaticProvider",
    "a clock that answers undefined",
    () =>
      new StaticProvider({ ...KEYS, expiration: new Date(0) }, { now: () => undefined as Any })
        .getCredentials(),
    typeError("invalid-option", "now"),
  ],
  [
    "ChainProvider",
    "getCredentials(null)",
    () => new ChainProvider([new StaticProvider(KEYS)]).getCredentials(null as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "RefreshingProvider",
    "getCredentials() with forceRefresh as text",
    () =>
      new RefreshingProvider({ fetchCredentials: () => Promise.resolve(KEYS) }).getCredentials({
        forceRefresh: "yes" as Any,
      }),
    typeError("invalid-option", "forceRefresh"),
  ],
  [
    "CredentialsError",
    "an unknown code",
    () => new CredentialsError("broken" as Any, { where: "here", reason: "why" }),
    typeError("invalid-option", "code"),
  ],
  [
    "CredentialsError",
    "no options",
    () => new CredentialsError("not-configured", undefined as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "CredentialsError",
    "an attempt without a code",
    () =>
      new CredentialsError("no-credentials", {
        where: "here",
        reason: "why",
        attempts: [{ provider: "p", where: "w", reason: "r" } as Any],
      }),
    typeError("invalid-option", "attempts[0]"),
  ],
  [
    "isJsonParam",
    "a revoked Proxy",
    () => isJsonParam(revoked()),
    accepted("false: a predicate never throws", (answer) => assert.equal(answer, false)),
  ],
  [
    "StaticProvider",
    "null",
    () => new StaticProvider(null as Any),
    typeError("invalid-credentials", "credentials"),
  ],
  [
    "StaticProvider",
    "a secret padded with a tab",
    () => new StaticProvider({ accessKeyId: "testid", accessKeySecret: `${SECRET}\t` }),
    typeError("invalid-credentials", "credentials.accessKeySecret"),
  ],
  [
    "StaticProvider",
    "an invalid expiration",
    () => new StaticProvider({ ...KEYS, expiration: new Date(Number.NaN) }),
    typeError("invalid-credentials", "credentials.expiration"),
  ],
  [
    "StaticProvider",
    "a revoked Proxy",
    () => new StaticProvider(revoked()),
    typeError("invalid-credentials", "credentials"),
  ],
  [
    "StaticProvider",
    "expired credentials",
    () => new StaticProvider({ ...KEYS, expiration: new Date(0) }).getCredentials(),
    credentialsError("expired-credentials"),
  ],
  [
    "StaticProvider",
    "the misspelt option sorce",
    () => new StaticProvider(KEYS, { sorce: "mine" } as Any),
    typeError("invalid-option", "sorce"),
  ],
  [
    "StaticProvider",
    "a secret getter that changes on each read",
    () => {
      let reads = 0;
      const provider = new StaticProvider({
        accessKeyId: "testid",
        get accessKeySecret() {
          return ++reads === 1 ? SECRET : ` ${SECRET}`;
        },
      });
      return provider.getCredentials();
    },
    accepted(
      "the secret it checked is the secret it keeps",
      (credentials) => assert.equal(credentials.accessKeySecret, SECRET),
    ),
  ],
  [
    "EnvironmentProvider",
    "no variables",
    () => new EnvironmentProvider({ env: NO_ENV }).getCredentials(),
    credentialsError("not-configured"),
  ],
  [
    "EnvironmentProvider",
    "an id without a secret",
    () =>
      new EnvironmentProvider({ env: envOf({ ALIBABA_CLOUD_ACCESS_KEY_ID: "testid" }) })
        .getCredentials(),
    credentialsError("invalid-config"),
  ],
  [
    "EnvironmentProvider",
    "a padded secret",
    () =>
      new EnvironmentProvider({
        env: envOf({ ...ENV_KEYS, ALIBABA_CLOUD_ACCESS_KEY_SECRET: `${SECRET} ` }),
      }).getCredentials(),
    credentialsError("invalid-config"),
  ],
  [
    "EnvironmentProvider",
    "an environment that refuses access",
    () =>
      new EnvironmentProvider({
        env: () => {
          throw Object.assign(new Error("Requires env access"), { name: "NotCapable" });
        },
      }).getCredentials(),
    credentialsError("unsupported-runtime"),
  ],
  [
    "EnvironmentProvider",
    "env that is not a function",
    () => new EnvironmentProvider({ env: "x" as Any }),
    typeError("invalid-option", "env"),
  ],
  [
    "EnvironmentProvider",
    "the misspelt option enviroment",
    () => new EnvironmentProvider({ enviroment: NO_ENV } as Any),
    typeError("invalid-option", "enviroment"),
  ],
  [
    "CliProfileProvider",
    "no config file",
    () => new CliProfileProvider(NOWHERE).getCredentials(),
    credentialsError("not-configured"),
  ],
  [
    "CliProfileProvider",
    "the misspelt option profil",
    () => new CliProfileProvider({ ...NOWHERE, profil: "second" } as Any),
    typeError("invalid-option", "profil"),
  ],
  [
    "CliProfileProvider",
    "a config file that is not JSON",
    () =>
      new CliProfileProvider({
        ...NOWHERE,
        readTextFile: filesOf({ [`${HOME}/.aliyun/config.json`]: `{"a": ${SECRET}` }),
      }).getCredentials(),
    credentialsError("invalid-config"),
  ],
  ["CliProfileProvider", "a profile that does not exist", () =>
    new CliProfileProvider({
      ...NOWHERE,
      profile: "nope",
      readTextFile: filesOf({
        [`${HOME}/.aliyun/config.json`]: JSON.stringify({
          current: "default",
          profiles: [{
            name: "default",
            mode: "AK",
            access_key_id: "a",
            access_key_secret: SECRET,
          }],
        }),
      }),
    }).getCredentials(), credentialsError("invalid-config")],
  ["CliProfileProvider", "an unsupported mode", () =>
    new CliProfileProvider({
      ...NOWHERE,
      readTextFile: filesOf({
        [`${HOME}/.aliyun/config.json`]: JSON.stringify({
          current: "default",
          profiles: [{ name: "default", mode: "Magic" }],
        }),
      }),
    }).getCredentials(), credentialsError("invalid-config")],
  [
    "IniProfileProvider",
    "no credentials file",
    () => new IniProfileProvider(NOWHERE).getCredentials(),
    credentialsError("not-configured"),
  ],
  [
    "IniProfileProvider",
    "the misspelt option profil",
    () => new IniProfileProvider({ ...NOWHERE, profil: "second" } as Any),
    typeError("invalid-option", "profil"),
  ],
  [
    "IniProfileProvider",
    "a profile without a secret",
    () =>
      new IniProfileProvider({
        ...NOWHERE,
        readTextFile: filesOf({
          [`${HOME}/.alibabacloud/credentials`]:
            "[default]\ntype = access_key\naccess_key_id = a\n",
        }),
      }).getCredentials(),
    credentialsError("invalid-config"),
  ],
  [
    "IniProfileProvider",
    "a # after a value (a comment, as the official SDK's INI parser reads it)",
    () =>
      new IniProfileProvider({
        ...NOWHERE,
        readTextFile: filesOf({
          [`${HOME}/.alibabacloud/credentials`]:
            `[default]\ntype = access_key\naccess_key_id = a\naccess_key_secret = ${SECRET}#x\n`,
        }),
      }).getCredentials(),
    accepted(
      "the value before the comment",
      (credentials) => assert.equal(credentials.accessKeySecret, SECRET),
    ),
  ],
  [
    "EcsRamRoleProvider",
    "an endpoint with a path",
    () => new EcsRamRoleProvider({ endpoint: "http://100.100.100.200/latest" }),
    rangeError("invalid-option", "endpoint"),
  ],
  [
    "EcsRamRoleProvider",
    "a token TTL of 0",
    () => new EcsRamRoleProvider({ tokenTtlSeconds: 0 }),
    rangeError("invalid-option", "tokenTtlSeconds"),
  ],
  [
    "EcsRamRoleProvider",
    "the misspelt option timeoutMS",
    () => new EcsRamRoleProvider({ timeoutMS: 5_000 } as Any),
    typeError("invalid-option", "timeoutMS"),
  ],
  [
    "EcsRamRoleProvider",
    "metadataEndpoint, an option of the default chain, not of this provider",
    () => new EcsRamRoleProvider({ metadataEndpoint: "http://127.0.0.1:1" } as Any),
    typeError("invalid-option", "metadataEndpoint"),
  ],
  [
    "EcsRamRoleProvider",
    "disabled by the environment",
    () =>
      new EcsRamRoleProvider({ env: envOf({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" }) })
        .getCredentials(),
    credentialsError("not-configured"),
  ],
  [
    "EcsRamRoleProvider",
    "an unreachable metadata service",
    () =>
      new EcsRamRoleProvider({ env: NO_ENV, roleName: "r", fetch: unreachable, retryDelayMs: 0 })
        .getCredentials(),
    credentialsError("request-failed"),
  ],
  [
    "AssumeRoleProvider",
    "no options",
    () => new AssumeRoleProvider(undefined as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "AssumeRoleProvider",
    "no role ARN",
    () => new AssumeRoleProvider({ source: KEYS } as Any),
    typeError("invalid-option", "roleArn"),
  ],
  [
    "AssumeRoleProvider",
    "a duration of 10 s",
    () =>
      new AssumeRoleProvider({ source: KEYS, roleArn: "acs:ram::1:role/r", durationSeconds: 10 }),
    rangeError("invalid-option", "durationSeconds"),
  ],
  [
    "AssumeRoleProvider",
    "an unknown STS region",
    () =>
      new AssumeRoleProvider({ source: KEYS, roleArn: "acs:ram::1:role/r", stsRegionId: "cn/x" }),
    rangeError("invalid-option", "stsRegionId"),
  ],
  [
    "AssumeRoleProvider",
    "the misspelt option stsRegionID",
    () =>
      new AssumeRoleProvider(
        { source: KEYS, roleArn: "acs:ram::1:role/r", stsRegionID: "cn-shanghai" } as Any,
      ),
    typeError("invalid-option", "stsRegionID"),
  ],
  [
    "AssumeRoleProvider",
    "an unknown option key of 1 MiB",
    () =>
      new AssumeRoleProvider({ source: KEYS, roleArn: "acs:ram::1:role/r", [BIG_KEY]: 1 } as Any),
    typeError("invalid-option", BIG_KEY.slice(0, 64)),
  ],
  [
    "AssumeRoleProvider",
    "a plain-HTTP STS endpoint that is not this machine",
    () =>
      new AssumeRoleProvider({
        source: KEYS,
        roleArn: "acs:ram::1:role/r",
        stsEndpoint: "http://sts.aliyuncs.com",
      }),
    typeError("insecure-protocol", "stsEndpoint"),
  ],
  ["AssumeRoleProvider", "STS refusing the role", () =>
    new AssumeRoleProvider({
      source: KEYS,
      roleArn: "acs:ram::1:role/r",
      fetch: answering({ Code: "NoPermission", Message: "no" }, 403),
      retry: { maxAttempts: 1 },
    }).getCredentials(), credentialsError("request-failed")],
  [
    "OidcRoleProvider",
    "nothing configured",
    () => new OidcRoleProvider({ env: NO_ENV }).getCredentials(),
    credentialsError("not-configured"),
  ],
  [
    "OidcRoleProvider",
    "the misspelt option oidcTokenPath",
    () => new OidcRoleProvider({ env: NO_ENV, oidcTokenPath: "/var/token" } as Any),
    typeError("invalid-option", "oidcTokenPath"),
  ],
  ["OidcRoleProvider", "a token file that cannot be read", () =>
    new OidcRoleProvider({
      env: NO_ENV,
      roleArn: "acs:ram::1:role/r",
      oidcProviderArn: "acs:ram::1:oidc-provider/p",
      oidcTokenFile: "/var/token",
      readTextFile: () => Promise.reject(Object.assign(new Error("EACCES"), { code: "EACCES" })),
    }).getCredentials(), credentialsError("invalid-config")],
  [
    "CredentialsUriProvider",
    "an ftp:// URI",
    () => new CredentialsUriProvider({ uri: "ftp://x/creds" }),
    typeError("invalid-option", "uri"),
  ],
  [
    "CredentialsUriProvider",
    "a timeout of 0",
    () => new CredentialsUriProvider({ uri: "http://127.0.0.1/c", timeoutMs: 0 }),
    rangeError("invalid-option", "timeoutMs"),
  ],
  [
    "CredentialsUriProvider",
    "the misspelt option url",
    () => new CredentialsUriProvider({ url: "http://127.0.0.1/c" } as Any),
    typeError("invalid-option", "url"),
  ],
  [
    "CredentialsUriProvider",
    "no URI",
    () => new CredentialsUriProvider({ env: NO_ENV }).getCredentials(),
    credentialsError("not-configured"),
  ],
  ["CredentialsUriProvider", "an answer without a secret", () =>
    new CredentialsUriProvider({
      uri: "http://127.0.0.1/c",
      fetch: answering({
        Code: "Success",
        AccessKeyId: "a",
        SecurityToken: TOKEN,
        Expiration: "2099-01-01T00:00:00Z",
      }),
    }).getCredentials(), credentialsError("request-failed")],
  [
    "RefreshingProvider",
    "no fetchCredentials",
    () => new RefreshingProvider({} as Any),
    typeError("invalid-option", "fetchCredentials"),
  ],
  [
    "RefreshingProvider",
    "a negative margin",
    () =>
      new RefreshingProvider({
        fetchCredentials: () => Promise.resolve(KEYS),
        refreshMarginMs: -1,
      }),
    rangeError("invalid-option", "refreshMarginMs"),
  ],
  [
    "RefreshingProvider",
    "the misspelt option refreshMarginMS",
    () =>
      new RefreshingProvider({
        fetchCredentials: () => Promise.resolve(KEYS),
        refreshMarginMS: 60_000,
      } as Any),
    typeError("invalid-option", "refreshMarginMS"),
  ],
  [
    "RefreshingProvider",
    "credentials about to expire",
    () =>
      new RefreshingProvider({
        fetchCredentials: () =>
          Promise.resolve({ ...KEYS, expiration: new Date(Date.now() + 1000) }),
      }).getCredentials(),
    credentialsError("expired-credentials"),
  ],
  [
    "isCredentialsProvider",
    "a revoked Proxy",
    () => isCredentialsProvider(revoked()),
    accepted("false: a predicate never throws", (answer) => assert.equal(answer, false)),
  ],
  [
    "ChainProvider",
    "providers that are a string",
    () => new ChainProvider("x" as Any),
    typeError("invalid-option", "providers"),
  ],
  [
    "ChainProvider",
    "a provider that is a number",
    () => new ChainProvider([1 as Any]),
    typeError("invalid-option", "providers[0]"),
  ],
  [
    "ChainProvider",
    "the misspelt option nmae",
    () => new ChainProvider([new StaticProvider(KEYS)], { nmae: "mine" } as Any),
    typeError("invalid-option", "nmae"),
  ],
  [
    "ChainProvider",
    "no provider with credentials",
    () => new ChainProvider([new EnvironmentProvider({ env: NO_ENV })]).getCredentials(),
    credentialsError("no-credentials"),
  ],
  [
    "defaultChain",
    "nothing configured anywhere",
    () =>
      defaultChain({ ...NOWHERE, env: envOf({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" }) })
        .getCredentials(),
    credentialsError("no-credentials"),
  ],
  [
    "defaultChain",
    "options that are a string",
    () => defaultChain("x" as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "defaultChain",
    "the misspelt option metadataTimeoutMS",
    () => defaultChain({ ...NOWHERE, metadataTimeoutMS: 200 } as Any),
    typeError("invalid-option", "metadataTimeoutMS"),
  ],
  [
    "defaultChain",
    "profile, an option of the profile providers, not of the chain",
    () => defaultChain({ ...NOWHERE, profile: "second" } as Any),
    typeError("invalid-option", "profile"),
  ],
  [
    "defaultChain",
    "an unknown option key of 1 MiB",
    () => defaultChain({ ...NOWHERE, [BIG_KEY]: 1 } as Any),
    typeError("invalid-option", BIG_KEY.slice(0, 64)),
  ],
  [
    "defaultChain",
    "a secret in the environment and a broken config file",
    () =>
      defaultChain({
        ...NOWHERE,
        env: envOf({ ...ENV_KEYS }),
        readTextFile: filesOf({ [`${HOME}/.aliyun/config.json`]: "{" }),
      }).getCredentials(),
    accepted("the environment's, first in the chain", (credentials) => {
      assert.equal(credentials.accessKeySecret, SECRET);
      assert.equal(credentials.provider, "environment");
    }),
  ],

  // startTestServer --------------------------------------------------------------------------
  [
    "withTestServer",
    "a body that is not a function (no server started)",
    () => withTestServer({}, "run" as Any),
    typeError("invalid-option", "body"),
  ],
  [
    "startFakeSts",
    "null options",
    () => startFakeSts(null as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "startFakeSts",
    "an unknown option",
    () => startFakeSts({ roleArns: [] } as Any),
    typeError("invalid-option", "roleArns"),
  ],
  [
    "startFakeMetadata",
    "port -1",
    () => startFakeMetadata({ port: -1 }),
    rangeError("invalid-option", "port"),
  ],
  [
    "startTestServer",
    "credentials that are a revoked Proxy",
    () => startTestServer({ credentials: revoked() }),
    typeError("invalid-credentials", "credentials"),
  ],
  [
    "startTestServer",
    "handlers that are a revoked Proxy",
    () => startTestServer({ handlers: revoked() }),
    typeError("invalid-option", "handlers"),
  ],
  [
    "startTestServer",
    "options that are a string",
    () => startTestServer("x" as Any),
    typeError("invalid-option", "options"),
  ],
  [
    "startTestServer",
    "port -1",
    () => startTestServer({ port: -1 }),
    rangeError("invalid-option", "port"),
  ],
  [
    "startTestServer",
    "port 65536",
    () => startTestServer({ port: 65_536 }),
    rangeError("invalid-option", "port"),
  ],
  [
    "startTestServer",
    "1.5 instances",
    () => startTestServer({ instances: 1.5 }),
    rangeError("invalid-option", "instances"),
  ],
  [
    "startTestServer",
    "a handler that is not a function",
    () => startTestServer({ handlers: { DescribeVpcs: "x" as Any } }),
    typeError("invalid-option", "handlers.DescribeVpcs"),
  ],
  [
    "startTestServer",
    "credentials without a secret",
    () => startTestServer({ credentials: [{ accessKeyId: "a" } as Any] }),
    typeError("invalid-credentials", "credentials[0].accessKeySecret"),
  ],
  [
    "startTestServer",
    "now that is not a function",
    () => startTestServer({ now: new Date() as Any }),
    typeError("invalid-option", "now"),
  ],
  [
    "startTestServer",
    "a nonce store without add()",
    () => startTestServer({ nonceStore: {} as Any }),
    typeError("invalid-option", "nonceStore"),
  ],
  [
    "startTestServer",
    "the misspelt option Port",
    () => startTestServer({ Port: 8080 } as Any),
    typeError("invalid-option", "Port"),
  ],
  [
    "startTestServer",
    "no options",
    async () => {
      const server = await startTestServer();
      try {
        const answer = await call({
          ...CALL,
          endpoint: server.origin,
          fetch: undefined,
          userAgent: false,
          credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
        });
        return { origin: server.origin, answer };
      } finally {
        await server.close();
      }
    },
    accepted("listens on 127.0.0.1 and verifies the documentation's keys", ({ origin, answer }) => {
      assert.match(origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(Array.isArray(answer.Regions.Region));
    }),
  ],
  ["startTestServer", "failNext() with an unknown kind", async () => {
    const server = await startTestServer();
    try {
      server.failNext("meltdown" as Any);
    } finally {
      await server.close();
    }
  }, rangeError("invalid-option", "kind")],

  // the command line: main(args, io) ----------------------------------------------------------
  [
    "main",
    "args that are one string",
    () => main("sign --demo" as Any, { stdout: () => {}, stderr: () => {}, env: () => undefined }),
    typeError("invalid-option", "args"),
  ],
  [
    "main",
    "a number among the args",
    () => main(["sign", 5] as Any, { stdout: () => {}, stderr: () => {}, env: () => undefined }),
    typeError("invalid-option", "args[1]"),
  ],
  [
    "main",
    "io without stderr",
    () => main(["regions"], { stdout: () => {}, env: () => undefined } as Any),
    typeError("invalid-option", "io.stderr"),
  ],
  ["main", "no arguments", () => cli([]), exit(2, /^Usage: acs-rpc <command>/)],
  [
    "main",
    "an unknown command",
    () => cli(["signn"]),
    exit(2, /^Error: Cannot run: unknown command "signn"$/),
  ],
  [
    "main",
    "an option before the command",
    () => cli(["--demo", "sign"]),
    exit(2, /^Error: Cannot run: unknown option "--demo"/),
  ],
  [
    "main",
    "an unknown option",
    () => cli(["sign", "--regoin", "cn-hangzhou", "DescribeRegions"]),
    exit(2, /^Error: Cannot parse arguments: unknown option "--regoin"$/),
  ],
  [
    "main",
    "an option given twice",
    () => cli(["sign", "--demo", "--demo"]),
    exit(2, /given twice/),
  ],
  [
    "main",
    "--nonce without its value",
    () => cli(["sign", "--demo", "--nonce", "--json"]),
    exit(2, /"--nonce" needs a value/),
  ],
  [
    "main",
    "--version after a command (the API version is --api-version)",
    () => cli(["sign", "--demo", "--version", "2014-05-26"]),
    exit(2, /--api-version/),
  ],
  [
    "main",
    "--timestamp 2016-02-30T00:00:00Z (no such day)",
    () => cli(["sign", "--demo", "--timestamp", "2016-02-30T00:00:00Z"]),
    exit(2, /2016-02-30 is not a date in the calendar/),
  ],
  [
    "main",
    "--timestamp without a zone",
    () => cli(["sign", "--demo", "--timestamp", "2016-02-23T12:46:24"]),
    exit(2, /ISO 8601/),
  ],
  [
    "main",
    "--timestamp in the year 10000",
    () => cli(["sign", "--demo", "--timestamp", "+010000-01-01T00:00:00Z"]),
    exit(2, /--timestamp/),
  ],
  [
    "main",
    "--method PUT",
    () => cli(["sign", "--demo", "--method", "PUT"]),
    exit(2, /expected GET or POST/),
  ],
  [
    "main",
    "--format YAML",
    () => cli(["call", "--demo", "--format", "YAML", "DescribeRegions"]),
    exit(2, /expected JSON or XML/),
  ],
  [
    "main",
    "a parameter without =",
    () => cli(["sign", "--demo", "DescribeRegions", "RegionId"]),
    exit(2, /expected Name=value/),
  ],
  [
    "main",
    "a JSON parameter that is not JSON",
    () => cli(["sign", "--demo", "RunInstances", "Tag:={"]),
    exit(2, /is not JSON/),
  ],
  [
    "main",
    "--vpc without --region",
    () => cli(["sign", "--demo", "--vpc"]),
    exit(2, /"--vpc" without "--region"/),
  ],
  [
    "main",
    "a misspelt region",
    () => cli(["sign", "--demo", "--region", "cn-hangzou"]),
    exit(2, /cn-hangzou/),
  ],
  [
    "main",
    "the endpoint 999.999.999.999",
    () => cli(["sign", "--demo", "--endpoint", "999.999.999.999"]),
    exit(2, /endpoint/),
  ],
  [
    "main",
    "a reserved parameter",
    () => cli(["sign", "--demo", "DescribeRegions", "Signature=x"]),
    exit(2, /Signature/),
  ],
  [
    "main",
    "a lone surrogate in a parameter",
    () => cli(["sign", "--demo", "DescribeRegions", "Name=\ud800"]),
    exit(2, /lone surrogate/),
  ],
  [
    "main",
    "--demo with --profile",
    () => cli(["sign", "--demo", "--profile", "p"]),
    exit(2, /"--profile" with "--demo"/),
  ],
  [
    "main",
    "--format with --v3",
    () => cli(["sign", "--demo", "--v3", "--format", "JSON"]),
    exit(2, /signature V3 has no Format/),
  ],
  ["main", "sign without an action", () => cli(["sign"]), exit(2, /the Action is missing/)],
  [
    "main",
    "regions with an argument",
    () => cli(["regions", "cn-hangzhou"]),
    exit(2, /unexpected argument "cn-hangzhou"/),
  ],
  [
    "main",
    "help for an unknown command",
    () => cli(["help", "fly"]),
    exit(2, /unknown command "fly"/),
  ],
  [
    "main",
    "no credentials anywhere",
    () => cli(["sign", "DescribeRegions"]),
    exit(1, /^Error: Cannot get credentials from/),
  ],
  [
    "main",
    "a padded secret in the environment",
    () =>
      cli(["sign", "DescribeRegions"], {
        ...ENV_KEYS,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: ` ${SECRET}`,
      }),
    exit(1, /^Error: Cannot get credentials/),
  ],
  [
    "main",
    "an API refusal",
    () =>
      cli(
        ["call", "--demo", "DescribeRegions"],
        {},
        answering({ Code: "InvalidParameter", Message: "bad", RequestId: "R-9" }, 400),
      ),
    exit(1, /^Error: InvalidParameter \(HTTP 400\): bad$/),
  ],
  [
    "main",
    "Deno refusing network access",
    () => cli(["call", "--demo", "DescribeRegions"], {}, denied),
    exit(
      2,
      /^Error: Cannot reach https:\/\/ecs\.aliyuncs\.com\/: the runtime denies network access/,
    ),
  ],
  [
    "main",
    "sign --demo",
    () => cli(["sign", "--demo"]),
    accepted("the documented signature in the URL", (run: CliRun) => {
      assert.equal(run.status, 0);
      assert.equal(new URL(run.stdout[0]!).searchParams.get("Signature"), DOC_SIGNATURE);
    }),
  ],
  [
    "main",
    "sign --json with a security token",
    () =>
      cli(["sign", "--json", "DescribeRegions"], {
        ...ENV_KEYS,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
      }),
    accepted("neither the secret nor the token in the output", (run: CliRun) => {
      assert.equal(run.status, 0);
      assert.match(run.stdout.join("\n"), /security-token-not-shown/);
    }),
  ],
];
