import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startFakeMetadata } from "../testing/fake_metadata.ts";
import { startFakeSts } from "../testing/fake_sts.ts";
import { CliProfileProvider } from "./cli_profile_provider.ts";
import { CredentialsError } from "./credentials_error.ts";
import type { ProfileProviderOptions } from "./profile_options.ts";
import { envOf, filesOf, TestClock } from "./testdata/helpers.ts";

const HOME = "/home/dev";
const PATH = `${HOME}/.aliyun/config.json`;
const FIXTURE_HOME = fileURLToPath(new URL("./testdata/home_two_profiles", import.meta.url));

function config(profiles: Record<string, unknown>[], current = "default"): string {
  return JSON.stringify({ current, profiles });
}

function provider(
  text: string | undefined,
  variables: Record<string, string> = {},
  options: ProfileProviderOptions = {},
) {
  return new CliProfileProvider({
    homeDir: HOME,
    env: envOf(variables),
    readTextFile: filesOf(text === undefined ? {} : { [PATH]: text }),
    ...options,
  });
}

function rejectsWith(
  promise: Promise<unknown>,
  code: string,
  message: string | RegExp,
): Promise<void> {
  return assert.rejects(promise, (error) => {
    assert.ok(error instanceof CredentialsError, String(error));
    assert.equal(error.code, code);
    if (typeof message === "string") assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

const AK = (name: string, id: string) => ({
  name,
  mode: "AK",
  access_key_id: id,
  access_key_secret: `${id}-secret`,
});

test("CliProfileProvider reads the real file under HOME: the current profile, or the one asked for", async () => {
  const current = new CliProfileProvider({ env: envOf({ HOME: FIXTURE_HOME }) });
  const credentials = await current.getCredentials();
  assert.equal(credentials.accessKeyId, "FIRST-ID-testdata");
  assert.equal(credentials.provider, "cli-profile");
  assert.equal(credentials.source, `profile "first" (AK) in ${FIXTURE_HOME}/.aliyun/config.json`);
  for (const options of [{ profile: "second" }, {}]) {
    const chosen = new CliProfileProvider({
      env: envOf({ HOME: FIXTURE_HOME, ALIBABA_CLOUD_PROFILE: "second" }),
      ...options,
    });
    assert.equal((await chosen.getCredentials()).accessKeyId, "SECOND-ID-testdata");
  }
});

test("CliProfileProvider prefers the profile option to ALIBABA_CLOUD_PROFILE to current", async () => {
  const text = config([AK("default", "D"), AK("env", "E"), AK("option", "O")]);
  assert.equal((await provider(text).getCredentials()).accessKeyId, "D");
  assert.equal(
    (await provider(text, { ALIBABA_CLOUD_PROFILE: "env" }).getCredentials()).accessKeyId,
    "E",
  );
  assert.equal(
    (await provider(text, { ALIBABA_CLOUD_PROFILE: "env" }, { profile: "option" }).getCredentials())
      .accessKeyId,
    "O",
  );
});

test("CliProfileProvider reads StsToken profiles", async () => {
  const text = config([{
    name: "default",
    mode: "StsToken",
    access_key_id: "STS.a",
    access_key_secret: "s",
    sts_token: "t",
  }]);
  const credentials = await provider(text).getCredentials();
  assert.equal(credentials.securityToken, "t");
  assert.equal(credentials.source, `profile "default" (StsToken) in ${PATH}`);
});

test("CliProfileProvider explains every way the file or the profile can be wrong, quoting no value", async () => {
  const cases: [string | undefined, Record<string, string>, string, string | RegExp][] = [
    [
      undefined,
      {},
      "not-configured",
      `Cannot get credentials from the aliyun CLI profile file ${PATH}: it does not exist`,
    ],
    [
      '{"current":"default","profiles":[{"name":"default","access_key_secret":"LEAKME"',
      {},
      "invalid-config",
      `Cannot get credentials from the aliyun CLI profile file ${PATH}: it is not valid JSON`,
    ],
    [
      JSON.stringify({ profiles: [] }),
      {},
      "invalid-config",
      `Cannot get credentials from the aliyun CLI profile file ${PATH}: it has no profiles`,
    ],
    [
      JSON.stringify({ profiles: [AK("a", "A")] }),
      {},
      "invalid-config",
      `Cannot get credentials from the aliyun CLI profile file ${PATH}: it names no "current" profile and ALIBABA_CLOUD_PROFILE is not set`,
    ],
    [
      config([AK("a", "A"), AK("b", "B")]),
      {},
      "invalid-config",
      `Cannot get credentials from the aliyun CLI profile file ${PATH}: it has no profile "default"; it has "a", "b"`,
    ],
    [
      config([{ name: "default", mode: "AK", access_key_secret: "LEAKME" }]),
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (AK) in ${PATH}: access_key_id is missing`,
    ],
    [
      config([{ name: "default", mode: "AK", access_key_id: "id", access_key_secret: " LEAKME" }]),
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (AK) in ${PATH}: access_key_secret has leading or trailing white space`,
    ],
    [
      config([{
        name: "default",
        mode: "StsToken",
        access_key_id: "id",
        access_key_secret: "LEAKME",
      }]),
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (StsToken) in ${PATH}: sts_token is missing`,
    ],
    [
      config([{ name: "default", mode: "External", process_command: "cat /x" }]),
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (External) in ${PATH}: mode "External" is not supported (it runs a program named in the file); supported: AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn, CredentialsURI`,
    ],
    [
      config([{ name: "default", mode: "CloudSSO" }]),
      {},
      "invalid-config",
      /mode "CloudSSO" is not supported \(it needs a browser sign-in\)/,
    ],
    [
      config([{ name: "default" }]),
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" in ${PATH}: it has no mode`,
    ],
    [
      config([{
        name: "default",
        mode: "RamRoleArn",
        access_key_id: "id",
        access_key_secret: "LEAKME",
        ram_role_arn: "acs:ram::1:role/r",
        expired_seconds: 600,
      }]),
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (RamRoleArn) in ${PATH}: expired_seconds must be from 900 to 43200 seconds, got 600`,
    ],
    [
      config([{
        name: "default",
        mode: "RamRoleArn",
        access_key_id: "id",
        access_key_secret: "LEAKME",
      }]),
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (RamRoleArn) in ${PATH}: ram_role_arn is missing (and ALIBABA_CLOUD_ROLE_ARN is not set)`,
    ],
    [
      config([{
        name: "default",
        mode: "RamRoleArn",
        access_key_id: "id",
        access_key_secret: "LEAKME",
        ram_role_arn: "acs:ram::1:role/r",
        enable_vpc: "yes",
      }]),
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (RamRoleArn) in ${PATH}: enable_vpc must be true or false`,
    ],
    [
      config([{
        name: "default",
        mode: "ChainableRamRoleArn",
        source_profile: "b",
        ram_role_arn: "acs:ram::1:role/r",
      }, {
        name: "b",
        mode: "ChainableRamRoleArn",
        source_profile: "default",
        ram_role_arn: "acs:ram::1:role/r",
      }]),
      {},
      "invalid-config",
      `Cannot get credentials from profile "b" (ChainableRamRoleArn) in ${PATH}: source_profile goes round in a circle: "default" → "b" → "default"`,
    ],
    [
      config([{
        name: "default",
        mode: "ChainableRamRoleArn",
        source_profile: "gone",
        ram_role_arn: "acs:ram::1:role/r",
      }]),
      {},
      "invalid-config",
      `Cannot get credentials from the aliyun CLI profile file ${PATH}: it has no profile "gone" (the source_profile of "default"); it has "default"`,
    ],
    [
      config([{ name: "default", mode: "CredentialsURI", credentials_uri: "ftp://x" }]),
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (CredentialsURI) in ${PATH}: "uri" must be an http:// or https:// URL`,
    ],
  ];
  for (const [text, variables, code, message] of cases) {
    const error = await provider(text, variables).getCredentials().catch((e) => e);
    assert.ok(!String(error?.message).includes("LEAKME"), "an error quotes the file");
    await rejectsWith(provider(text, variables).getCredentials(), code, message);
  }
});

test("CliProfileProvider says where the home directory went missing", async () => {
  await rejectsWith(
    new CliProfileProvider({ env: envOf({ HOME: "" }) }).getCredentials(),
    "not-configured",
    "Cannot get credentials from the aliyun CLI profile file: HOME is empty, so there is no home directory to look in",
  );
});

test("CliProfileProvider keeps the profile it read until forceRefresh reads the file again", async () => {
  const files: Record<string, string> = { [PATH]: config([AK("default", "OLD")]) };
  const cli = new CliProfileProvider({
    homeDir: HOME,
    env: envOf({}),
    readTextFile: filesOf(files),
  });
  assert.equal((await cli.getCredentials()).accessKeyId, "OLD");
  files[PATH] = config([AK("default", "NEW")]);
  assert.equal((await cli.getCredentials()).accessKeyId, "OLD");
  assert.equal((await cli.getCredentials({ forceRefresh: true })).accessKeyId, "NEW");
});

test("CliProfileProvider assumes the role of RamRoleArn and ChainableRamRoleArn profiles through STS", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now });
  try {
    const text = config([
      { name: "base", mode: "AK", access_key_id: "testid", access_key_secret: "testsecret" },
      {
        name: "default",
        mode: "RamRoleArn",
        access_key_id: "testid",
        access_key_secret: "testsecret",
        ram_role_arn: "acs:ram::1:role/first",
        ram_session_name: "cli-session",
        expired_seconds: 1800,
        sts_endpoint: sts.url,
      },
      {
        name: "chained",
        mode: "ChainableRamRoleArn",
        source_profile: "base",
        ram_role_arn: "acs:ram::1:role/second",
        expired_seconds: 0,
      },
    ]);
    const role = await provider(text, {}, { now: clock.now }).getCredentials();
    assert.equal(sts.lookupSecret(role.accessKeyId, role.securityToken), role.accessKeySecret);
    assert.match(
      role.source!,
      /^profile "default" \(RamRoleArn\) in \/home\/dev\/\.aliyun\/config\.json: role acs:ram::1:role\/first \(STS AssumeRole at 127\.0\.0\.1:\d+, signed with profile "default" \(RamRoleArn\) in \/home\/dev\/\.aliyun\/config\.json\)$/,
    );
    const chained = await provider(text, {}, {
      profile: "chained",
      stsEndpoint: sts.url,
      now: clock.now,
    })
      .getCredentials();
    assert.equal(
      sts.lookupSecret(chained.accessKeyId, chained.securityToken),
      chained.accessKeySecret,
    );
    assert.deepEqual(sts.requests.map((r) => [r.roleArn, r.roleSessionName, r.durationSeconds]), [
      ["acs:ram::1:role/first", "cli-session", "1800"],
      ["acs:ram::1:role/second", `acs-rpc-${clock.now().getTime()}`, "3600"],
    ]);
  } finally {
    await sts.close();
  }
});

