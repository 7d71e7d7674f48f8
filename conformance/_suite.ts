// The conformance suite's data model and checker: loading the case files,
// decoding typed text, and comparing an adapter's answer with a case's
// expectation. Shared by run.ts, tools/gen_cases.ts and the tests; it never
// imports the library under test.

/** The suite version written in `since` and sent in the handshake. */
export const SUITE_VERSION = "1.0.0";
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

/** Reads every case file, in group order. */
export async function loadCaseFiles(): Promise<CaseFile[]> {
  const files: CaseFile[] = [];
  for (const group of GROUPS) {
    const text = await Deno.readTextFile(new URL(`${group}.json`, CASES_DIR));
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
  let base = "";
  let query = text;
  if (isUrl) {
    const mark = text.indexOf("?");
    base = mark === -1 ? text : text.slice(0, mark);
    query = mark === -1 ? "" : text.slice(mark + 1);
  }
  const fields = query === "" ? [] : query.split("&");
  fields.sort();
  return `${base}${isUrl ? "?" : ""}${fields.join("&")}`;
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
 * Compares an answer with a case's expectation. The result is `pass`, `fail`
 * (first differing stage, both values), `skipped` or `crash` (an `internal`
 * answer); expected failures are applied later by {@linkcode applyExpectation}.
 */
export function check(testCase: Case, answer: Answer): Verdict {
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
  let compared = 0;
  for (const stage of stagesOf(testCase.operation)) {
    if (!(stage in answer.output) || !(stage in expected.output)) continue;
    compared++;
    const want = expected.output[stage];
    const got = answer.output[stage];
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

/** Describes a verdict in one line. */
export function describeVerdict(verdict: Verdict): string {
  switch (verdict.status) {
    case "fail":
    case "xfail": {
      const detail = verdict.stage === undefined
        ? ""
        : `${verdict.stage}: expected ${show(verdict.expected)}, got ${show(verdict.actual)}${
          verdict.mistake ? ` (the "${verdict.mistake}" mistake)` : ""
        }`;
      return verdict.status === "xfail"
        ? `expected failure (${verdict.reason})${detail ? ` — ${detail}` : ""}`
        : detail || (verdict.reason ?? "");
    }
    default:
      return verdict.reason ?? "";
  }
}
