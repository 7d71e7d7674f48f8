// No access key secret, security token or OIDC token may show in an error a
// provider throws, in the attempts of a chain, in the source it reports, or
// in what console.log prints of a provider that holds credentials. Each case
// puts distinctive secrets where a careless provider would quote them: bad
// files, incomplete or hostile answers, network errors that quote URLs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AssumeRoleProvider } from "./assume_role_provider.ts";
import { ChainProvider } from "./chain_provider.ts";
import { CliProfileProvider } from "./cli_profile_provider.ts";
import { CredentialsUriProvider } from "./credentials_uri_provider.ts";
import { EcsRamRoleProvider } from "./ecs_ram_role_provider.ts";
import { EnvironmentProvider } from "./environment_provider.ts";
import { IniProfileProvider } from "./ini_profile_provider.ts";
import { OidcRoleProvider } from "./oidc_role_provider.ts";
import type { CredentialsProvider } from "./provider.ts";
import { RefreshingProvider } from "./refreshing_provider.ts";
import { StaticProvider } from "./static_provider.ts";
import { assertHidden, envOf, filesOf } from "./testdata/helpers.ts";

const SECRET = "Zq8-CRED-SECRET-v3Lk";
const TOKEN = "CAIS-Zq8/TOKEN+v3Lk=";
const OIDC = "eyJ-Zq8-OIDC-TOKEN-v3Lk";
const SECRETS = [SECRET, TOKEN, OIDC];
const HOME = "/home/dev";
const CLI = `${HOME}/.aliyun/config.json`;
const INI = `${HOME}/.alibabacloud/credentials`;
const FUTURE = "2999-01-01T00:00:00Z";

/** A fetch that answers every request with the same response. */
function answering(status: number, body: unknown): typeof fetch {
  return (() =>
    Promise.resolve(
      new Response(typeof body === "string" ? body : JSON.stringify(body), { status }),
    )) as typeof fetch;
}

/** A fetch that fails the way runtimes do: quoting the whole URL, query and all. */
const quotingFetch = ((input: string | URL | Request, init?: RequestInit) =>
  Promise.reject(
    new TypeError("fetch failed", {
      cause: new Error(
        `error sending request for url (${String(input)}) with body ${String(init?.body ?? "")}`,
      ),
    }),
  )) as typeof fetch;

