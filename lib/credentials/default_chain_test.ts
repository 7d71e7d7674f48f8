import { test } from "node:test";
import assert from "node:assert/strict";
import { serveLocal } from "../_internal/node_server.ts";
import { startFakeMetadata } from "../testing/fake_metadata.ts";
import { startFakeSts } from "../testing/fake_sts.ts";
import { CredentialsError } from "./credentials_error.ts";
import { defaultChain, type DefaultChainOptions } from "./default_chain.ts";
import { envOf, filesOf, offline } from "./testdata/helpers.ts";

const HOME = "/home/dev";
const CLI = `${HOME}/.aliyun/config.json`;
const INI = `${HOME}/.alibabacloud/credentials`;
const CLI_AK = JSON.stringify({
  current: "default",
  profiles: [
    { name: "default", mode: "AK", access_key_id: "AK_CLI", access_key_secret: "SK_CLI" },
    { name: "p2", mode: "AK", access_key_id: "AK_CLI_P2", access_key_secret: "SK" },
  ],
});
const INI_AK =
  "[default]\ntype = access_key\naccess_key_id = AK_INI\naccess_key_secret = SK_INI\n[p2]\ntype = access_key\naccess_key_id = AK_INI_P2\naccess_key_secret = SK\n";
const ENV_AK = { ALIBABA_CLOUD_ACCESS_KEY_ID: "AK_ENV", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "SK_ENV" };
const NO_ECS = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };

function chain(
  variables: Record<string, string>,
  files: Record<string, string> = {},
  options: DefaultChainOptions = {},
) {
  return defaultChain({
    env: envOf({ HOME, ...variables }),
    readTextFile: filesOf(files),
    fetch: offline,
    ...options,
  });
}

async function found(provider: ReturnType<typeof chain>): Promise<[string, string]> {
  const credentials = await provider.getCredentials();
  return [credentials.provider!, credentials.accessKeyId];
}

test("defaultChain() asks the environment, then the CLI file, then the INI file", async () => {
  const both = { [CLI]: CLI_AK, [INI]: INI_AK };
  assert.deepEqual(await found(chain({ ...ENV_AK, ...NO_ECS }, both)), ["environment", "AK_ENV"]);
  assert.deepEqual(await found(chain(NO_ECS, both)), ["cli-profile", "AK_CLI"]);
  assert.deepEqual(await found(chain(NO_ECS, { [INI]: INI_AK })), ["ini-profile", "AK_INI"]);
  assert.deepEqual(
    await found(chain({ ...NO_ECS, ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "TRUE" }, both)),
    ["ini-profile", "AK_INI"],
  );
  // Only "true" turns a switch on, as in the official SDK.
  assert.deepEqual(
    await found(chain({ ...NO_ECS, ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "1" }, both)),
    ["cli-profile", "AK_CLI"],
  );
});

test("defaultChain() chooses the profile of both files with ALIBABA_CLOUD_PROFILE", async () => {
  assert.deepEqual(
    await found(
      chain({ ...NO_ECS, ALIBABA_CLOUD_PROFILE: "p2" }, { [CLI]: CLI_AK, [INI]: INI_AK }),
    ),
    ["cli-profile", "AK_CLI_P2"],
  );
  assert.deepEqual(
    await found(chain({ ...NO_ECS, ALIBABA_CLOUD_PROFILE: "p2" }, { [INI]: INI_AK })),
    ["ini-profile", "AK_INI_P2"],
  );
});

test("defaultChain() puts OIDC before the files, and the metadata service and the URI after them", async () => {
  const sts = await startFakeSts({ oidcTokens: ["jwt"] });
  const metadata = await startFakeMetadata();
  try {
    const rrsa = {
      ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/pod",
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: "acs:ram::1:oidc-provider/p",
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: "/token",
    };
    const files = { [CLI]: CLI_AK, "/token": "jwt" };
    const options = {
      stsEndpoint: sts.url,
      metadataEndpoint: metadata.url,
      fetch: globalThis.fetch,
    };
    assert.equal((await found(chain(rrsa, files, options)))[0], "oidc-role");
    assert.equal((await found(chain({}, {}, options)))[0], "ecs-ram-role");
    const uri = await serveLocal(() =>
      Response.json({
        Code: "Success",
        AccessKeyId: "STS.URI",
        AccessKeySecret: "s",
        SecurityToken: "t",
        Expiration: "2999-01-01T00:00:00Z",
      })
    );
    try {
      assert.deepEqual(
        await found(
          chain({ ...NO_ECS, ALIBABA_CLOUD_CREDENTIALS_URI: `${uri.url}/c` }, {}, options),
        ),
        ["credentials-uri", "STS.URI"],
      );
    } finally {
      await uri.close();
    }
  } finally {
    await sts.close();
    await metadata.close();
  }
});

