import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startFakeSts } from "../testing/fake_sts.ts";
import { parseIni } from "./_ini.ts";
import { CredentialsError } from "./credentials_error.ts";
import { IniProfileProvider } from "./ini_profile_provider.ts";
import type { ProfileProviderOptions } from "./profile_options.ts";
import { envOf, filesOf, TestClock } from "./testdata/helpers.ts";

const HOME = "/home/dev";
const PATH = `${HOME}/.alibabacloud/credentials`;
const FIXTURE_HOME = fileURLToPath(new URL("./testdata/home_ini", import.meta.url));

function provider(
  files: Record<string, string>,
  variables: Record<string, string> = {},
  options: ProfileProviderOptions = {},
) {
  return new IniProfileProvider({
    homeDir: HOME,
    env: envOf(variables),
    readTextFile: filesOf(files),
    ...options,
  });
}

const AK_INI = "[default]\ntype = access_key\naccess_key_id = AK_INI\naccess_key_secret = SK_INI\n";

test("parseIni() reads values as the official SDK's parser does", () => {
  const text = [
    "; comment",
    "# comment",
    "[ default ]",
    "\ttype=access_key   # trailing comment",
    'access_key_id = "AK_QUOTED"',
    "access_key_secret = abc#def;ghi",
    "escaped = a\\;b\\#c",
    "single = 'x # y'",
    "equals = a=b",
    "no value",
    "[default]",
    "extra = later",
  ].join("\r\n");
  assert.deepEqual(Object.fromEntries(parseIni(text).get("default")!), {
    type: "access_key",
    access_key_id: "AK_QUOTED",
    access_key_secret: "abc",
    escaped: "a;b#c",
    single: "x # y",
    equals: "a=b",
    extra: "later",
  });
});

test("parseIni() keeps sections the official SDK's parser loses: BOM, padded headers, dots", () => {
  const sections = parseIni("\uFEFF[default] \nk = 1\n  [prod.eu]\nk = 2\n");
  assert.equal(sections.get("default")?.get("k"), "1");
  assert.equal(sections.get("prod.eu")?.get("k"), "2");
});

test("IniProfileProvider reads ~/.alibabacloud/credentials, else credentials.ini", async () => {
  const credentials = await provider({ [PATH]: AK_INI }).getCredentials();
  assert.equal(credentials.accessKeyId, "AK_INI");
  assert.equal(credentials.source, `profile "default" (access_key) in ${PATH}`);
  assert.equal(credentials.provider, "ini-profile");
  const fixture = new IniProfileProvider({ env: envOf({ HOME: FIXTURE_HOME }) });
  assert.equal((await fixture.getCredentials()).accessKeyId, "INI-ID-testdata");
  const second = new IniProfileProvider({
    env: envOf({ HOME: FIXTURE_HOME, ALIBABA_CLOUD_PROFILE: "second" }),
  });
  assert.equal(
    (await second.getCredentials()).source,
    `profile "second" (access_key) in ${FIXTURE_HOME}/.alibabacloud/credentials.ini`,
  );
});

test("IniProfileProvider reads ALIBABA_CLOUD_CREDENTIALS_FILE instead, without falling back", async () => {
  const files = { [PATH]: AK_INI, "/etc/acs.ini": AK_INI.replace("AK_INI", "AK_CUSTOM") };
  assert.equal(
    (await provider(files, { ALIBABA_CLOUD_CREDENTIALS_FILE: "/etc/acs.ini" }).getCredentials())
      .accessKeyId,
    "AK_CUSTOM",
  );
  await assert.rejects(
    provider(files, { ALIBABA_CLOUD_CREDENTIALS_FILE: "/etc/none.ini" }).getCredentials(),
    (error) =>
      error instanceof CredentialsError && error.code === "not-configured" &&
      error.message ===
        "Cannot get credentials from the INI credentials file /etc/none.ini: it does not exist",
  );
});

test("IniProfileProvider explains what is wrong, quoting no value", async () => {
  const cases: [Record<string, string>, Record<string, string>, string, string][] = [
    [
      {},
      {},
      "not-configured",
      `Cannot get credentials from the INI credentials file ${PATH} or ${PATH}.ini: neither exists`,
    ],
    [
      { [PATH]: AK_INI },
      { ALIBABA_CLOUD_PROFILE: "prod" },
      "invalid-config",
      `Cannot get credentials from the INI credentials file ${PATH}: it has no profile [prod]`,
    ],
    [
      { [PATH]: "[default]\naccess_key_id = a\n" },
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" in ${PATH}: it has no type; supported: access_key, ecs_ram_role, ram_role_arn`,
    ],
    [
      { [PATH]: "[default]\ntype = sts\n" },
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (sts) in ${PATH}: type "sts" is not supported; supported: access_key, ecs_ram_role, ram_role_arn`,
    ],
    [
      { [PATH]: "[default]\ntype = access_key\naccess_key_id = a\naccess_key_secret =\n" },
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (access_key) in ${PATH}: access_key_secret is missing`,
    ],
    [
      { [PATH]: "[default]\ntype = ram_role_arn\naccess_key_id = a\naccess_key_secret = LEAKME\n" },
      {},
      "invalid-config",
      `Cannot get credentials from profile "default" (ram_role_arn) in ${PATH}: role_arn is missing (and ALIBABA_CLOUD_ROLE_ARN is not set)`,
    ],
  ];
  for (const [files, variables, code, message] of cases) {
    await assert.rejects(provider(files, variables).getCredentials(), (error) => {
      assert.ok(error instanceof CredentialsError);
      assert.equal(error.code, code);
      assert.equal(error.message, message);
      return true;
    });
  }
});

test("IniProfileProvider assumes the role of a ram_role_arn profile, with the environment's role settings", async () => {
  const clock = new TestClock();
  const sts = await startFakeSts({ now: clock.now });
  try {
    const files = {
      [PATH]:
        "[default]\ntype = ram_role_arn\naccess_key_id = testid\naccess_key_secret = testsecret\n",
    };
    const variables = {
      ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/from-env",
      ALIBABA_CLOUD_ROLE_SESSION_NAME: "env-session",
    };
    const credentials = await provider(files, variables, { stsEndpoint: sts.url, now: clock.now })
      .getCredentials();
    assert.equal(
      sts.lookupSecret(credentials.accessKeyId, credentials.securityToken),
      credentials.accessKeySecret,
    );
    assert.deepEqual(sts.requests.map((r) => [r.roleArn, r.roleSessionName]), [
      ["acs:ram::1:role/from-env", "env-session"],
    ]);
  } finally {
    await sts.close();
  }
});