/** Every provider, each set up to fail with secrets within reach. */
function failingProviders(): [string, CredentialsProvider][] {
  const cliFile = (profile: Record<string, unknown>) =>
    new CliProfileProvider({
      homeDir: HOME,
      env: envOf({}),
      readTextFile: filesOf({
        [CLI]: JSON.stringify({ current: "p", profiles: [{ name: "p", ...profile }] }),
      }),
    });
  const iniFile = (text: string) =>
    new IniProfileProvider({
      homeDir: HOME,
      env: envOf({}),
      readTextFile: filesOf({ [INI]: text }),
    });
  const incomplete = {
    Code: "Success",
    AccessKeyId: "STS.x",
    AccessKeySecret: SECRET,
    Expiration: FUTURE,
  };
  // A server that quotes back what it was sent (the secrets this provider knows).
  const hostile = (...quoted: string[]) => ({
    Code: "InvalidParameter",
    Message: `Bad request: ${
      quoted.map((q, i) => `${i % 2 ? encodeURIComponent(q) : q}`).join(", ")
    }`,
  });
  const rrsa = {
    env: envOf({}),
    roleArn: "acs:ram::1:role/r",
    oidcProviderArn: "acs:ram::1:oidc-provider/p",
    oidcTokenFile: "/token",
    readTextFile: filesOf({ "/token": OIDC }),
  };
  const stsSource = { accessKeyId: "STS.src", accessKeySecret: SECRET, securityToken: TOKEN };
  return [
    [
      "environment, padded secret",
      new EnvironmentProvider({
        env: envOf({
          ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: ` ${SECRET}`,
        }),
      }),
    ],
    [
      "environment, padded token",
      new EnvironmentProvider({
        env: envOf({
          ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
          ALIBABA_CLOUD_SECURITY_TOKEN: `${TOKEN}\n`,
        }),
      }),
    ],
    [
      "CLI file that is not JSON",
      new CliProfileProvider({
        homeDir: HOME,
        env: envOf({}),
        readTextFile: filesOf({
          [CLI]: `{"profiles":[{"access_key_secret":"${SECRET}","sts_token":"${TOKEN}"`,
        }),
      }),
    ],
    ["CLI profile without an id", cliFile({ mode: "AK", access_key_secret: SECRET })],
    [
      "CLI profile with an unsupported mode",
      cliFile({ mode: "External", access_key_secret: SECRET, sts_token: TOKEN }),
    ],
    [
      "CLI StsToken profile with a padded token",
      cliFile({
        mode: "StsToken",
        access_key_id: "i",
        access_key_secret: SECRET,
        sts_token: ` ${TOKEN}`,
      }),
    ],
    [
      "INI profile of an unsupported type",
      iniFile(`[default]\ntype = sts\naccess_key_secret = ${SECRET}\nsecurity_token = ${TOKEN}\n`),
    ],
    [
      "INI profile without an id",
      iniFile(`[default]\ntype = access_key\naccess_key_secret = ${SECRET}\n`),
    ],
    [
      "AssumeRole, incomplete answer",
      new AssumeRoleProvider({
        source: { accessKeyId: "id", accessKeySecret: "s" },
        roleArn: "acs:ram::1:role/r",
        fetch: answering(200, { RequestId: "R", Credentials: incomplete }),
      }),
    ],
    [
      "AssumeRole, answer quoting the signing secret and token",
      new AssumeRoleProvider({
        source: stsSource,
        roleArn: "acs:ram::1:role/r",
        fetch: answering(400, hostile(SECRET, TOKEN)),
      }),
    ],
    [
      "AssumeRole from STS credentials, network error quoting the URL",
      new AssumeRoleProvider({
        source: stsSource,
        roleArn: "acs:ram::1:role/r",
        fetch: quotingFetch,
        retry: { maxAttempts: 1 },
      }),
    ],
    [
      "AssumeRoleWithOIDC, answer quoting the token",
      new OidcRoleProvider({ ...rrsa, fetch: answering(400, hostile(OIDC, OIDC)) }),
    ],
    [
      "AssumeRoleWithOIDC, network error quoting the request",
      new OidcRoleProvider({ ...rrsa, fetch: quotingFetch }),
    ],
    [
      "AssumeRoleWithOIDC, incomplete answer",
      new OidcRoleProvider({
        ...rrsa,
        fetch: answering(200, { Credentials: { ...incomplete, SecurityToken: undefined } }),
      }),
    ],
    [
      "metadata service, incomplete answer",
      new EcsRamRoleProvider({
        env: envOf({ ALIBABA_CLOUD_ECS_METADATA: "r" }),
        fetch: answering(200, incomplete),
      }),
    ],
    [
      "metadata service, Code not Success",
      new EcsRamRoleProvider({
        env: envOf({ ALIBABA_CLOUD_ECS_METADATA: "r" }),
        fetch: answering(200, { ...incomplete, Code: "Failed", SecurityToken: TOKEN }),
      }),
    ],
    [
      "credentials URI, answer without a token",
      new CredentialsUriProvider({
        uri: "http://127.0.0.1:9/c",
        fetch: answering(200, { AccessKeyId: "AK", AccessKeySecret: SECRET, Expiration: FUTURE }),
      }),
    ],
    [
      "credentials URI, error answer quoting secrets",
      new CredentialsUriProvider({
        uri: "http://127.0.0.1:9/c",
        fetch: answering(500, hostile(SECRET, TOKEN)),
      }),
    ],
    [
      "credentials URI with a token in its query",
      new CredentialsUriProvider({
        uri: `http://127.0.0.1:9/c?token=${encodeURIComponent(TOKEN)}&key=${SECRET}`,
        fetch: quotingFetch,
      }),
    ],
    [
      "credentials URI answering not JSON",
      new CredentialsUriProvider({
        uri: "http://127.0.0.1:9/c",
        fetch: answering(200, `{"AccessKeySecret":"${SECRET}",`),
      }),
    ],
  ];
}

