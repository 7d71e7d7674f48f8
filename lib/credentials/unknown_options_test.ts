// Every credentials provider and defaultChain() refuses an option key it does
// not know, as the signers, call() and the verifier do: a misspelt option
// (`stsRegionID`) would otherwise be ignored and its default used. And every
// option each one documents is still accepted, also where one provider
// builds another (the default chain, the profiles' roles).

import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsTypeError } from "../errors/mod.ts";
import {
  AssumeRoleProvider,
  type AssumeRoleProviderOptions,
  ChainProvider,
  type ChainProviderOptions,
  CliProfileProvider,
  CredentialsUriProvider,
  type CredentialsUriProviderOptions,
  defaultChain,
  type DefaultChainOptions,
  EcsRamRoleProvider,
  type EcsRamRoleProviderOptions,
  EnvironmentProvider,
  type EnvironmentProviderOptions,
  IniProfileProvider,
  OidcRoleProvider,
  type OidcRoleProviderOptions,
  type ProfileProviderOptions,
  RefreshingProvider,
  type RefreshingProviderOptions,
  type RefreshOptions,
  StaticProvider,
  type StaticProviderOptions,
} from "./mod.ts";
import { envOf, filesOf, offline } from "./testdata/helpers.ts";

const KEYS = { accessKeyId: "testid", accessKeySecret: "testsecret" };
const ROLE = "acs:ram::1:role/r";

/** Each constructor, what its messages say it cannot do, and how to call it with more keys. */
const BUILDERS: Readonly<Record<string, [what: string, build: (extra: object) => unknown]>> = {
  EnvironmentProvider: [
    "read the environment",
    (extra) => new EnvironmentProvider({ env: envOf({}), ...extra }),
  ],
  StaticProvider: ["use static credentials", (extra) => new StaticProvider(KEYS, extra)],
  ChainProvider: ["build a chain", (extra) => new ChainProvider([new StaticProvider(KEYS)], extra)],
  RefreshingProvider: [
    "refresh credentials",
    (extra) => new RefreshingProvider({ fetchCredentials: () => Promise.resolve(KEYS), ...extra }),
  ],
  AssumeRoleProvider: [
    "assume a role",
    (extra) => new AssumeRoleProvider({ source: KEYS, roleArn: ROLE, fetch: offline, ...extra }),
  ],
  OidcRoleProvider: [
    "assume a role with OIDC",
    (extra) => new OidcRoleProvider({ env: envOf({}), fetch: offline, ...extra }),
  ],
  EcsRamRoleProvider: [
    "use the ECS RAM role",
    (extra) => new EcsRamRoleProvider({ env: envOf({}), fetch: offline, ...extra }),
  ],
  CredentialsUriProvider: [
    "use credentials URI",
    (extra) => new CredentialsUriProvider({ env: envOf({}), fetch: offline, ...extra }),
  ],
  CliProfileProvider: [
    "read the aliyun CLI profile",
    (extra) => new CliProfileProvider({ env: envOf({}), homeDir: "/home/dev", ...extra }),
  ],
  IniProfileProvider: [
    "read the credentials file",
    (extra) => new IniProfileProvider({ env: envOf({}), homeDir: "/home/dev", ...extra }),
  ],
  defaultChain: [
    "use the default chain",
    (extra) => defaultChain({ env: envOf({}), fetch: offline, ...extra }),
  ],
};

/** Asserts that `build` throws the invalid-option error of an unknown key. */
function assertUnknown(
  build: () => unknown,
  parameter: string,
  message: string | ((message: string) => void),
): void {
  assert.throws(build, (error: unknown) => {
    assert.ok(error instanceof AcsTypeError, String(error));
    assert.equal(error.code, "invalid-option");
    assert.equal(error.parameter, parameter);
    if (typeof message === "string") assert.equal(error.message, message);
    else message(error.message);
    return true;
  });
}

