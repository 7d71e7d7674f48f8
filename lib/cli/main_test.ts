import { test } from "node:test";
import assert from "node:assert/strict";
import { type CliIo, main } from "./main.ts";
import { ECS_REGIONS } from "../endpoints/ecs_regions.ts";

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

async function run(
  args: string[],
  env: Record<string, string> = {},
  fetch?: typeof globalThis.fetch,
): Promise<Run> {
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

const ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAIexample",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: "super-secret-value",
};

// The documentation's worked example (Alibaba Cloud, "Request signatures").
const DOC_STRING_TO_SIGN = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions" +
  "%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
  "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
  "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z" +
  "%26Version%3D2014-05-26";
const DOC_URL = "https://ecs.aliyuncs.com/?AccessKeyId=testid" +
  "&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1" +
  "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
  "&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z" +
  "&Version=2014-05-26&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D";

test("cli sign --demo --explain prints every stage of the documented example", async () => {
  const { status, stdout, stderr } = await run([
    "sign",
    "--demo",
    "--explain",
    "DescribeRegions",
  ]);
  assert.equal(status, 0);
  assert.equal(stderr, "");
  assert.equal(
    stdout,
    [
      "Demo: the documentation's example request, signed with its test credentials (testid/testsecret)",
      "",
      "Canonical query string:",
      "  AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1" +
      "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0" +
      "&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26",
      "String to sign:",
      `  ${DOC_STRING_TO_SIGN}`,
      'Signature (Base64 of HMAC-SHA1, keyed with the secret and "&"; the secret is not shown):',
      "  OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
      "URL (GET):",
      `  ${DOC_URL}`,
    ].join("\n"),
  );
  // Only the demo's header names the (published) test secret; no stage shows it.
  assert.ok(!stdout.split("\n").slice(1).join("\n").includes("testsecret"));
});

test("cli sign --demo prints the documented URL, with or without the action", async () => {
  assert.deepEqual(await run(["sign", "--demo", "DescribeRegions"]), {
    status: 0,
    stdout: DOC_URL,
    stderr: "",
  });
  assert.equal((await run(["sign", "--demo"])).stdout, DOC_URL);
});