test("defaultChain() lists the six places it looked, sending nothing when the URI is unset", async () => {
  const sent: string[] = [];
  const provider = chain(NO_ECS, {}, {
    fetch: (input) => (sent.push(String(input)), Promise.reject(new Error("sent"))),
  });
  await assert.rejects(provider.getCredentials(), (error) => {
    assert.ok(error instanceof CredentialsError);
    assert.equal(error.code, "no-credentials");
    assert.equal(
      error.message,
      [
        "Cannot get credentials from the default credentials chain: found none in the 6 places it looked:",
        "  1. environment variables (skipped): ALIBABA_CLOUD_ACCESS_KEY_ID is not set",
        "  2. OIDC role settings (ACK RRSA) (skipped): ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set",
        "  3. the aliyun CLI profile file /home/dev/.aliyun/config.json (skipped): it does not exist",
        "  4. the INI credentials file /home/dev/.alibabacloud/credentials or /home/dev/.alibabacloud/credentials.ini (skipped): neither exists",
        "  5. the ECS metadata service at http://100.100.100.200 (skipped): disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
        "  6. the credentials URI in ALIBABA_CLOUD_CREDENTIALS_URI (skipped): ALIBABA_CLOUD_CREDENTIALS_URI is not set",
      ].join("\n"),
    );
    return true;
  });
  assert.deepEqual(sent, []);
});

test("defaultChain() spends one bounded request on a metadata service that does not answer", async () => {
  let requests = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  const silent = await serveLocal(async () => {
    requests++;
    await released;
    return new Response("late");
  });
  try {
    const provider = chain({}, {}, {
      metadataEndpoint: silent.url,
      metadataTimeoutMs: 300,
      fetch: globalThis.fetch,
    });
    const started = Date.now();
    await assert.rejects(provider.getCredentials(), (error) => {
      assert.ok(error instanceof CredentialsError);
      assert.equal(
        error.attempts[4]!.reason,
        `no answer from ${silent.url}/latest/api/token within 300 ms`,
      );
      return true;
    });
    assert.ok(Date.now() - started < 2_000);
    assert.equal(requests, 1);
  } finally {
    release();
    await silent.close();
  }
});

test("defaultChain() sees a source appear after a failed call, and falls back when one disappears", async () => {
  const variables: Record<string, string> = { HOME, ...NO_ECS };
  const files: Record<string, string> = {};
  const provider = defaultChain({
    env: (name) => variables[name],
    readTextFile: filesOf(files),
    fetch: offline,
  });
  await assert.rejects(provider.getCredentials(), CredentialsError);
  Object.assign(variables, ENV_AK);
  assert.deepEqual(await found(provider), ["environment", "AK_ENV"]);
  delete variables.ALIBABA_CLOUD_ACCESS_KEY_ID;
  files[CLI] = CLI_AK;
  assert.deepEqual(await found(provider), ["cli-profile", "AK_CLI"]);
});

test("defaultChain() answers concurrent first calls alike", async () => {
  const sts = await startFakeSts({ oidcTokens: ["jwt"] });
  try {
    const provider = chain(
      {
        ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/pod",
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: "acs:ram::1:oidc-provider/p",
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: "/token",
      },
      { "/token": "jwt" },
      { stsEndpoint: sts.url, fetch: globalThis.fetch },
    );
    const all = await Promise.all(Array.from({ length: 3 }, () => provider.getCredentials()));
    assert.deepEqual(new Set(all.map((c) => c.provider)), new Set(["oidc-role"]));
    assert.equal(new Set(all.map((c) => c.accessKeyId)).size, 1);
    assert.equal(sts.requests.length, 1);
  } finally {
    await sts.close();
  }
});