test("every credentials provider and defaultChain() refuse a misspelt option, naming the one meant", () => {
  const cases: readonly [entry: string, key: string, meant: string][] = [
    ["EnvironmentProvider", "Env", "env"],
    ["StaticProvider", "sorce", "source"],
    ["ChainProvider", "nmae", "name"],
    ["RefreshingProvider", "refreshMarginMS", "refreshMarginMs"],
    ["RefreshingProvider", "onRefreshErorr", "onRefreshError"],
    ["AssumeRoleProvider", "stsRegionID", "stsRegionId"],
    ["AssumeRoleProvider", "timeoutMS", "timeoutMs"],
    ["OidcRoleProvider", "oidcTokenFle", "oidcTokenFile"],
    ["OidcRoleProvider", "stsRegionID", "stsRegionId"],
    ["EcsRamRoleProvider", "timeoutMS", "timeoutMs"],
    ["EcsRamRoleProvider", "imdsv1Disabled", "imdsV1Disabled"],
    ["CredentialsUriProvider", "url", "uri"],
    ["CliProfileProvider", "profil", "profile"],
    ["CliProfileProvider", "metadataTimeoutMS", "metadataTimeoutMs"],
    ["IniProfileProvider", "profil", "profile"],
    ["IniProfileProvider", "Path", "path"],
    ["defaultChain", "metadataTimeoutMS", "metadataTimeoutMs"],
    ["defaultChain", "homedir", "homeDir"],
  ];
  for (const [entry, key, meant] of cases) {
    const [what, build] = BUILDERS[entry]!;
    assertUnknown(
      () => build({ [key]: "x" }),
      key,
      `Cannot ${what}: unknown option "${key}"; did you mean "${meant}"?`,
    );
  }
});

test("an unknown option with no near one lists the options", () => {
  assertUnknown(
    () => new EnvironmentProvider({ enviroment: {} } as never),
    "enviroment",
    'Cannot read the environment: unknown option "enviroment"; the only option is "env"',
  );
  assertUnknown(
    () => new ChainProvider([new StaticProvider(KEYS)], { providers: [] } as never),
    "providers",
    'Cannot build a chain: unknown option "providers"; the options are "name" or "where"',
  );
  // defaultChain() chooses the profile by ALIBABA_CLOUD_PROFILE, not by an option: the error
  // says what to use instead.
  assertUnknown(
    () => defaultChain({ profile: "second" } as never),
    "profile",
    'Cannot use the default chain: "profile" is not one of its options; set ' +
      "ALIBABA_CLOUD_PROFILE for the whole chain, or use new CliProfileProvider({ profile }) " +
      "(or IniProfileProvider) for that profile alone",
  );
  // An option of the default chain is not one of the provider it configures.
  assertUnknown(
    () => new EcsRamRoleProvider({ metadataEndpoint: "http://127.0.0.1:1" } as never),
    "metadataEndpoint",
    (message) => {
      assert.match(message, /^Cannot use the ECS RAM role: unknown option "metadataEndpoint"; /);
      assert.match(message, /the options are .*"endpoint"/);
    },
  );
});

test("an unknown option is refused before its value is used, and the value is never shown", () => {
  const secret = "NotShownSecretValue1234567890";
  for (const [entry, [, build]] of Object.entries(BUILDERS)) {
    assert.throws(() => build({ accessKeySecret: secret }), (error: unknown) => {
      assert.ok(error instanceof AcsTypeError, `${entry}: ${error}`);
      assert.equal(error.parameter, "accessKeySecret", entry);
      assert.ok(!error.message.includes(secret), `${entry} shows the value`);
      assert.ok(!String(error.stack).includes(secret), `${entry} shows the value`);
      return true;
    });
  }
});