test("cli sign --json prints the whole signed request", async () => {
  const { status, stdout } = await run(["sign", "--demo", "--json"]);
  assert.equal(status, 0);
  const signed = JSON.parse(stdout);
  assert.equal(signed.signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  assert.equal(signed.stringToSign, DOC_STRING_TO_SIGN);
  assert.equal(signed.url, DOC_URL);
  assert.equal(signed.method, "GET");
  assert.equal(signed.body, null);
});

test("cli sign reads credentials from the environment and never prints the secret", async () => {
  for (const output of [[], ["--explain"], ["--json"]]) {
    const { status, stdout, stderr } = await run(
      ["sign", "DescribeInstances", "RegionId=cn-hangzhou", ...output],
      ENV,
    );
    assert.equal(status, 0);
    assert.match(stdout, /AccessKeyId=LTAIexample/);
    assert.ok(!stdout.includes("super-secret-value"));
    assert.ok(!stderr.includes("super-secret-value"));
  }
  const { stdout } = await run(["sign", "DescribeRegions"], {
    ...ENV,
    ALIBABA_CLOUD_SECURITY_TOKEN: "sts-token",
  });
  assert.match(stdout, /SecurityToken=sts-token/);
});

test("cli sign reads a --timestamp with a zone offset as that instant", async () => {
  const { stdout } = await run(["sign", "--demo", "--timestamp", "2016-02-23T20:46:24+08:00"]);
  assert.equal(stdout, DOC_URL);
});

test("cli sign refuses padded credentials from the environment with status 1, not a usage error", async () => {
  const { status, stdout, stderr } = await run(["sign", "DescribeRegions"], {
    ...ENV,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "super-secret-value\n",
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  });
  assert.equal(status, 1);
  assert.equal(stdout, "");
  assert.match(
    stderr,
    /^Error: Cannot get credentials from the default credentials chain: found none in the 6 places it looked:\n {2}1\. environment variables \(failed\): ALIBABA_CLOUD_ACCESS_KEY_SECRET has leading or trailing white space\n/,
  );
  assert.ok(!stderr.includes("super-secret-value"));
});

test("cli sign without credentials lists the places it looked", async () => {
  const noEcs = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
  const { status, stdout, stderr } = await run(["sign", "DescribeRegions"], noEcs);
  assert.equal(status, 1);
  assert.equal(stdout, "");
  assert.match(stderr, /^Error: Cannot get credentials from the default credentials chain: /);
  assert.match(
    stderr,
    /\n {2}1\. environment variables \(skipped\): ALIBABA_CLOUD_ACCESS_KEY_ID is not set\n/,
  );
  const onlyId = await run(["sign", "DescribeRegions"], {
    ...noEcs,
    ALIBABA_CLOUD_ACCESS_KEY_ID: "x",
  });
  assert.match(
    onlyId.stderr,
    /\n {2}1\. environment variables \(failed\): ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set\n/,
  );
});

test("cli sign takes nested, list and JSON-valued parameters", async () => {
  const { status, stdout } = await run([
    "sign",
    "--demo",
    "--json",
    "DescribeInstances",
    "Tag.1.Key=env",
    "Tag.1.Value=a b",
    `InstanceIds:=["i-1","i-2"]`,
    "Empty=",
    "Expr=a=b",
  ]);
  assert.equal(status, 0);
  const { canonicalQuery } = JSON.parse(stdout);
  assert.match(
    canonicalQuery,
    /&Empty=&Expr=a%3Db&Format=XML&InstanceIds=%5B%22i-1%22%2C%22i-2%22%5D&/,
  );
  assert.match(canonicalQuery, /&Tag\.1\.Key=env&Tag\.1\.Value=a%20b&/);
});

test("cli sign honours --region, --vpc, --endpoint, --method, --format, --version, --timestamp and --nonce", async () => {
  const region = await run(["sign", "--demo", "--region", "cn-hangzhou"]);
  assert.match(region.stdout, /^https:\/\/ecs\.cn-hangzhou\.aliyuncs\.com\/\?/);
  const vpc = await run(["sign", "--demo", "--region=cn-hangzhou", "--vpc"]);
  assert.match(vpc.stdout, /^https:\/\/ecs-vpc\.cn-hangzhou\.aliyuncs\.com\/\?/);
  const local = await run([
    "sign",
    "--demo",
    "--endpoint",
    "http://127.0.0.1:8080/",
  ]);
  assert.match(local.stdout, /^http:\/\/127\.0\.0\.1:8080\/\?/);
  const post = await run(["sign", "--demo", "--method", "post"]);
  const [url, body, ...more] = post.stdout.split("\n");
  assert.equal(url, "https://ecs.aliyuncs.com/");
  assert.match(body!, /^AccessKeyId=testid&Action=DescribeRegions&/);
  assert.deepEqual(more, []);
  const custom = await run([
    "sign",
    "--demo",
    "--json",
    "--format",
    "JSON",
    "--version",
    "2016-03-14",
    "--timestamp",
    "2020-01-02T03:04:05Z",
    "--nonce",
    "n-1",
  ]);
  const { canonicalQuery } = JSON.parse(custom.stdout);
  assert.equal(
    canonicalQuery,
    "AccessKeyId=testid&Action=DescribeRegions&Format=JSON&SignatureMethod=HMAC-SHA1" +
      "&SignatureNonce=n-1&SignatureVersion=1.0&Timestamp=2020-01-02T03%3A04%3A05Z" +
      "&Version=2016-03-14",
  );
});

const USAGE_ERRORS = [
  [[], "Cannot run: a command is missing", "Usage: acs-rpc <command>"],
  [["launch"], 'Cannot run: unknown command "launch"', "Usage: acs-rpc <command>"],
  [
    ["sign", "--demo", "--frobnicate"],
    'Error: Cannot parse arguments: unknown option "--frobnicate"',
    "Usage: acs-rpc sign",
  ],
  [["sign"], "Error: Cannot sign: the Action is missing", "Usage: acs-rpc sign"],
  [["call"], "Error: Cannot call: the Action is missing", "Usage: acs-rpc call"],
  [
    ["sign", "--demo", "DescribeRegions", "RegionId"],
    'Error: Cannot parse parameter "RegionId": expected Name=value or Name:=JSON',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "X", "Ids:=[1,"],
    'Error: Cannot parse parameter "Ids": the value after ":=" is not JSON',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--vpc"],
    'Error: Cannot use "--vpc" without "--region"',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--method", "PUT"],
    'Error: Cannot use --method "PUT": expected GET or POST',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--timestamp", "yesterday"],
    'Error: Cannot use --timestamp "yesterday": expected an ISO 8601 time such as 2016-02-23T12:46:24Z',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--timestamp", "2016-02-23T12:46:24"],
    'Error: Cannot use --timestamp "2016-02-23T12:46:24": expected an ISO 8601 time such as 2016-02-23T12:46:24Z',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--timestamp", "1"],
    'Error: Cannot use --timestamp "1": expected an ISO 8601 time such as 2016-02-23T12:46:24Z',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--nonce"],
    'Error: Cannot parse arguments: option "--nonce" needs a value',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--nonce", "--json"],
    'Error: Cannot parse arguments: option "--nonce" needs a value',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--json", "--json"],
    'Error: Cannot parse arguments: option "--json" is given twice',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--explain=yes"],
    'Error: Cannot parse arguments: option "--explain" takes no value',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "DescribeRegions", "Action=Other"],
    'Error: Cannot sign request: "Action" is a common request parameter; set it with the "action" option',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--region", "cn-hangzou"],
    'Error: Cannot resolve endpoint for region "cn-hangzou": unknown region id; did you mean "cn-hangzhou"?',
    "Usage: acs-rpc sign",
  ],
  [
    ["sign", "--demo", "--region", "cn-hangzhou", "X", "RegionId=cn-beijing"],
    'Error: Cannot sign request: parameter "RegionId" is "cn-beijing" but the "regionId" option is "cn-hangzhou"',
    "Usage: acs-rpc sign",
  ],
  [
    ["call", "--demo", "X", "--format", "XML"],
    'Error: Cannot use --format "XML": expected JSON',
    "Usage: acs-rpc call",
  ],
  [
    ["call", "--demo", "X", "--nonce", "n"],
    'Error: Cannot use option "--nonce" with "call"',
    "Usage: acs-rpc call",
  ],
  [
    ["regions", "extra"],
    'Error: Cannot list regions: unexpected argument "extra"',
    "Usage: acs-rpc regions",
  ],
] as const;