test('CliProfileProvider honours expired_seconds of OIDC profiles, and reads enable_vpc "false" as false', async () => {
  const bodies: URLSearchParams[] = [];
  const hosts: string[] = [];
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    hosts.push(new URL(String(input)).host);
    bodies.push(new URLSearchParams(String(init?.body)));
    return Promise.resolve(Response.json({ Code: "Stop", Message: "stop" }, { status: 400 }));
  }) as typeof globalThis.fetch;
  const text = config([{
    name: "default",
    mode: "OIDC",
    ram_role_arn: "acs:ram::1:role/pod",
    oidc_provider_arn: "acs:ram::1:oidc-provider/p",
    oidc_token_file: "/token",
    expired_seconds: 1200,
    sts_region: "cn-beijing",
    enable_vpc: "false",
  }]);
  const cli = new CliProfileProvider({
    homeDir: HOME,
    env: envOf({}),
    readTextFile: filesOf({ [PATH]: text, "/token": "jwt" }),
    fetch,
  });
  await assert.rejects(cli.getCredentials(), /STS answered Stop/);
  assert.deepEqual(hosts, ["sts.cn-beijing.aliyuncs.com"]);
  assert.equal(bodies[0]!.get("DurationSeconds"), "1200");
});

test("CliProfileProvider reads EcsRamRole and CredentialsURI profiles", async () => {
  const metadata = await startFakeMetadata({ roleName: "cli-role" });
  try {
    const text = config([
      { name: "default", mode: "EcsRamRole", ram_role_name: "cli-role" },
      { name: "uri", mode: "CredentialsURI", credentials_uri: "http://127.0.0.1:1/never" },
    ]);
    const ecs = await provider(text, {}, { metadataEndpoint: metadata.url }).getCredentials();
    assert.equal(metadata.lookupSecret(ecs.accessKeyId, ecs.securityToken), ecs.accessKeySecret);
    assert.deepEqual(metadata.requests.map((r) => r.path), [
      "/latest/api/token",
      "/latest/meta-data/ram/security-credentials/cli-role",
    ]);
    const uri = provider(text, {}, {
      profile: "uri",
      fetch: () =>
        Promise.resolve(
          Response.json({
            Code: "Success",
            AccessKeyId: "STS.u",
            AccessKeySecret: "s",
            SecurityToken: "t",
            Expiration: "2999-01-01T00:00:00Z",
          }),
        ),
    });
    const credentials = await uri.getCredentials();
    assert.equal(credentials.accessKeyId, "STS.u");
    assert.equal(
      credentials.source,
      `profile "uri" (CredentialsURI) in ${PATH}: the credentials URI http://127.0.0.1:1/never`,
    );
  } finally {
    await metadata.close();
  }
});

