import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { CredentialsError } from "./credentials_error.ts";
import { EnvironmentProvider } from "./environment_provider.ts";
import { envOf } from "./testdata/helpers.ts";

const ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
const SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
const TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

test("EnvironmentProvider reads the access key and the security token", async () => {
  const provider = new EnvironmentProvider({
    env: envOf({ [ID]: "STS.id", [SECRET]: "s", [TOKEN]: "t" }),
  });
  const credentials = await provider.getCredentials();
  assert.deepEqual(credentials, {
    accessKeyId: "STS.id",
    accessKeySecret: "s",
    securityToken: "t",
    source: `environment variables ${ID}, ${SECRET} and ${TOKEN}`,
    provider: "environment",
  });
});

test("EnvironmentProvider tells a missing key from a broken one", async () => {
  const cases: [Record<string, string>, string, string][] = [
    [{}, "not-configured", `${ID} is not set`],
    [{ [ID]: "", [SECRET]: "s" }, "not-configured", `${ID} is not set`],
    [{ [ID]: "id" }, "invalid-config", `${SECRET} is not set`],
    [
      { [ID]: " id ", [SECRET]: "s" },
      "invalid-config",
      `${ID} has leading or trailing white space`,
    ],
    [
      { [ID]: "id", [SECRET]: "secret\n" },
      "invalid-config",
      `${SECRET} has leading or trailing white space`,
    ],
    [
      { [ID]: "id", [SECRET]: "s", [TOKEN]: " t" },
      "invalid-config",
      `${TOKEN} has leading or trailing white space`,
    ],
  ];
  for (const [variables, code, reason] of cases) {
    await assert.rejects(
      new EnvironmentProvider({ env: envOf(variables) }).getCredentials(),
      (error) =>
        error instanceof CredentialsError && error.code === code && error.reason === reason &&
        error.message === `Cannot get credentials from environment variables: ${reason}`,
    );
  }
});

test("EnvironmentProvider reads the process environment by default, at every call", async () => {
  const saved = [process.env[ID], process.env[SECRET], process.env[TOKEN]];
  try {
    delete process.env[TOKEN];
    process.env[ID] = "from-process";
    process.env[SECRET] = "s";
    const provider = new EnvironmentProvider();
    assert.equal((await provider.getCredentials()).accessKeyId, "from-process");
    process.env[ID] = "changed";
    assert.equal((await provider.getCredentials()).accessKeyId, "changed");
  } finally {
    [ID, SECRET, TOKEN].forEach((name, index) => {
      if (saved[index] === undefined) delete process.env[name];
      else process.env[name] = saved[index];
    });
  }
});

test("EnvironmentProvider turns an unreadable environment into unsupported-runtime", async () => {
  const provider = new EnvironmentProvider({
    env: () => {
      throw new TypeError('Requires env access to "ALIBABA_CLOUD_ACCESS_KEY_ID"');
    },
  });
  await assert.rejects(
    provider.getCredentials(),
    (error) =>
      error instanceof CredentialsError && error.code === "unsupported-runtime" &&
      /cannot read ALIBABA_CLOUD_ACCESS_KEY_ID: Requires env access/.test(error.message),
  );
});
