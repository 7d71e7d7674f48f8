// The conformance suite's data model and checker: loading the case files,
// decoding typed text, and comparing an adapter's answer with a case's
// expectation. Shared by run.ts, tools/gen_cases.ts and the tests; it never
// imports the library under test.

/** The suite version written in `since` and sent in the handshake (see CHANGELOG.md). */
export const SUITE_VERSION = "1.1.0";
/** The adapter protocol version of PROTOCOL.md. */
export const PROTOCOL_VERSION = 1;

/** The operations of PROTOCOL.md section 3. */
export const OPERATIONS = [
  "encode",
  "canonicalize",
  "sign",
  "flatten",
  "endpoint",
  "sign-v3",
] as const;
/** One operation. */
export type Operation = typeof OPERATIONS[number];

/** The case groups, one file each under `cases/`. */
export const GROUPS = [
  "encode",
  "canonicalize",
  "sign",
  "flatten",
  "endpoint",
  "error",
  "v3",
] as const;
/** One group. */
export type Group = typeof GROUPS[number];

/**
 * The profiles, narrowest first: `core` is what the published signature rules
 * require of any signer; `strict` adds acs-rpc's own input validation
 * (reserved names, padded credentials, secrets over HTTP, …). A run of a
 * profile runs its cases and those of every profile before it.
 */
export const PROFILES = ["core", "strict"] as const;
/** One profile. */
export type Profile = typeof PROFILES[number];

/** Whether a run of profile `run` includes the cases of profile `of`. */
export function profileIncludes(run: Profile, of: Profile): boolean {
  return PROFILES.indexOf(of) <= PROFILES.indexOf(run);
}

/** The stages of a `sign` answer, in the order they are compared. */
export const SIGN_STAGES = [
  "canonicalQuery",
  "stringToSign",
  "signature",
  "url",
  "body",
] as const;

/** The stages of a `sign-v3` answer (signature V3), in the order they are compared. */
export const SIGN_V3_STAGES = [
  "canonicalRequest",
  "stringToSign",
  "signature",
  "authorization",
  "headers",
  "url",
  "body",
] as const;

/** Text as a case writes it: a JSON string or the typed UTF-16 form. */
export type Text = string | { utf16: number[] };

/** Where an expectation comes from. */
export interface Evidence {
  /** The published rule the expectation is derived from by hand. */
  rule?: string;
  /** Independent implementations (name and version) that agree. */
  implementations?: string[];
  /** A reference data file the expectation is read from. */
  reference?: string;
  /** Anything else a reader should know. */
  notes?: string;
}

/** A wrong answer users often give, kept so the runner can name it. */
export interface Mistake {
  /** Short name, such as `plus-for-space`. */
  name: string;
  /** The stage that differs and its wrong value. */
  stage: string;
  /** The wrong value. */
  value: unknown;
}

/** One case of a case file. */
export interface Case {
  id: string;
  description: string;
  since: string;
  operation: Operation;
  /** The profile the case belongs to. */
  profile: Profile;
  features?: string[];
  input: Record<string, unknown>;
  expected: { output: Record<string, unknown> } | { error: string };
  evidence: Evidence;
  mistakes?: Mistake[];
  erratum?: Record<string, string>;
}

/** A case file. */
export interface CaseFile {
  suite: string;
  group: Group;
  description: string;
  cases: Case[];
}

/** An adapter's answer to one case (PROTOCOL.md section 2). */
export type Answer =
  | { id: string; status: "ok"; output: Record<string, unknown> }
  | { id: string; status: "error"; code: string; message?: string }
  | { id: string; status: "skipped"; reason: string }
  | { id: string; status: "internal"; message: string };

/** The verdict on one case for one implementation. */
export type Status =
  | "pass"
  | "fail"
  | "xfail"
  | "unexpected-pass"
  | "skipped"
  | "crash"
  | "timeout";

/** A verdict with the detail a reader needs. */
export interface Verdict {
  status: Status;
  /** For `fail`: the first stage that differs. */
  stage?: string;
  expected?: unknown;
  actual?: unknown;
  /** For `skipped`, `crash`, `timeout`, `xfail`: why. */
  reason?: string;
  /** The known mistake the wrong value matches, if any. */
  mistake?: string;
}