test("an unknown option key of 1 MiB is named by a 64-unit prefix, in a short message", () => {
  const big = "k".repeat(1 << 20);
  // A surrogate pair straddling the 64th unit is not cut in two.
  const astral = `${"k".repeat(63)}${"😀".repeat(1000)}`;
  for (const [entry, [what, build]] of Object.entries(BUILDERS)) {
    const start = performance.now();
    assertUnknown(() => build({ [big]: 1 }), "k".repeat(64), (message) => {
      assert.ok(message.length < 300, `${entry}: a message of ${message.length} characters`);
      assert.equal(
        message,
        `Cannot ${what}: unknown option "${"k".repeat(64)}"… (1048576 UTF-16 code units)`,
      );
    });
    assert.ok(performance.now() - start < 100, `${entry} took too long`);
    assertUnknown(() => build({ [astral]: 1 }), "k".repeat(63), (message) => {
      assert.ok(message.length < 300, `${entry}: a message of ${message.length} characters`);
    });
    assertUnknown(() => build({ [`${"k".repeat(64)}x`]: 1 }), "k".repeat(64), () => {});
    assertUnknown(() => build({ ["k".repeat(64)]: 1 }), "k".repeat(64), () => {});
  }
});

// ---- every documented option is accepted ------------------------------------

/**
 * `Required<T>`: the compiler checks that each object below names every
 * option of its interface, so that a new option cannot be left untested.
 */
const REFRESH = {
  now: () => new Date(),
  refreshMarginMs: 60_000,
  expiryMarginMs: 1_000,
  retryDelayMs: 10,
  maxRetryDelayMs: 100,
  onRefreshError: () => {},
} satisfies Required<RefreshOptions>;

const HOME = "/home/dev";
const CLI_PATH = `${HOME}/.aliyun/config.json`;
const INI_PATH = `${HOME}/.alibabacloud/credentials`;

const EXPIRATION = "2999-01-01T00:00:00Z";

/** STS, the metadata service and a credentials URI, all answering. */
const cloud = ((input: string | URL | Request) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const answer = (id: string) => ({
    AccessKeyId: `STS.${id}`,
    AccessKeySecret: "temporary-secret",
    SecurityToken: "temporary-token",
    Expiration: EXPIRATION,
  });
  if (url.pathname === "/latest/api/token") return Promise.resolve(new Response("session"));
  if (url.pathname === "/latest/meta-data/ram/security-credentials/") {
    return Promise.resolve(new Response("discovered-role"));
  }
  if (url.pathname.startsWith("/latest/meta-data/ram/security-credentials/")) {
    return Promise.resolve(Response.json({ Code: "Success", ...answer("ecs") }));
  }
  if (url.pathname === "/creds") {
    return Promise.resolve(Response.json({ Code: "Success", ...answer("uri") }));
  }
  const action = url.searchParams.get("Action") ?? "AssumeRole";
  return Promise.resolve(Response.json({ RequestId: "R", Credentials: answer(action) }));
}) as typeof fetch;

const CLI_CONFIG = JSON.stringify({
  current: "ak",
  profiles: [
    { name: "ak", mode: "AK", access_key_id: "AK_CLI", access_key_secret: "SK" },
    {
      name: "sts",
      mode: "StsToken",
      access_key_id: "STS.CLI",
      access_key_secret: "SK",
      sts_token: "token",
    },
    {
      name: "role",
      mode: "RamRoleArn",
      access_key_id: "AK",
      access_key_secret: "SK",
      ram_role_arn: ROLE,
    },
    { name: "chained", mode: "ChainableRamRoleArn", source_profile: "ak", ram_role_arn: ROLE },
    { name: "ecs", mode: "EcsRamRole", ram_role_name: "named-role" },
    {
      name: "oidc",
      mode: "OIDC",
      ram_role_arn: ROLE,
      oidc_provider_arn: "acs:ram::1:oidc-provider/p",
      oidc_token_file: "/var/token",
    },
    { name: "uri", mode: "CredentialsURI", credentials_uri: "http://127.0.0.1:9/creds" },
  ],
});
const INI_CONFIG = [
  "[ak]\ntype = access_key\naccess_key_id = AK_INI\naccess_key_secret = SK",
  "[ecs]\ntype = ecs_ram_role\nrole_name = named-role",
  `[role]\ntype = ram_role_arn\naccess_key_id = AK\naccess_key_secret = SK\nrole_arn = ${ROLE}`,
].join("\n");
const FILES = { [CLI_PATH]: CLI_CONFIG, [INI_PATH]: INI_CONFIG, "/var/token": "jwt" };

