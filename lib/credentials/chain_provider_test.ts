import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsTypeError } from "../errors/mod.ts";
import { ChainProvider } from "./chain_provider.ts";
import { CredentialsError } from "./credentials_error.ts";
import { EnvironmentProvider } from "./environment_provider.ts";
import type { CredentialsProvider, ProvidedCredentials } from "./provider.ts";
import { envOf } from "./testdata/helpers.ts";

/** A provider the test switches between answering and failing, counting calls. */
function switchable(name: string, id: string) {
  const state = { on: true, calls: 0, gate: undefined as Promise<void> | undefined };
  const provider: CredentialsProvider = {
    name,
    getCredentials: async (): Promise<ProvidedCredentials> => {
      state.calls++;
      if (state.gate !== undefined) await state.gate;
      if (!state.on) {
        throw new CredentialsError("not-configured", {
          provider: name,
          where: `place ${name}`,
          reason: "off",
        });
      }
      return { accessKeyId: id, accessKeySecret: "s" };
    },
  };
  return { state, provider };
}

test("ChainProvider answers with the first provider that has credentials, naming it", async () => {
  const a = switchable("a", "A");
  const b = switchable("b", "B");
  a.state.on = false;
  const chain = new ChainProvider([a.provider, b.provider]);
  const credentials = await chain.getCredentials();
  assert.equal(credentials.accessKeyId, "B");
  assert.equal(credentials.provider, "b");
});

test("ChainProvider remembers nothing between calls: failures are not sticky, successes not exclusive", async () => {
  const a = switchable("a", "A");
  const b = switchable("b", "B");
  const chain = new ChainProvider([a.provider, b.provider]);
  a.state.on = false;
  b.state.on = false;
  await assert.rejects(chain.getCredentials(), CredentialsError);
  b.state.on = true;
  assert.equal((await chain.getCredentials()).accessKeyId, "B");
  a.state.on = true;
  assert.equal((await chain.getCredentials()).accessKeyId, "A");
  a.state.on = false;
  assert.equal((await chain.getCredentials()).accessKeyId, "B");
});

test("ChainProvider shares one walk among concurrent calls", async () => {
  const a = switchable("a", "A");
  let open!: () => void;
  a.state.gate = new Promise((resolve) => open = resolve);
  const chain = new ChainProvider([a.provider]);
  const calls = Array.from({ length: 3 }, () => chain.getCredentials());
  open();
  assert.deepEqual((await Promise.all(calls)).map((c) => c.accessKeyId), ["A", "A", "A"]);
  assert.equal(a.state.calls, 1);
  await chain.getCredentials();
  assert.equal(a.state.calls, 2);
});

test("ChainProvider lists every place it looked when none has credentials", async () => {
  const custom: CredentialsProvider = {
    getCredentials: () => Promise.reject(new Error("my vault is sealed")),
  };
  const chain = new ChainProvider(
    [new EnvironmentProvider({ env: envOf({}) }), custom],
    { name: "mine", where: "my chain" },
  );
  await assert.rejects(chain.getCredentials(), (error) => {
    assert.ok(error instanceof CredentialsError);
    assert.equal(error.code, "no-credentials");
    assert.equal(error.provider, "mine");
    assert.equal(
      error.message,
      [
        "Cannot get credentials from my chain: found none in the 2 places it looked:",
        "  1. environment variables (skipped): ALIBABA_CLOUD_ACCESS_KEY_ID is not set",
        "  2. providers[1] (failed): my vault is sealed",
      ].join("\n"),
    );
    assert.deepEqual(error.attempts.map((attempt) => [attempt.provider, attempt.code]), [
      ["environment", "not-configured"],
      ["providers[1]", "request-failed"],
    ]);
    return true;
  });
});

test("ChainProvider refuses anything but a non-empty list of providers", () => {
  for (
    const [providers, message] of [
      [[], 'Cannot build a chain: "providers" must be a non-empty array'],
      [
        [{ accessKeyId: "a", accessKeySecret: "b" }],
        "Cannot build a chain: providers[0] has no getCredentials method",
      ],
    ] as const
  ) {
    assert.throws(
      () => new ChainProvider(providers as unknown as CredentialsProvider[]),
      (error) => error instanceof AcsTypeError && error.message === message,
    );
  }
});

test("providers refuse host options of the wrong type when created, not at their first call", async () => {
  const { defaultChain } = await import("./default_chain.ts");
  const { CliProfileProvider } = await import("./cli_profile_provider.ts");
  const { AssumeRoleProvider } = await import("./assume_role_provider.ts");
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const cases: [() => unknown, string][] = [
    [() => new EnvironmentProvider({ env: "ALIBABA_CLOUD_ACCESS_KEY_ID" as never }), "env"],
    [() => new CliProfileProvider({ readTextFile: {} as never }), "readTextFile"],
    [() => new CliProfileProvider({ homeDir: 1 as never }), "homeDir"],
    [() => defaultChain("x" as never), "options"],
    [() => defaultChain({ fetch: "x" as never }), "fetch"],
    [() => new EnvironmentProvider(proxy), "options"],
    [() => new ChainProvider(proxy as never), "providers"],
    [() => new ChainProvider([new EnvironmentProvider()], { name: 1 as never }), "name"],
    [
      () =>
        new AssumeRoleProvider({
          source: { accessKeyId: "a", accessKeySecret: "b" },
          roleArn: "acs:ram::1:role/r",
          stsRegionId: "cn/x",
        }),
      "stsRegionId",
    ],
  ];
  for (const [create, parameter] of cases) {
    assert.throws(
      create,
      (error: unknown) =>
        (error instanceof AcsTypeError || error instanceof RangeError) &&
        (error as AcsTypeError).code === "invalid-option" &&
        (error as AcsTypeError).parameter === parameter,
      parameter,
    );
  }
});

test("getCredentials() refuses options of the wrong shape with coded errors, in every provider", async () => {
  const { StaticProvider } = await import("./static_provider.ts");
  const { RefreshingProvider } = await import("./refreshing_provider.ts");
  const { CliProfileProvider } = await import("./cli_profile_provider.ts");
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const keys = { accessKeyId: "testid", accessKeySecret: "testsecret" };
  const providers = [
    new StaticProvider(keys),
    new EnvironmentProvider({ env: envOf({}) }),
    new ChainProvider([new StaticProvider(keys)]),
    new RefreshingProvider({ fetchCredentials: () => Promise.resolve(keys) }),
    new CliProfileProvider({ env: envOf({}), homeDir: "/nowhere" }),
  ];
  const cases: [unknown, string][] = [
    [null, "options"],
    [proxy, "options"],
    [{ signal: {} }, "signal"],
    [{ signal: "abort" }, "signal"],
    [{ forceRefresh: "yes" }, "forceRefresh"],
  ];
  for (const provider of providers) {
    for (const [options, parameter] of cases) {
      await assert.rejects(
        provider.getCredentials(options as never),
        (error: unknown) =>
          error instanceof AcsTypeError && error.code === "invalid-option" &&
          error.parameter === parameter,
        `${provider.name}: ${parameter}`,
      );
    }
  }
});
