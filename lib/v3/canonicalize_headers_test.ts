import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsTypeError } from "../errors/mod.ts";
import { canonicalizeHeaders } from "./canonicalize_headers.ts";
import {
  DOC,
  DOC_CANONICAL_HEADERS,
  DOC_SIGNED_HEADERS,
  EMPTY_SHA256,
} from "./_test_doc_example.ts";

test("canonicalizeHeaders() reproduces the documentation's example", () => {
  const result = canonicalizeHeaders({
    "x-acs-version": DOC.version,
    "x-acs-signature-nonce": DOC.nonce,
    "x-acs-date": DOC.date,
    "x-acs-content-sha256": EMPTY_SHA256,
    "x-acs-action": DOC.action,
    host: DOC.host,
  });
  assert.equal(result.canonicalHeaders, DOC_CANONICAL_HEADERS);
  assert.equal(result.signedHeaders, DOC_SIGNED_HEADERS);
});

test("canonicalizeHeaders() signs host, content-type and x-acs-*, in lower case, and nothing else", () => {
  const result = canonicalizeHeaders(
    new Headers({
      Accept: "application/json",
      "User-Agent": "x",
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Acs-Custom": "v",
      Host: "ecs.aliyuncs.com",
    }),
  );
  assert.equal(result.signedHeaders, "content-type;host;x-acs-custom");
  assert.equal(
    result.canonicalHeaders,
    "content-type:application/x-www-form-urlencoded\nhost:ecs.aliyuncs.com\nx-acs-custom:v\n",
  );
});

test("canonicalizeHeaders() trims values of spaces and tabs but keeps inner white space", () => {
  const result = canonicalizeHeaders([["x-acs-note", " \t a  b\tc \t"], ["x-acs-empty", ""]]);
  assert.equal(result.canonicalHeaders, "x-acs-empty:\nx-acs-note:a  b\tc\n");
});

test("canonicalizeHeaders() gives empty stages for no signed header", () => {
  assert.deepEqual(canonicalizeHeaders({ accept: "*/*" }), {
    canonicalHeaders: "",
    signedHeaders: "",
  });
});

const bad: [string, unknown, string, string][] = [
  [
    "a name that is not a token",
    { "x-acs bad": "v" },
    "invalid-header",
    'Cannot canonicalize headers: header name "x-acs bad" is not an HTTP token (letters, digits and !#$%&\'*+-.^_`|~)',
  ],
  [
    "a value with a newline",
    { "x-acs-note": "a\nb" },
    "invalid-header",
    'Cannot canonicalize header "x-acs-note": control character U+000A at index 1',
  ],
  [
    "a non-ASCII value",
    { "x-acs-note": "测试" },
    "invalid-header",
    'Cannot canonicalize header "x-acs-note": non-ASCII character U+6D4B at index 0',
  ],
  [
    "a value that is not a string",
    { "x-acs-note": 1 },
    "invalid-header",
    'Cannot canonicalize header "x-acs-note": expected a string value, got number',
  ],
  [
    "a name given twice in different case",
    [["X-Acs-Note", "a"], ["x-acs-note", "b"]],
    "duplicate-parameter",
    'Cannot canonicalize header "x-acs-note": the name is given more than once',
  ],
  [
    "an entry that is not a pair",
    [["x-acs-note"]],
    "invalid-option",
    "Cannot canonicalize headers: entry 0 is not a [name, value] pair",
  ],
  [
    "headers that are not an object",
    "x-acs-note: a",
    "invalid-option",
    "Cannot canonicalize headers: expected an object, a Headers or name/value pairs",
  ],
];
for (const [what, input, code, message] of bad) {
  test(`canonicalizeHeaders() refuses ${what}`, () => {
    assert.throws(
      () => canonicalizeHeaders(input as Record<string, string>),
      (error) => error instanceof AcsTypeError && error.code === code && error.message === message,
    );
  });
}

test("canonicalizeHeaders() never quotes a header value in an error", () => {
  assert.throws(
    () => canonicalizeHeaders({ "x-acs-security-token": "secret-token\u0000" }),
    (error) => error instanceof AcsTypeError && !error.message.includes("secret-token"),
  );
});
