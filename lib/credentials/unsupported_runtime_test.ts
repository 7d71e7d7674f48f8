// Where there is no `process` (browsers, workers), the providers that need
// the environment or files fail with a coded error saying so, and the rest
// (fixed credentials, fetch-only providers given what they need) still work.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CliProfileProvider } from "./cli_profile_provider.ts";
import { CredentialsError } from "./credentials_error.ts";
import { CredentialsUriProvider } from "./credentials_uri_provider.ts";
import { defaultChain } from "./default_chain.ts";
import { EnvironmentProvider } from "./environment_provider.ts";
import { IniProfileProvider } from "./ini_profile_provider.ts";
import { StaticProvider } from "./static_provider.ts";
import { envOf } from "./testdata/helpers.ts";

/** Runs `fn` as if in a browser: no `process` global. */
async function withoutProcess(fn: () => Promise<void>): Promise<void> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "process");
  Object.defineProperty(globalThis, "process", {
    value: undefined,
    configurable: true,
    writable: true,
  });
  try {
    await fn();
  } finally {
    if (descriptor === undefined) delete (globalThis as { process?: unknown }).process;
    else Object.defineProperty(globalThis, "process", descriptor);
  }
}

test("providers that need the environment or files say so where there is no process", async () => {
  await withoutProcess(async () => {
    const cases: [string, Promise<unknown>, RegExp][] = [
      [
        "EnvironmentProvider",
        new EnvironmentProvider().getCredentials(),
        /this runtime has no environment variables/,
      ],
      [
        "CliProfileProvider",
        new CliProfileProvider().getCredentials(),
        /this runtime has no environment variables/,
      ],
      [
        "IniProfileProvider with env",
        new IniProfileProvider({ env: envOf({}), homeDir: "/home/x" }).getCredentials(),
        /this runtime has no file system/,
      ],
      [
        "CliProfileProvider without a home",
        new CliProfileProvider({ env: envOf({}) }).getCredentials(),
        /this runtime has no home directory/,
      ],
    ];
    for (const [what, promise, message] of cases) {
      await assert.rejects(promise, (error) => {
        assert.ok(error instanceof CredentialsError, what);
        assert.equal(error.code, "unsupported-runtime", what);
        assert.match(error.message, message, what);
        assert.match(
          error.message,
          /not in a browser or a worker, where the option must be passed/,
          what,
        );
        return true;
      });
    }
    const chain = defaultChain();
    await assert.rejects(chain.getCredentials(), (error) => {
      assert.ok(error instanceof CredentialsError);
      assert.deepEqual(
        error.attempts.map((attempt) => attempt.code),
        Array(6).fill("unsupported-runtime"),
      );
      return true;
    });
    assert.equal(
      (await new StaticProvider({ accessKeyId: "id", accessKeySecret: "s" }).getCredentials())
        .accessKeyId,
      "id",
    );
    const uri = new CredentialsUriProvider({
      uri: "https://creds.example/c",
      fetch: () =>
        Promise.resolve(
          Response.json({
            AccessKeyId: "STS.b",
            AccessKeySecret: "s",
            SecurityToken: "t",
            Expiration: "2999-01-01T00:00:00Z",
          }),
        ),
    });
    assert.equal((await uri.getCredentials()).accessKeyId, "STS.b");
  });
});