test("cli usage errors print the message and the usage, and exit 2", async () => {
  for (const [args, message, usage] of USAGE_ERRORS) {
    const { status, stdout, stderr } = await run([...args]);
    assert.equal(status, 2, args.join(" "));
    assert.equal(stdout, "");
    const [first, blank, usageLine] = stderr.split("\n");
    assert.equal(first, message);
    assert.equal(blank, "");
    assert.ok(usageLine!.startsWith(usage), usageLine);
  }
});

test("cli --help prints each command's usage and exits 0", async () => {
  for (
    const [args, first] of [
      [["--help"], "Usage: acs-rpc <command> [options]"],
      [["sign", "--help"], "Usage: acs-rpc sign <Action> [Name=value ...] [options]"],
      [["call", "-h"], "Usage: acs-rpc call <Action> [Name=value ...] [options]"],
      [["regions", "--help"], "Usage: acs-rpc regions [--json]"],
    ] as const
  ) {
    const { status, stdout, stderr } = await run([...args]);
    assert.equal(status, 0);
    assert.equal(stderr, "");
    assert.equal(stdout.split("\n")[0], first);
  }
  const sign = (await run(["sign", "--help"])).stdout;
  for (
    const option of [
      "--explain",
      "--json",
      "--demo",
      "--region",
      "--vpc",
      "--endpoint",
      "--method",
      "--format",
      "--version",
      "--timestamp",
      "--nonce",
      "ALIBABA_CLOUD_ACCESS_KEY_ID",
    ]
  ) {
    assert.ok(sign.includes(option), option);
  }
});

test("cli regions prints the endpoint table, as text or JSON", async () => {
  const text = await run(["regions"]);
  assert.equal(text.status, 0);
  const lines = text.stdout.split("\n");
  assert.match(lines[0]!, /^REGION\s+NAME\s+PUBLIC ENDPOINT\s+VPC ENDPOINT$/);
  assert.equal(lines.length, ECS_REGIONS.length + 1);
  assert.ok(
    lines.some((line) =>
      /^cn-hangzhou\s.*ecs\.cn-hangzhou\.aliyuncs\.com\s+ecs-vpc\.cn-hangzhou\.aliyuncs\.com$/
        .test(line)
    ),
  );
  assert.ok(lines.some((line) => line.includes("(closed)")));
  const json = await run(["regions", "--json"]);
  assert.deepEqual(JSON.parse(json.stdout), ECS_REGIONS);
});

test("cli call prints the JSON answer", async () => {
  const urls: string[] = [];
  const fetch = ((url: string | URL | Request) => {
    urls.push(String(url));
    return Promise.resolve(Response.json({ RequestId: "R-1", Regions: {} }));
  }) as typeof globalThis.fetch;
  const { status, stdout, stderr } = await run(
    ["call", "DescribeRegions", "--region", "cn-hangzhou"],
    ENV,
    fetch,
  );
  assert.equal(status, 0);
  assert.equal(stderr, "");
  assert.deepEqual(JSON.parse(stdout), { RequestId: "R-1", Regions: {} });
  assert.match(urls[0]!, /^https:\/\/ecs\.cn-hangzhou\.aliyuncs\.com\/\?/);
});

test("cli call prints an API error's code, message and request id to stderr and exits 1", async () => {
  const fetch = (() =>
    Promise.resolve(
      Response.json({
        RequestId: "R-2",
        HostId: "ecs.aliyuncs.com",
        Code: "InvalidAccessKeyId.NotFound",
        Message: "Specified access key is not found.",
        Recommend: "https://api.aliyun.com/troubleshoot?q=InvalidAccessKeyId.NotFound",
      }, { status: 404 }),
    )) as typeof globalThis.fetch;
  const { status, stdout, stderr } = await run(
    ["call", "DescribeRegions"],
    ENV,
    fetch,
  );
  assert.equal(status, 1);
  assert.equal(stdout, "");
  assert.equal(
    stderr,
    [
      "Error: InvalidAccessKeyId.NotFound (HTTP 404): Specified access key is not found.",
      "RequestId: R-2",
      "Recommend: https://api.aliyun.com/troubleshoot?q=InvalidAccessKeyId.NotFound",
    ].join("\n"),
  );
  assert.ok(!stderr.includes("super-secret-value"));
});
