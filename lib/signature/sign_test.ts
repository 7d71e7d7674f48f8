import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsTypeError } from "../errors/errors.ts";
import { sign } from "./sign.ts";

// The documentation's worked example: its string to sign and signature.
const DOC_STRING_TO_SIGN = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions" +
  "%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
  "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
  "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z" +
  "%26Version%3D2014-05-26";

test("sign() reproduces the documentation's worked example", () => {
  assert.equal(
    sign(DOC_STRING_TO_SIGN, "testsecret"),
    "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
  );
});

test("sign() keys the HMAC with the secret followed by &", () => {
  // RFC 2202 test case 2 (key "Jefe") must not come out: the key is "Jefe&".
  assert.notEqual(
    sign("what do ya want for nothing?", "Jefe"),
    "7/zfauXrL6LSdBbV8YTfnCWafHk=",
  );
  // printf 'msg' | openssl dgst -sha1 -hmac 'key&' -binary | base64
  assert.equal(sign("msg", "key"), "ud0qrVrB/dZmnDyyeDjg9dpaGcY=");
});

test("sign() encodes the secret and the message as UTF-8", () => {
  // openssl: printf '中' | openssl dgst -sha1 -hmac 'é&' -binary | base64
  assert.equal(sign("中", "é"), "M4y0kaEmpDRAnfduPblJ/il1bYw=");
});

const bad: [string, string, unknown, string, string][] = [
  [
    "an empty secret",
    "x",
    "",
    "invalid-credentials",
    "Cannot sign: the access key secret must be a non-empty string",
  ],
  [
    "a secret that is not a string",
    "x",
    42,
    "invalid-credentials",
    "Cannot sign: the access key secret must be a non-empty string",
  ],
  [
    "a secret with a lone surrogate",
    "x",
    "s\ud800cret",
    "invalid-credentials",
    "Cannot sign: the access key secret is not well-formed Unicode",
  ],
  [
    "a string to sign with a lone surrogate",
    "GET&\udc00",
    "testsecret",
    "invalid-unicode",
    "Cannot sign: the string to sign has a lone surrogate at index 4",
  ],
];
for (const [what, input, secret, code, message] of bad) {
  test(`sign() refuses ${what}`, () => {
    assert.throws(
      () => sign(input, secret as string),
      (error) =>
        error instanceof AcsTypeError && error.code === code &&
        error.message === message &&
        !(typeof secret === "string" && secret !== "" &&
          error.message.includes(secret)),
    );
  });
}