for (const [what, provider] of failingProviders()) {
  test(`${what}: the error shows no secret`, async () => {
    const error = await provider.getCredentials().then(
      () => assert.fail("expected a failure"),
      (error: unknown) => error,
    );
    assert.ok(error instanceof Error);
    assertHidden(error, SECRETS, what);
    assertHidden(provider, SECRETS, `${what} (the provider)`);
  });
}

test("a chain of every failing provider lists them all, showing no secret", async () => {
  const providers = failingProviders();
  const chain = new ChainProvider(providers.map(([, provider]) => provider));
  await assert.rejects(chain.getCredentials(), (error) => {
    assert.equal((error as { attempts: unknown[] }).attempts.length, providers.length);
    assertHidden(error, SECRETS, "the chain's error");
    return true;
  });
});

test("providers that hold credentials show none of them when logged", async () => {
  const answer = {
    Code: "Success",
    AccessKeyId: "STS.x",
    AccessKeySecret: SECRET,
    SecurityToken: TOKEN,
    Expiration: FUTURE,
  };
  const providers: CredentialsProvider[] = [
    new StaticProvider({ accessKeyId: "id", accessKeySecret: SECRET, securityToken: TOKEN }),
    new AssumeRoleProvider({
      source: { accessKeyId: "id", accessKeySecret: SECRET },
      roleArn: "acs:ram::1:role/r",
      fetch: answering(200, { Credentials: answer }),
    }),
    new EcsRamRoleProvider({
      env: envOf({ ALIBABA_CLOUD_ECS_METADATA: "r" }),
      fetch: answering(200, answer),
    }),
    new CredentialsUriProvider({ uri: "http://127.0.0.1:9/c", fetch: answering(200, answer) }),
    new CliProfileProvider({
      homeDir: HOME,
      env: envOf({}),
      readTextFile: filesOf({
        [CLI]: JSON.stringify({
          current: "p",
          profiles: [{
            name: "p",
            mode: "StsToken",
            access_key_id: "i",
            access_key_secret: SECRET,
            sts_token: TOKEN,
          }],
        }),
      }),
    }),
  ];
  for (const provider of providers) {
    const credentials = await provider.getCredentials();
    assert.equal(credentials.accessKeySecret, SECRET);
    assert.ok(!credentials.source?.includes(SECRET) && !credentials.source?.includes(TOKEN));
    assertHidden(provider, SECRETS, `${provider.name} after a call`);
    assertHidden(new ChainProvider([provider]), SECRETS, `a chain of ${provider.name}`);
  }
});

// ---- more failure paths: answers that quote what was sent, profiles that build providers ----

/** An error answer that quotes each secret, raw and percent-encoded. */
function quoting(...secrets: string[]): Record<string, unknown> {
  return {
    Code: "InvalidParameter",
    Message: `Bad request: ${secrets.map((s) => `${s} ${encodeURIComponent(s)}`).join(", ")}`,
    RequestId: "R-quoting",
  };
}

/** A fetch that answers each request by its method and path. */
function routing(routes: Record<string, [status: number, body: string]>): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) => {
    const key = `${init?.method ?? "GET"} ${new URL(String(input)).pathname}`;
    const [status, body] = routes[key] ?? [404, "no route"];
    return Promise.resolve(new Response(body, { status }));
  }) as typeof fetch;
}