const CASES_DIR = new URL("./cases/", import.meta.url);

/**
 * Reads a file of the suite by URL: from the disk for `file:`, with `fetch`
 * otherwise, so that the runner also works as a published module
 * (`jsr:@acs/rpc/conformance`, whose files are `https:` URLs).
 */
export async function readSuiteFile(url: URL): Promise<string> {
  if (url.protocol === "file:") return await Deno.readTextFile(url);
  const response = await fetch(url);
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`Cannot read ${url.href}: HTTP ${response.status}`);
  }
  return await response.text();
}

/** Reads every case file, in group order. */
export async function loadCaseFiles(): Promise<CaseFile[]> {
  const files: CaseFile[] = [];
  for (const group of GROUPS) {
    const text = await readSuiteFile(new URL(`${group}.json`, CASES_DIR));
    files.push(JSON.parse(text) as CaseFile);
  }
  return files;
}

/** Reads every case, in group order. */
export async function loadCases(): Promise<Case[]> {
  return (await loadCaseFiles()).flatMap((file) => file.cases);
}

/** Turns a case's `Text` into a JavaScript string. */
export function decodeText(text: Text): string {
  if (typeof text === "string") return text;
  return String.fromCharCode(...text.utf16);
}

/** The group a case belongs to, from its id prefix. */
export function groupOf(id: string): Group {
  const group = GROUPS.find((g) => id.startsWith(`${g}-`));
  if (group === undefined) throw new Error(`Case id "${id}" has no group`);
  return group;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Splits a URL or form body into its base and its sorted fields: the order
 * of query fields is not part of the contract (the server reads them as a
 * set, and the canonical query fixes the order that is signed).
 */
export function fieldsOf(text: string, isUrl: boolean): string {
  const { base, fields } = splitFields(text, isUrl);
  return `${base}${isUrl ? "?" : ""}${fields.join("&")}`;
}

/** A URL's base (scheme, host, path) and its query's fields, or a form body's fields; sorted. */
function splitFields(text: string, isUrl: boolean): { base: string; fields: string[] } {
  let base = "";
  let query = text;
  if (isUrl) {
    const mark = text.indexOf("?");
    base = mark === -1 ? text : text.slice(0, mark);
    query = mark === -1 ? "" : text.slice(mark + 1);
  }
  return { base, fields: query === "" ? [] : query.split("&").sort() };
}

function compareStage(
  stage: string,
  expected: unknown,
  actual: unknown,
): boolean {
  if (
    (stage === "url" || stage === "body") && typeof expected === "string" &&
    typeof actual === "string"
  ) {
    return fieldsOf(expected, stage === "url") ===
      fieldsOf(actual, stage === "url");
  }
  if (stage === "headers" && isRecord(expected) && isRecord(actual)) {
    // Every expected header, by lower-case name, with its value as HTTP reads
    // it (trimmed); other headers (user-agent, accept, host) may be sent too.
    const sent = new Map(
      Object.entries(actual).map(([name, value]) => [name.toLowerCase(), value]),
    );
    return Object.entries(expected).every(([name, value]) => {
      const got = sent.get(name);
      return typeof got === "string" && typeof value === "string" &&
        got.trim() === value.trim();
    });
  }
  if (stage === "pairs" && Array.isArray(expected) && Array.isArray(actual)) {
    const key = (pairs: unknown[]) => pairs.map((pair) => JSON.stringify(pair)).sort().join("\n");
    return key(expected) === key(actual);
  }
  return sameJson(expected, actual);
}

/** The stages compared for an operation, in order. */
export function stagesOf(operation: Operation): readonly string[] {
  switch (operation) {
    case "encode":
      return ["encoded"];
    case "canonicalize":
      return ["canonicalQuery"];
    case "sign":
      return SIGN_STAGES;
    case "flatten":
      return ["pairs"];
    case "endpoint":
      return ["host"];
    case "sign-v3":
      return SIGN_V3_STAGES;
  }
}

/** A refusal as reported: its code, and the implementation's message when it gave one. */
function refusal(answer: { code: string; message?: string }): string {
  return answer.message === undefined ? answer.code : `${answer.code} (${answer.message})`;
}

function fail(
  testCase: Case,
  stage: string,
  expected: unknown,
  actual: unknown,
): Verdict {
  const mistake = testCase.mistakes?.find((m) =>
    m.stage === stage && compareStage(stage, m.value, actual)
  );
  return mistake === undefined
    ? { status: "fail", stage, expected, actual }
    : { status: "fail", stage, expected, actual, mistake: mistake.name };
}

/**
 * Whether a `sign` case's `url` and `body` are compared as one set of fields:
 * in the `core` profile a POST may carry its fields in the URL query, in the
 * form body, or split between them (every generated Alibaba Cloud SDK sends
 * them in the query), as long as the same encoded fields travel once each.
 * The `strict` profile requires them in the body and the URL without a query.
 */
function relaxedPost(
  testCase: Case,
  profile: Profile,
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
): boolean {
  return profile === "core" && testCase.operation === "sign" &&
    testCase.input.method === "POST" &&
    "url" in actual && "body" in actual && typeof actual.url === "string" &&
    (typeof actual.body === "string" || actual.body === null) &&
    typeof expected.url === "string" && typeof expected.body === "string";
}

/**
 * Compares an answer with a case's expectation under a profile (`strict`, the
 * exact comparison, unless told otherwise). The result is `pass`, `fail`
 * (first differing stage, both values), `skipped` or `crash` (an `internal`
 * answer); expected failures are applied later by {@linkcode applyExpectation}.
 */
export function check(testCase: Case, answer: Answer, profile: Profile = "strict"): Verdict {
  if (answer.status === "skipped") {
    return { status: "skipped", reason: answer.reason };
  }
  if (answer.status === "internal") {
    return { status: "crash", reason: `adapter failed: ${answer.message}` };
  }
  const { expected } = testCase;
  if ("error" in expected) {
    if (answer.status === "error") {
      return answer.code === expected.error
        ? { status: "pass" }
        : fail(testCase, "error", expected.error, refusal(answer));
    }
    return fail(testCase, "error", expected.error, {
      output: answer.output,
    });
  }
  if (answer.status === "error") {
    return fail(testCase, "error", null, refusal(answer));
  }
  const relaxed = relaxedPost(testCase, profile, expected.output, answer.output);
  let compared = 0;
  for (const stage of stagesOf(testCase.operation)) {
    if (!(stage in answer.output) || !(stage in expected.output)) continue;
    compared++;
    const want = expected.output[stage];
    const got = answer.output[stage];
    if (relaxed && stage === "url") {
      if (splitFields(want as string, true).base !== splitFields(got as string, true).base) {
        return fail(testCase, stage, want, got);
      }
      continue;
    }
    if (relaxed && stage === "body") {
      const wantFields = splitFields(want as string, false).fields.join("&");
      const gotFields = [
        ...splitFields(answer.output.url as string, true).fields,
        ...(got === null ? [] : splitFields(got as string, false).fields),
      ].sort().join("&");
      if (wantFields !== gotFields) return fail(testCase, "url+body", wantFields, gotFields);
      continue;
    }
    if (!compareStage(stage, want, got)) {
      return fail(testCase, stage, want, got);
    }
  }
  if (compared === 0) {
    return {
      status: "fail",
      stage: "output",
      expected: expected.output,
      actual: answer.output,
      reason: "the answer has none of the expected stages",
    };
  }
  return { status: "pass" };
}

/** An expected-failures file: case id → reason. */
export type Expectations = Map<string, string>;

/**
 * Parses `expectations/<impl>.txt`: a case id and its reason per line. Only a
 * line that starts with `#` is a comment, so a reason may hold `#`
 * (`Real#sign`); a line without a reason, or an id listed twice, is refused.
 */
export function parseExpectations(text: string): Expectations {
  const entries: Expectations = new Map();
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const match = /^(\S+)\s+(\S.*)$/.exec(line);
    if (match === null) {
      throw new SyntaxError(`Cannot read expected failure on line ${index + 1}: no reason given`);
    }
    if (entries.has(match[1]!)) {
      throw new SyntaxError(
        `Cannot read expected failure on line ${index + 1}: "${match[1]}" is listed twice`,
      );
    }
    entries.set(match[1]!, match[2]!);
  });
  return entries;
}

