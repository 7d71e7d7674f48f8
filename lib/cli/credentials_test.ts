// The command line's credentials: --profile, the default chain, what
// --explain says of them, and that no output shows a secret or a token.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { type CliIo, main } from "./main.ts";

const HOME = fileURLToPath(new URL("../credentials/testdata/home_two_profiles", import.meta.url));
const NOWHERE = fileURLToPath(new URL("../credentials/testdata/no_such_home", import.meta.url));

/** No request may leave the process: the metadata probe fails at once. */
const offline: typeof fetch = (input) =>
  Promise.reject(new TypeError(`offline test: refused ${new URL(String(input)).host}`));

async function run(
  args: string[],
  env: Record<string, string>,
  fetch: typeof globalThis.fetch = offline,
) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    env: (name) => env[name],
    fetch,
  };
  const status = await main(args, io);
  return { status, stdout: out.join("\n"), stderr: err.join("\n") };
}

test("cli sign --profile second signs with the second profile of ~/.aliyun/config.json", async () => {
  const { status, stdout, stderr } = await run(
    ["sign", "--json", "DescribeRegions", "--profile", "second"],
    { HOME },
  );
  assert.equal(status, 0, stderr);
  const signed = JSON.parse(stdout);
  assert.equal(new URL(signed.url).searchParams.get("AccessKeyId"), "SECOND-ID-testdata");
  assert.ok(!stdout.includes("second-secret-testdata"));
});

test("cli sign uses the default chain: ALIBABA_CLOUD_PROFILE=second, else the current profile", async () => {
  const second = await run(["sign", "--json", "DescribeRegions"], {
    HOME,
    ALIBABA_CLOUD_PROFILE: "second",
  });
  assert.equal(
    new URL(JSON.parse(second.stdout).url).searchParams.get("AccessKeyId"),
    "SECOND-ID-testdata",
  );
  const current = await run(["sign", "DescribeRegions"], { HOME });
  assert.equal(new URL(current.stdout).searchParams.get("AccessKeyId"), "FIRST-ID-testdata");
});

test("cli sign --explain says which provider supplied the key, never the secret", async () => {
  const { status, stdout } = await run([
    "sign",
    "--explain",
    "DescribeRegions",
    "--profile",
    "second",
  ], { HOME });
  assert.equal(status, 0);
  assert.deepEqual(stdout.split("\n").slice(0, 3), [
    "Credentials (the secret is not shown):",
    `  cli-profile: profile "second" (AK) in ${HOME}/.aliyun/config.json`,
    "  AccessKeyId SECOND-ID-testdata",
  ]);
  assert.ok(!stdout.includes("second-secret-testdata"));
});

test("cli sign with no credentials anywhere lists the places it looked", async () => {
  const { status, stdout, stderr } = await run(["sign", "--json", "DescribeRegions"], {
    HOME: NOWHERE,
  });
  assert.equal(status, 1);
  assert.equal(stdout, "");
  const lines = stderr.split("\n");
  assert.equal(
    lines[0],
    "Error: Cannot get credentials from the default credentials chain: found none in the 6 places it looked:",
  );
  assert.deepEqual(lines.slice(1).map((line) => line.replace(/ \((?:skipped|failed)\):.*/, "")), [
    "  1. environment variables",
    "  2. OIDC role settings (ACK RRSA)",
    `  3. the aliyun CLI profile file ${NOWHERE}/.aliyun/config.json`,
    `  4. the INI credentials file ${NOWHERE}/.alibabacloud/credentials or ${NOWHERE}/.alibabacloud/credentials.ini`,
    "  5. the ECS metadata service at http://100.100.100.200",
    "  6. the credentials URI in ALIBABA_CLOUD_CREDENTIALS_URI",
  ]);
});

test("cli --profile names both files when neither has the profile, and refuses --demo", async () => {
  const missing = await run(["sign", "DescribeRegions", "--profile", "third"], { HOME });
  assert.equal(missing.status, 1);
  assert.equal(
    missing.stderr,
    [
      'Error: Cannot get credentials from profile "third": found none in the 2 places it looked:',
      `  1. the aliyun CLI profile file ${HOME}/.aliyun/config.json (failed): it has no profile "third"; it has "first", "second"`,
      `  2. the INI credentials file ${HOME}/.alibabacloud/credentials or ${HOME}/.alibabacloud/credentials.ini (skipped): neither exists`,
    ].join("\n"),
  );
  const demo = await run(["sign", "--demo", "--profile", "second"], { HOME });
  assert.equal(demo.status, 2);
  assert.match(demo.stderr, /^Error: Cannot use "--profile" with "--demo"/);
});

test("cli call --profile signs each call with the profile's key", async () => {
  const ids: string[] = [];
  const fetch = ((url: string | URL | Request) => {
    ids.push(new URL(String(url)).searchParams.get("AccessKeyId")!);
    return Promise.resolve(Response.json({ RequestId: "R", Regions: {} }));
  }) as typeof globalThis.fetch;
  const { status } = await run(["call", "DescribeRegions", "--profile", "second"], { HOME }, fetch);
  assert.equal(status, 0);
  assert.deepEqual(ids, ["SECOND-ID-testdata"]);
});

test("cli sign --explain and --json show no security token or secret of STS credentials", async () => {
  {
    const env = {
      HOME: NOWHERE,
      ALIBABA_CLOUD_ACCESS_KEY_ID: "STS.explain",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "sts-secret-Zq8",
      ALIBABA_CLOUD_SECURITY_TOKEN: "CAIS+token/with=special&chars",
    };
    const token = env.ALIBABA_CLOUD_SECURITY_TOKEN;
    for (const output of ["--explain", "--json"]) {
      for (const method of ["GET", "POST"]) {
        const { status, stdout, stderr } = await run([
          "sign",
          output,
          "--method",
          method,
          "DescribeRegions",
        ], env);
        assert.equal(status, 0, stderr);
        for (
          const secret of [
            token,
            encodeURIComponent(token),
            encodeURIComponent(encodeURIComponent(token)),
            "sts-secret-Zq8",
            "token/with",
          ]
        ) {
          assert.ok(!stdout.includes(secret), `${output} ${method} shows ${secret}`);
        }
        assert.match(stdout, /\[security-token-not-shown\]/);
      }
    }
    const explained = await run(["sign", "--explain", "DescribeRegions"], env);
    assert.match(
      explained.stdout,
      / {2}AccessKeyId STS\.explain, with a security token \(not shown\)/,
    );
    // The plain output is the request itself: it must carry the token.
    const plain = await run(["sign", "DescribeRegions"], env);
    assert.equal(new URL(plain.stdout).searchParams.get("SecurityToken"), token);
  }
});