/** Every failure path the first list does not reach, each with secrets within reach. */
function moreFailingProviders(): [string, CredentialsProvider][] {
  const stsSource = { accessKeyId: "STS.src", accessKeySecret: SECRET, securityToken: TOKEN };
  const rrsa = {
    env: envOf({}),
    roleArn: "acs:ram::1:role/r",
    oidcProviderArn: "acs:ram::1:oidc-provider/p",
    oidcTokenFile: "/token",
    readTextFile: filesOf({ "/token": `${OIDC}\n` }),
  };
  const withSecrets = {
    Code: "Failed",
    AccessKeyId: "STS.x",
    AccessKeySecret: SECRET,
    SecurityToken: TOKEN,
    Expiration: FUTURE,
  };
  const cliProfile = (profile: Record<string, unknown>, fetch: typeof globalThis.fetch) =>
    new CliProfileProvider({
      homeDir: HOME,
      env: envOf({}),
      fetch,
      readTextFile: filesOf({
        [CLI]: JSON.stringify({ current: "p", profiles: [{ name: "p", ...profile }] }),
        "/token": OIDC,
      }),
    });
  const metadata = "/latest/meta-data/ram/security-credentials/r";
  return [
    [
      "AssumeRole, STS error answer quoting the signing secret and token",
      new AssumeRoleProvider({
        source: stsSource,
        roleArn: "acs:ram::1:role/r",
        fetch: answering(400, quoting(SECRET, TOKEN)),
        retry: { maxAttempts: 1 },
      }),
    ],
    [
      "AssumeRole, STS server error quoting the signing secret",
      new AssumeRoleProvider({
        source: stsSource,
        roleArn: "acs:ram::1:role/r",
        fetch: answering(500, quoting(SECRET, TOKEN)),
        retry: { maxAttempts: 1 },
      }),
    ],
    [
      "AssumeRoleWithOIDC, HTTP 500 without a Code, quoting the token",
      new OidcRoleProvider({ ...rrsa, fetch: answering(500, `token ${OIDC} refused`) }),
    ],
    [
      "AssumeRoleWithOIDC, an answer that is not JSON, quoting the token",
      new OidcRoleProvider({ ...rrsa, fetch: answering(200, `{"OIDCToken":"${OIDC}",`) }),
    ],
    [
      "AssumeRoleWithOIDC, error answer quoting the token form-encoded",
      new OidcRoleProvider({
        ...rrsa,
        fetch: answering(400, {
          Code: "InvalidParameter",
          Message: `bad form: ${new URLSearchParams({ OIDCToken: OIDC })}`,
        }),
      }),
    ],
    [
      "credentials URI, error answer quoting the secrets",
      new CredentialsUriProvider({
        uri: "http://127.0.0.1:9/c",
        fetch: answering(500, quoting(SECRET, TOKEN)),
      }),
    ],
    [
      "credentials URI, Code not Success beside the secrets",
      new CredentialsUriProvider({
        uri: "http://127.0.0.1:9/c",
        fetch: answering(200, withSecrets),
      }),
    ],
    [
      "metadata service, a session token, then HTTP 500 holding the secrets",
      new EcsRamRoleProvider({
        env: envOf({ ALIBABA_CLOUD_ECS_METADATA: "r" }),
        fetch: routing({
          "PUT /latest/api/token": [200, TOKEN],
          [`GET ${metadata}`]: [500, JSON.stringify(withSecrets)],
        }),
      }),
    ],
    [
      "metadata service, an answer that is not JSON, holding the secret",
      new EcsRamRoleProvider({
        env: envOf({ ALIBABA_CLOUD_ECS_METADATA: "r" }),
        fetch: answering(200, `{"AccessKeySecret":"${SECRET}","SecurityToken":"${TOKEN}",`),
      }),
    ],
    [
      "CLI RamRoleArn profile, STS answer quoting the file's secret",
      cliProfile(
        { mode: "RamRoleArn", access_key_id: "i", access_key_secret: SECRET, ram_role_arn: "a" },
        answering(400, quoting(SECRET)),
      ),
    ],
    [
      "CLI OIDC profile, STS answer quoting the token file",
      cliProfile({
        mode: "OIDC",
        ram_role_arn: "acs:ram::1:role/r",
        oidc_provider_arn: "acs:ram::1:oidc-provider/p",
        oidc_token_file: "/token",
      }, answering(400, quoting(OIDC))),
    ],
    [
      "CLI CredentialsURI profile with a token in its query, network error quoting the URL",
      cliProfile({
        mode: "CredentialsURI",
        credentials_uri: `http://127.0.0.1:9/c?token=${encodeURIComponent(TOKEN)}&key=${SECRET}`,
      }, quotingFetch),
    ],
    [
      "CLI EcsRamRole profile, metadata answer with Code not Success",
      cliProfile({ mode: "EcsRamRole", ram_role_name: "r" }, answering(200, withSecrets)),
    ],
    [
      "INI ram_role_arn profile, STS answer quoting the file's secret",
      new IniProfileProvider({
        homeDir: HOME,
        env: envOf({}),
        fetch: answering(400, quoting(SECRET)),
        readTextFile: filesOf({
          [INI]:
            `[default]\ntype = ram_role_arn\naccess_key_id = i\naccess_key_secret = ${SECRET}\nrole_arn = a\n`,
        }),
      }),
    ],
    [
      "RefreshingProvider, credentials with an invalid expiration",
      new RefreshingProvider({
        fetchCredentials: () =>
          Promise.resolve({
            accessKeyId: "i",
            accessKeySecret: SECRET,
            securityToken: TOKEN,
            expiration: new Date(Number.NaN),
          }),
      }),
    ],
  ];
}