/**
 * Applies an implementation's expected failures to a verdict. Only a wrong
 * answer can be expected: a crash or timeout is the adapter's fault and stays
 * a failure, and a listed case that passes is an unexpected pass. (A listed
 * case that is skipped is reported as a stale entry by the runner.)
 */
export function applyExpectation(
  verdict: Verdict,
  reason: string | undefined,
): Verdict {
  if (reason === undefined) return verdict;
  if (verdict.status === "pass") {
    return { status: "unexpected-pass", reason: `listed: ${reason}` };
  }
  if (verdict.status === "fail") return { ...verdict, status: "xfail", reason };
  return verdict;
}

/** Renders a value for a one-line report. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** Values at least this long get a pointer to their first difference. */
const LONG = 80;
/** The most characters of a differing stretch shown. */
const STRETCH = 40;
/** Characters of shared context shown around a difference that is an insertion. */
const CONTEXT = 10;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Where two long texts first differ: `at byte N: expected "…", got "…"`,
 * showing the differing stretch of each (widened with a little shared
 * context when one of them is empty), or `""` when both are short or equal.
 */
export function firstDifference(expected: string, actual: string): string {
  if (expected === actual || (expected.length < LONG && actual.length < LONG)) return "";
  let start = 0;
  while (start < expected.length && start < actual.length && expected[start] === actual[start]) {
    start++;
  }
  // Never split a surrogate pair.
  if (start > 0 && /[\uD800-\uDBFF]/.test(expected[start - 1]!)) start--;
  let end = 0;
  while (
    end < expected.length - start && end < actual.length - start &&
    expected[expected.length - 1 - end] === actual[actual.length - 1 - end]
  ) {
    end++;
  }
  const stretch = (text: string, widen: boolean): string => {
    const from = widen ? Math.max(0, start - CONTEXT) : start;
    const to = widen ? Math.min(text.length, text.length - end + CONTEXT) : text.length - end;
    let piece = text.slice(from, to);
    if (piece.length > STRETCH + 2 * CONTEXT) piece = `${piece.slice(0, STRETCH)}…`;
    return `${from > 0 && widen ? "…" : ""}${piece}${to < text.length && widen ? "…" : ""}`;
  };
  const widen = start === expected.length - end || start === actual.length - end;
  return `at byte ${utf8Length(expected.slice(0, start))}: expected ${
    JSON.stringify(stretch(expected, widen))
  }, got ${JSON.stringify(stretch(actual, widen))}`;
}