test("every provider accepts every option it documents", async () => {
  const providers = [
    new EnvironmentProvider(
      {
        env: envOf({
          ALIBABA_CLOUD_ACCESS_KEY_ID: "AK_ENV",
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: "SK",
        }),
      } satisfies Required<EnvironmentProviderOptions>,
    ),
    new StaticProvider(
      KEYS,
      { source: "here", now: () => new Date() } satisfies Required<StaticProviderOptions>,
    ),
    new ChainProvider(
      [new StaticProvider(KEYS)],
      { name: "mine", where: "my chain" } satisfies Required<ChainProviderOptions>,
    ),
    new RefreshingProvider(
      {
        ...REFRESH,
        name: "mine",
        fetchCredentials: () => Promise.resolve({ ...KEYS, accessKeyId: "REFRESHED" }),
      } satisfies Required<RefreshingProviderOptions>,
    ),
    new AssumeRoleProvider(
      {
        ...REFRESH,
        source: KEYS,
        roleArn: ROLE,
        roleSessionName: "session",
        durationSeconds: 900,
        policy: "{}",
        externalId: "external",
        stsEndpoint: undefined,
        stsRegionId: "cn-shanghai",
        vpc: true,
        fetch: cloud,
        timeoutMs: 1_000,
        retry: { maxAttempts: 1 },
      } satisfies Required<AssumeRoleProviderOptions>,
    ),
    new OidcRoleProvider(
      {
        ...REFRESH,
        env: envOf({}),
        homeDir: HOME,
        readTextFile: filesOf(FILES),
        roleArn: ROLE,
        oidcProviderArn: "acs:ram::1:oidc-provider/p",
        oidcTokenFile: "/var/token",
        roleSessionName: "session",
        durationSeconds: 900,
        policy: "{}",
        stsEndpoint: undefined,
        stsRegionId: "cn-shanghai",
        vpc: false,
        fetch: cloud,
        timeoutMs: 1_000,
      } satisfies Required<OidcRoleProviderOptions>,
    ),
    new EcsRamRoleProvider(
      {
        ...REFRESH,
        roleName: "named-role",
        endpoint: "http://127.0.0.1:9",
        imdsV1Disabled: true,
        tokenTtlSeconds: 600,
        timeoutMs: 500,
        env: envOf({}),
        fetch: cloud,
      } satisfies Required<EcsRamRoleProviderOptions>,
    ),
    new CredentialsUriProvider(
      {
        ...REFRESH,
        uri: "http://127.0.0.1:9/creds",
        env: envOf({}),
        fetch: cloud,
        timeoutMs: 500,
      } satisfies Required<CredentialsUriProviderOptions>,
    ),
  ];
  const answered = await Promise.all(providers.map((provider) => provider.getCredentials()));
  assert.deepEqual(answered.map((credentials) => credentials.accessKeyId), [
    "AK_ENV",
    "testid",
    "testid",
    "REFRESHED",
    "STS.AssumeRole",
    "STS.AssumeRoleWithOIDC",
    "STS.ecs",
    "STS.uri",
  ]);
});

/** Every option of the profile providers, the profile and file aside. */
function profileOptions(
  profile: string,
  path: string,
): Required<ProfileProviderOptions> {
  return {
    ...REFRESH,
    profile,
    path,
    env: envOf({}),
    homeDir: HOME,
    readTextFile: filesOf(FILES),
    fetch: cloud,
    stsEndpoint: "sts.cn-hangzhou.aliyuncs.com",
    metadataEndpoint: "http://127.0.0.1:9",
    metadataTimeoutMs: 500,
  };
}