for (const [what, provider] of moreFailingProviders()) {
  test(`${what}: the error shows no secret`, async () => {
    const error = await provider.getCredentials().then(
      () => assert.fail("expected a failure"),
      (error: unknown) => error,
    );
    assert.ok(error instanceof Error);
    assertHidden(error, SECRETS, what);
    assertHidden(provider, SECRETS, `${what} (the provider)`);
  });
}

test("a chain of the further failing providers lists them all, showing no secret", async () => {
  const providers = moreFailingProviders();
  const chain = new ChainProvider(providers.map(([, provider]) => provider));
  await assert.rejects(chain.getCredentials(), (error) => {
    assert.equal((error as { attempts: unknown[] }).attempts.length, providers.length);
    assertHidden(error, SECRETS, "the chain's error");
    return true;
  });
});

test("refusals of credentials given to a constructor show no secret", () => {
  const cases: [string, () => unknown][] = [
    [
      "a padded secret",
      () => new StaticProvider({ accessKeyId: "i", accessKeySecret: ` ${SECRET}` }),
    ],
    [
      "a padded token",
      () =>
        new StaticProvider({
          accessKeyId: "i",
          accessKeySecret: SECRET,
          securityToken: `${TOKEN} `,
        }),
    ],
    [
      "an AssumeRole source with a padded secret",
      () =>
        new AssumeRoleProvider({
          source: { accessKeyId: "i", accessKeySecret: `${SECRET}\t` },
          roleArn: "acs:ram::1:role/r",
        }),
    ],
  ];
  for (const [what, build] of cases) {
    assert.throws(build, (error) => {
      assertHidden(error, SECRETS, what);
      return true;
    });
  }
});

test("the other providers that hold credentials show none of them when logged", async () => {
  const answer = {
    Code: "Success",
    AccessKeyId: "STS.x",
    AccessKeySecret: SECRET,
    SecurityToken: TOKEN,
    Expiration: FUTURE,
  };
  const providers: CredentialsProvider[] = [
    new EnvironmentProvider({
      env: envOf({
        ALIBABA_CLOUD_ACCESS_KEY_ID: "id",
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
      }),
    }),
    new IniProfileProvider({
      homeDir: HOME,
      env: envOf({}),
      readTextFile: filesOf({
        [INI]: `[default]\ntype = access_key\naccess_key_id = i\naccess_key_secret = ${SECRET}\n`,
      }),
    }),
    new OidcRoleProvider({
      env: envOf({}),
      roleArn: "acs:ram::1:role/r",
      oidcProviderArn: "acs:ram::1:oidc-provider/p",
      oidcTokenFile: "/token",
      readTextFile: filesOf({ "/token": OIDC }),
      fetch: answering(200, { Credentials: answer }),
    }),
    new EcsRamRoleProvider({
      env: envOf({ ALIBABA_CLOUD_ECS_METADATA: "r" }),
      fetch: routing({
        "PUT /latest/api/token": [200, OIDC],
        "GET /latest/meta-data/ram/security-credentials/r": [200, JSON.stringify(answer)],
      }),
    }),
    new RefreshingProvider({
      fetchCredentials: () =>
        Promise.resolve({ accessKeyId: "i", accessKeySecret: SECRET, securityToken: TOKEN }),
    }),
  ];
  for (const provider of providers) {
    const credentials = await provider.getCredentials();
    assert.equal(credentials.accessKeySecret, SECRET);
    assertHidden(credentials.source ?? "", SECRETS, `${provider.name}'s source`);
    assertHidden(provider, SECRETS, `${provider.name} after a call`);
    assertHidden(new ChainProvider([provider]), SECRETS, `a chain of ${provider.name}`);
  }
});