/** The texts two stage values are compared as, for {@linkcode firstDifference}. */
function comparedTexts(stage: string, expected: unknown, actual: unknown): [string, string] | null {
  if (typeof expected === "string" && typeof actual === "string") {
    return stage === "url" || stage === "body"
      ? [fieldsOf(expected, stage === "url"), fieldsOf(actual, stage === "url")]
      : [expected, actual];
  }
  if (typeof expected === "object" && typeof actual === "object" && stage !== "error") {
    return [JSON.stringify(expected) ?? "", JSON.stringify(actual) ?? ""];
  }
  return null;
}

/** Describes a verdict in one line. */
export function describeVerdict(verdict: Verdict): string {
  switch (verdict.status) {
    case "fail":
    case "xfail": {
      let detail = "";
      if (verdict.stage !== undefined) {
        const texts = comparedTexts(verdict.stage, verdict.expected, verdict.actual);
        const where = texts === null ? "" : firstDifference(...texts);
        const sorted = where !== "" && (verdict.stage === "url" || verdict.stage === "body")
          ? " (fields sorted)"
          : "";
        detail = `${verdict.stage}${sorted}: ${where === "" ? "" : `${where} — `}expected ${
          show(verdict.expected)
        }, got ${show(verdict.actual)}${
          verdict.mistake ? ` (the "${verdict.mistake}" mistake)` : ""
        }`;
      }
      return verdict.status === "xfail"
        ? `expected failure (${verdict.reason})${detail ? ` — ${detail}` : ""}`
        : detail || (verdict.reason ?? "");
    }
    default:
      return verdict.reason ?? "";
  }
}
