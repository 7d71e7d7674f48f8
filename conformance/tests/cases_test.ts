// Validates every case file against conformance/schema/case-file.schema.json
// and checks what a schema cannot: unique ids, group prefixes, evidence that
// is honest about where an expectation comes from, features that match the
// typed values used, and at least 150 cases.

import { test } from "node:test";
import assert from "node:assert/strict";
import Ajv from "ajv";
import { GROUPS, loadCaseFiles, SUITE_VERSION } from "../_suite.ts";

const schema = JSON.parse(
  await Deno.readTextFile(new URL("../schema/case-file.schema.json", import.meta.url)),
);
// ajv is CommonJS: under Deno's npm interop the class may sit on .default.
type AjvClass = typeof Ajv.default;
const AjvClass: AjvClass = (Ajv as unknown as { default?: AjvClass }).default ??
  (Ajv as unknown as AjvClass);
// `format: date-time` is documentation here: ajv-formats is not a dependency.
const ajv = new AjvClass({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);
const files = await loadCaseFiles();
const cases = files.flatMap((file) => file.cases);

for (const file of files) {
  test(`cases/${file.group}.json matches the schema`, () => {
    const valid = validate(file);
    assert.ok(valid, ajv.errorsText(validate.errors, { separator: "\n" }));
    assert.equal(file.suite, SUITE_VERSION);
  });
}

test("case files: one per group, in group order", () => {
  assert.deepEqual(files.map((file) => file.group), [...GROUPS]);
});

/** The operation of a group's cases, where it is not the group's name. */
const OPERATION_OF: Readonly<Record<string, string>> = { v3: "sign-v3" };

test("case ids are unique and carry their file's group", () => {
  const seen = new Set<string>();
  for (const file of files) {
    for (const c of file.cases) {
      assert.ok(!seen.has(c.id), `duplicate id ${c.id}`);
      seen.add(c.id);
      assert.ok(c.id.startsWith(`${file.group}-`), `${c.id} is in ${file.group}.json`);
      if (file.group !== "error") {
        assert.equal(c.operation, OPERATION_OF[file.group] ?? file.group, c.id);
      }
    }
  }
});

test("the suite has at least 150 cases", () => {
  assert.ok(cases.length >= 150, `${cases.length} cases`);
});

test("every case says since when it exists, as a released suite version", () => {
  for (const c of cases) {
    assert.match(c.since, /^\d+\.\d+\.\d+$/, c.id);
    assert.ok(c.since <= SUITE_VERSION, `${c.id}: since ${c.since} is after ${SUITE_VERSION}`);
  }
});

test("every case has evidence: a rule, a reference, or agreeing implementations", () => {
  for (const c of cases) {
    const { rule, reference, implementations } = c.evidence;
    assert.ok(rule || reference || implementations?.length, `${c.id} has no evidence`);
    for (const name of implementations ?? []) {
      assert.ok(!name.startsWith("acs-rpc"), `${c.id}: acs-rpc cannot be its own evidence`);
    }
  }
});

test("error expectations rest on a rule or a reference", () => {
  for (const c of cases.filter((c) => "error" in c.expected)) {
    assert.ok(c.evidence.rule || c.evidence.reference, c.id);
  }
});

test("cases using the typed UTF-16 form declare the utf16-text feature", () => {
  for (const c of cases) {
    const typed = JSON.stringify(c.input).includes('"utf16"');
    assert.equal(typed, (c.features ?? []).includes("utf16-text"), c.id);
  }
});

test("the documentation's worked example and its TimeStamp erratum are in the suite", () => {
  const doc = cases.find((c) => c.id === "sign-doc-example");
  assert.ok(doc && "output" in doc.expected);
  assert.equal(doc.expected.output.signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  const erratum = cases.find((c) => c.id === "canonicalize-doc-erratum-timestamp-misspelled");
  assert.ok(erratum?.description.startsWith("ERRATUM"));
  assert.equal(erratum?.erratum?.signature, "CT9X0VtwR86fNWSnsc6v8YGOjuE=");
  assert.ok(cases.some((c) => c.id === "error-sign-reserved-timestamp-misspelled"));
});

test("the V3 documentation's worked example is in the suite, with at least 40 V3 cases", () => {
  const doc = cases.find((c) => c.id === "v3-doc-example");
  assert.ok(doc && "output" in doc.expected);
  assert.equal(
    doc.expected.output.stringToSign,
    "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
  );
  assert.equal(
    doc.expected.output.signature,
    "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
  );
  const v3 = cases.filter((c) => c.id.startsWith("v3-") && "output" in c.expected);
  assert.ok(v3.length >= 40, `${v3.length} V3 cases with an output`);
});

test("the classic mistakes each have a case that names them", () => {
  const named = new Set(cases.flatMap((c) => (c.mistakes ?? []).map((m) => m.name)));
  for (
    const mistake of [
      "plus-for-space",
      "unencoded-sub-delim",
      "lower-case-hex",
      "encoded-tilde",
      "milliseconds-in-timestamp",
      "unencoded-security-token",
    ]
  ) {
    assert.ok(named.has(mistake), mistake);
  }
});
