import { test } from "node:test";
import assert from "node:assert/strict";
import { startFakeSts } from "../testing/fake_sts.ts";
import { CredentialsError } from "./credentials_error.ts";
import { OidcRoleProvider } from "./oidc_role_provider.ts";
import { envOf, filesOf, TestClock } from "./testdata/helpers.ts";

const RRSA = {
  ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1234567890:role/pod-reader",
  ALIBABA_CLOUD_OIDC_PROVIDER_ARN: "acs:ram::1234567890:oidc-provider/ack-rrsa-c1",
  ALIBABA_CLOUD_OIDC_TOKEN_FILE: "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token",
};

test("OidcRoleProvider assumes the role of ACK RRSA's variables, sending the token in the body", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now, oidcTokens: ["token-1"] });
  try {
    const provider = new OidcRoleProvider({
      env: envOf({ ...RRSA, ALIBABA_CLOUD_ROLE_SESSION_NAME: "pod-7" }),
      readTextFile: filesOf({ [RRSA.ALIBABA_CLOUD_OIDC_TOKEN_FILE]: "token-1\n" }),
      stsEndpoint: sts.url,
      now: clock.now,
    });
    const credentials = await provider.getCredentials();
    assert.equal(
      sts.lookupSecret(credentials.accessKeyId, credentials.securityToken),
      credentials.accessKeySecret,
    );
    assert.equal(credentials.provider, "oidc-role");
    assert.match(
      credentials.source!,
      /^role acs:ram::1234567890:role\/pod-reader \(STS AssumeRoleWithOIDC at 127\.0\.0\.1:\d+, token file \/var\/run\/secrets\/ack\.alibabacloud\.com\/rrsa-tokens\/token\)$/,
    );
    assert.deepEqual(
      sts.requests.map((
        r,
      ) => [r.action, r.roleSessionName, r.durationSeconds, r.oidcTokenInUrl, r.accessKeyId]),
      [
        ["AssumeRoleWithOIDC", "pod-7", "3600", false, undefined],
      ],
    );
  } finally {
    await sts.close();
  }
});

test("OidcRoleProvider reads the token file again at each refresh", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now, oidcTokens: ["token-1", "token-2"] });
  try {
    const files = { [RRSA.ALIBABA_CLOUD_OIDC_TOKEN_FILE]: "token-1" };
    const provider = new OidcRoleProvider({
      env: envOf(RRSA),
      readTextFile: filesOf(files),
      stsEndpoint: sts.url,
      now: clock.now,
    });
    await provider.getCredentials();
    files[RRSA.ALIBABA_CLOUD_OIDC_TOKEN_FILE] = "token-2";
    clock.advance(30 * 60_000);
    await provider.getCredentials();
    assert.equal(sts.requests.length, 1);
    clock.advance(16 * 60_000);
    await provider.getCredentials();
    // A token the fake refuses is now in the file: only a provider that reads
    // the file again sends it (the first token would still be accepted).
    files[RRSA.ALIBABA_CLOUD_OIDC_TOKEN_FILE] = "token-3";
    await assert.rejects(
      provider.getCredentials({ forceRefresh: true }),
      /AuthenticationFail\.OIDCToken\.Invalid/,
    );
    assert.deepEqual(sts.requests.map((r) => r.status), [200, 200, 400]);
  } finally {
    await sts.close();
  }
});

test("OidcRoleProvider is not configured until all three settings are there", async () => {
  const cases: [Record<string, string>, string][] = [
    [
      {},
      "ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set",
    ],
    [
      { ALIBABA_CLOUD_ROLE_ARN: "r", ALIBABA_CLOUD_OIDC_PROVIDER_ARN: "p" },
      "ALIBABA_CLOUD_OIDC_TOKEN_FILE is not set",
    ],
    [
      { ALIBABA_CLOUD_ROLE_ARN: "r" },
      "ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set",
    ],
  ];
  for (const [variables, reason] of cases) {
    await assert.rejects(
      new OidcRoleProvider({
        env: envOf(variables),
        fetch: () => Promise.reject(new Error("sent")),
      })
        .getCredentials(),
      (error) =>
        error instanceof CredentialsError && error.code === "not-configured" &&
        error.reason === reason,
    );
  }
});

test("OidcRoleProvider says when the token file is missing or empty", async () => {
  for (
    const [files, reason] of [[{}, "does not exist"], [{
      [RRSA.ALIBABA_CLOUD_OIDC_TOKEN_FILE]: " \n",
    }, "is empty"]] as const
  ) {
    await assert.rejects(
      new OidcRoleProvider({ env: envOf(RRSA), readTextFile: filesOf({ ...files }) })
        .getCredentials(),
      (error) =>
        error instanceof CredentialsError && error.code === "invalid-config" &&
        error.reason === `the OIDC token file ${RRSA.ALIBABA_CLOUD_OIDC_TOKEN_FILE} ${reason}`,
    );
  }
});

test("OidcRoleProvider uses ALIBABA_CLOUD_STS_REGION and ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", async () => {
  const cases: [Record<string, string>, string][] = [
    [{}, "sts.aliyuncs.com"],
    [{ ALIBABA_CLOUD_STS_REGION: "cn-beijing" }, "sts.cn-beijing.aliyuncs.com"],
    [
      { ALIBABA_CLOUD_STS_REGION: "cn-beijing", ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: "TRUE" },
      "sts-vpc.cn-beijing.aliyuncs.com",
    ],
    [
      { ALIBABA_CLOUD_STS_REGION: "cn-beijing", ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: "1" },
      "sts.cn-beijing.aliyuncs.com",
    ],
  ];
  for (const [variables, host] of cases) {
    const hosts: string[] = [];
    const fetch = ((input: string | URL | Request) => {
      const url = new URL(String(input));
      hosts.push(url.host);
      assert.equal(url.protocol, "https:");
      assert.equal(url.searchParams.get("Action"), "AssumeRoleWithOIDC");
      assert.equal(url.searchParams.has("OIDCToken"), false);
      return Promise.resolve(Response.json({ Code: "Denied", Message: "no" }, { status: 403 }));
    }) as typeof globalThis.fetch;
    await assert.rejects(
      new OidcRoleProvider({
        env: envOf({ ...RRSA, ...variables }),
        readTextFile: filesOf({ [RRSA.ALIBABA_CLOUD_OIDC_TOKEN_FILE]: "t0k3n" }),
        fetch,
      }).getCredentials(),
      /STS answered Denied \(HTTP 403\): no/,
    );
    assert.deepEqual(hosts, [host]);
  }
});