test("the profile providers accept every option they document, and pass on what each profile's provider takes", async () => {
  const cli: readonly [profile: string, id: string][] = [
    ["ak", "AK_CLI"],
    ["sts", "STS.CLI"],
    ["role", "STS.AssumeRole"],
    ["chained", "STS.AssumeRole"],
    ["ecs", "STS.ecs"],
    ["oidc", "STS.AssumeRoleWithOIDC"],
    ["uri", "STS.uri"],
  ];
  for (const [profile, id] of cli) {
    const provider = new CliProfileProvider(profileOptions(profile, CLI_PATH));
    const credentials = await provider.getCredentials();
    assert.equal(credentials.accessKeyId, id, profile);
    assert.equal(credentials.provider, "cli-profile");
  }
  const ini: readonly [profile: string, id: string][] = [
    ["ak", "AK_INI"],
    ["ecs", "STS.ecs"],
    ["role", "STS.AssumeRole"],
  ];
  for (const [profile, id] of ini) {
    const provider = new IniProfileProvider(profileOptions(profile, INI_PATH));
    const credentials = await provider.getCredentials();
    assert.equal(credentials.accessKeyId, id, profile);
    assert.equal(credentials.provider, "ini-profile");
  }
});

test("defaultChain() accepts every option it documents, and passes each provider the ones it takes", async () => {
  const every = (variables: Record<string, string>, files: Record<string, string>) =>
    defaultChain(
      {
        ...REFRESH,
        env: envOf(variables),
        homeDir: HOME,
        readTextFile: filesOf(files),
        fetch: cloud,
        stsEndpoint: "sts.cn-hangzhou.aliyuncs.com",
        metadataEndpoint: "http://127.0.0.1:9",
        metadataTimeoutMs: 500,
      } satisfies Required<DefaultChainOptions>,
    );
  const noCli = { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "true" };
  const noEcs = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
  const steps: readonly [Record<string, string>, Record<string, string>, string, string][] = [
    [
      { ALIBABA_CLOUD_ACCESS_KEY_ID: "AK_ENV", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "SK" },
      {},
      "environment",
      "AK_ENV",
    ],
    [
      {
        ALIBABA_CLOUD_ROLE_ARN: ROLE,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: "acs:ram::1:oidc-provider/p",
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: "/var/token",
      },
      FILES,
      "oidc-role",
      "STS.AssumeRoleWithOIDC",
    ],
    [{ ALIBABA_CLOUD_PROFILE: "role" }, FILES, "cli-profile", "STS.AssumeRole"],
    [{ ALIBABA_CLOUD_PROFILE: "ecs" }, FILES, "cli-profile", "STS.ecs"],
    [{ ALIBABA_CLOUD_PROFILE: "oidc" }, FILES, "cli-profile", "STS.AssumeRoleWithOIDC"],
    [{ ALIBABA_CLOUD_PROFILE: "uri" }, FILES, "cli-profile", "STS.uri"],
    [{ ...noCli, ALIBABA_CLOUD_PROFILE: "role" }, FILES, "ini-profile", "STS.AssumeRole"],
    [{ ...noCli, ALIBABA_CLOUD_PROFILE: "ecs" }, FILES, "ini-profile", "STS.ecs"],
    [{}, {}, "ecs-ram-role", "STS.ecs"],
    [
      { ...noEcs, ALIBABA_CLOUD_CREDENTIALS_URI: "http://127.0.0.1:9/creds" },
      {},
      "credentials-uri",
      "STS.uri",
    ],
  ];
  for (const [variables, files, provider, id] of steps) {
    const credentials = await every({ HOME, ...variables }, files).getCredentials();
    assert.deepEqual([credentials.provider, credentials.accessKeyId], [provider, id]);
  }
});
