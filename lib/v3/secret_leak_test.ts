// No access key secret, security token or password may show in an error the
// V3 stages or signRequestV3 throw (their message, stack, causes, or what
// console.log prints of them), nor the secret in a signed request. Each case
// puts distinctive values where a careless message would quote them: the
// paths V3 added to those of signRequest (headers, the body, the token sent
// as a header, the access key id in the Authorization header).
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertHidden } from "../credentials/testdata/helpers.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { canonicalizeHeaders, hashPayload, signRequestV3, signV3 } from "./mod.ts";
import type { SignRequestV3Options } from "./mod.ts";

const SECRET = "Zq8-V3-SECRET-v3Lk";
const TOKEN = "CAIS-Zq8/V3TOKEN+v3Lk=";
const PASSWORD = "pw-Zq8-V3-PASSWORD";
const SECRETS = [SECRET, TOKEN, PASSWORD];

const OPTIONS: SignRequestV3Options = {
  action: "ResetPassword",
  endpoint: "ecs.cn-hangzhou.aliyuncs.com",
  credentials: { accessKeyId: "leakcheck", accessKeySecret: SECRET, securityToken: TOKEN },
  params: { InstanceId: "i-1", Password: PASSWORD },
  timestamp: new Date("2023-10-26T10:22:32Z"),
  nonce: "3156853299f313e23d1673dc12e1703d",
};

const isAcsError = (error: unknown) =>
  error instanceof AcsTypeError || error instanceof AcsRangeError;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected an error");
}

test("signRequestV3() shows the secret nowhere in a signed request", () => {
  for (const method of ["GET", "POST"] as const) {
    assertHidden(signRequestV3({ ...OPTIONS, method }), [SECRET], method);
  }
});

const withCredentials = (credentials: Record<string, unknown>): Partial<SignRequestV3Options> => ({
  credentials: { accessKeyId: "leakcheck", accessKeySecret: SECRET, ...credentials } as never,
});
const BAD: [string, Partial<SignRequestV3Options>][] = [
  ["a padded secret", withCredentials({ accessKeySecret: ` ${SECRET}` })],
  ["a secret with a lone surrogate", withCredentials({ accessKeySecret: `${SECRET}\ud800` })],
  ["a padded security token", withCredentials({ securityToken: `${TOKEN}\n` })],
  ["a security token with a control character", withCredentials({ securityToken: `${TOKEN}\0x` })],
  ["a security token with a non-ASCII character", withCredentials({ securityToken: `${TOKEN}é` })],
  ["a security token over plain HTTP", {
    ...withCredentials({ securityToken: TOKEN }),
    protocol: "http",
  }],
  ["an access key id with a comma", withCredentials({ accessKeyId: `${TOKEN},x` })],
  ["a password over plain HTTP", {
    protocol: "http",
    credentials: { accessKeyId: "id", accessKeySecret: SECRET },
  }],
  ["a password in JSON over plain HTTP", {
    protocol: "http",
    credentials: { accessKeyId: "id", accessKeySecret: SECRET },
    params: { Options: JSON.stringify({ Password: PASSWORD }) },
  }],
  ["the token as a header", { headers: { "x-acs-security-token": TOKEN } }],
  ["a header with a password and a control character", {
    headers: { "x-acs-password": `${PASSWORD}\u0001` },
  }],
  ["a header with a password and a non-ASCII character", {
    headers: { "x-acs-password": `${PASSWORD}\u00ff` },
  }],
  ["a header given twice", {
    headers: [["X-Acs-Password", PASSWORD], ["x-acs-password", PASSWORD]],
  }],
  ["a body with a lone surrogate", { method: "POST", body: `Password=${PASSWORD}\udc00` }],
  ["a body on a GET", { body: `Password=${PASSWORD}` }],
  ["a reserved parameter", { params: { SecurityToken: TOKEN, Password: PASSWORD } }],
];
for (const [what, override] of BAD) {
  test(`signRequestV3() keeps the secret, the token and a password out of the error for ${what}`, () => {
    const error = thrown(() => signRequestV3({ ...OPTIONS, ...override }));
    assert.ok(isAcsError(error), String(error));
    assertHidden(error, SECRETS, what);
  });
}

test("the V3 stages keep the secret, the token and a password out of their errors", () => {
  const cases: [string, () => unknown][] = [
    ["signV3() with a secret with a lone surrogate", () => signV3("x", `${SECRET}\ud800`)],
    ["signV3() with a string to sign with a lone surrogate", () => signV3("x\ud800", SECRET)],
    [
      "canonicalizeHeaders() with a token with a newline",
      () => canonicalizeHeaders({ "x-acs-security-token": `${TOKEN}\nx` }),
    ],
    ["hashPayload() with a lone surrogate", () => hashPayload(`${PASSWORD}\ud800`)],
  ];
  for (const [what, fn] of cases) {
    const error = thrown(fn);
    assert.ok(isAcsError(error), `${what}: ${error}`);
    assertHidden(error, SECRETS, what);
  }
});