test("CliProfileProvider shares one file read and one AssumeRole among 50 concurrent first calls", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now });
  try {
    let reads = 0;
    const files = filesOf({
      [PATH]: config([{
        name: "default",
        mode: "RamRoleArn",
        access_key_id: "testid",
        access_key_secret: "testsecret",
        ram_role_arn: "acs:ram::1:role/r",
      }]),
    });
    const cli = new CliProfileProvider({
      homeDir: HOME,
      env: envOf({}),
      readTextFile: (path) => (reads++, files(path)),
      stsEndpoint: sts.url,
      now: clock.now,
    });
    const all = await Promise.all(Array.from({ length: 50 }, () => cli.getCredentials()));
    assert.equal(new Set(all.map((c) => c.accessKeyId)).size, 1);
    assert.equal(reads, 1);
    assert.equal(sts.requests.length, 1);
  } finally {
    await sts.close();
  }
});

test("CliProfileProvider reads the file again after a failed read", async () => {
  const files: Record<string, string> = {};
  const cli = new CliProfileProvider({
    homeDir: HOME,
    env: envOf({}),
    readTextFile: filesOf(files),
  });
  await assert.rejects(cli.getCredentials(), CredentialsError);
  files[PATH] = config([AK("default", "LATER")]);
  assert.equal((await cli.getCredentials()).accessKeyId, "LATER");
});
