import { test } from "node:test";
import assert from "node:assert/strict";
import { redactSecrets, redactStringToSign, secretForms } from "./sensitive.ts";

test("secretForms() lists the raw, percent-, form- and double-encoded forms, upper and lower hex", () => {
  const forms = secretForms("a b*c/d");
  for (
    const form of [
      "a b*c/d",
      "a%20b%2Ac%2Fd",
      "a%20b*c%2Fd",
      "a+b*c%2Fd",
      "a%2520b%252Ac%252Fd",
      "a%2Bb*c%252Fd",
      "a%20b%2ac%2fd",
    ]
  ) {
    assert.ok(forms.includes(form), form);
  }
});

test("redactSecrets() replaces every form, longest first, and leaves short values alone", () => {
  const text = "q=a%2520b%252Ac and a+b*c and a b*c, not abc";
  assert.equal(
    redactSecrets(text, ["a b*c", "ab"]),
    "q=[redacted] and [redacted] and [redacted], not abc",
  );
});

test("redactStringToSign() hides a secret-bearing name that needed encoding, such as Admin Password", () => {
  const stringToSign = "GET&%2F&Admin%2520Password%3Dpw%2521%26InstanceId%3Di-1";
  assert.equal(
    redactStringToSign(stringToSign),
    "GET&%2F&Admin%2520Password%3D[redacted]%26InstanceId%3Di-1",
  );
});
