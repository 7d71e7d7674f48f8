import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { type CliIo, main } from "./main.ts";
import { ECS_REGIONS } from "../endpoints/ecs_regions.ts";
import { withTestServer } from "../testing/mod.ts";

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

test("cli sign honours --region, --vpc, --endpoint, --method, --format, --api-version, --timestamp and --nonce", async () => {
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
    "--api-version",
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

test("cli --endpoint takes what signRequest takes: a bare host, or an http:// or https:// URL", async () => {
  for (
    const [endpoint, url] of [
      ["127.0.0.1:8788", "https://127.0.0.1:8788/?"],
      ["http://127.0.0.1:8788", "http://127.0.0.1:8788/?"],
      ["HTTPS://ecs.example.com/", "https://ecs.example.com/?"],
      ["[::1]:8080", "https://[::1]:8080/?"],
    ] as const
  ) {
    const { status, stdout } = await run(["sign", "--demo", "--endpoint", endpoint]);
    assert.equal(status, 0, endpoint);
    assert.ok(stdout.startsWith(url), `${endpoint} → ${stdout}`);
  }
});

const USAGE_ERRORS = [
  [["launch"], 'Error: Cannot run: unknown command "launch"', 'Run "acs-rpc --help"'],
  [
    ["--json"],
    'Error: Cannot run: unknown option "--json" (options follow the command)',
    'Run "acs-rpc --help"',
  ],
  [
    ["--version", "sign"],
    'Error: Cannot print the version: unexpected argument "sign"',
    'Run "acs-rpc --help"',
  ],
  [
    ["help", "launch"],
    'Error: Cannot print help: unknown command "launch"',
    'Run "acs-rpc --help"',
  ],
  [
    ["help", "sign", "call"],
    'Error: Cannot print help: unexpected argument "call"',
    'Run "acs-rpc --help"',
  ],
  [
    ["sign", "--demo", "--frobnicate"],
    'Error: Cannot parse arguments: unknown option "--frobnicate"',
    'Run "acs-rpc sign --help"',
  ],
  [["sign"], "Error: Cannot sign: the Action is missing", 'Run "acs-rpc sign --help"'],
  [["call"], "Error: Cannot call: the Action is missing", 'Run "acs-rpc call --help"'],
  [
    ["sign", "--demo", "DescribeRegions", "RegionId"],
    'Error: Cannot parse parameter "RegionId": expected Name=value or Name:=JSON',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "X", "Ids:=[1,"],
    'Error: Cannot parse parameter "Ids": the value after ":=" is not JSON',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--vpc"],
    'Error: Cannot use "--vpc" without "--region"',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--method", "PUT"],
    'Error: Cannot use --method "PUT": expected GET or POST',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--version", "2016-03-14"],
    'Error: Cannot use option "--version" with "sign": the API version is "--api-version"; "acs-rpc --version" prints the tool\'s version',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["call", "--demo", "DescribeRegions", "--version"],
    'Error: Cannot use option "--version" with "call": the API version is "--api-version"; "acs-rpc --version" prints the tool\'s version',
    'Run "acs-rpc call --help"',
  ],
  [
    ["sign", "--demo", "--endpoint", "ftp://127.0.0.1"],
    'Error: Cannot use endpoint "ftp://127.0.0.1": expected "https://" or "http://", or a bare host name',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--endpoint", "http://127.0.0.1:8788/path"],
    'Error: Cannot use endpoint "http://127.0.0.1:8788/path": expected a host name with an optional port, without path, query, user or spaces',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--timestamp", "yesterday"],
    'Error: Cannot use --timestamp "yesterday": expected an ISO 8601 time such as 2016-02-23T12:46:24Z',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--timestamp", "2016-02-23T12:46:24"],
    'Error: Cannot use --timestamp "2016-02-23T12:46:24": expected an ISO 8601 time such as 2016-02-23T12:46:24Z',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--timestamp", "1"],
    'Error: Cannot use --timestamp "1": expected an ISO 8601 time such as 2016-02-23T12:46:24Z',
    'Run "acs-rpc sign --help"',
  ],
  // Issue 16: Date would roll these over and sign another time than written.
  [
    ["sign", "--demo", "--timestamp", "2016-02-30T00:00:00Z"],
    'Error: Cannot use --timestamp "2016-02-30T00:00:00Z": 2016-02-30 is not a date in the calendar',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--timestamp", "2015-02-29T00:00:00Z"],
    'Error: Cannot use --timestamp "2015-02-29T00:00:00Z": 2015-02-29 is not a date in the calendar',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--timestamp", "2016-04-31T12:00:00+08:00"],
    'Error: Cannot use --timestamp "2016-04-31T12:00:00+08:00": 2016-04-31 is not a date in the calendar',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--timestamp", "2016-13-01T00:00:00Z"],
    'Error: Cannot use --timestamp "2016-13-01T00:00:00Z": 2016-13-01 is not a date in the calendar',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--timestamp", "2016-02-00T00:00:00Z"],
    'Error: Cannot use --timestamp "2016-02-00T00:00:00Z": 2016-02-00 is not a date in the calendar',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--timestamp", "2016-02-23T24:00:00Z"],
    'Error: Cannot use --timestamp "2016-02-23T24:00:00Z": 24:00:00 is not a time of day (00:00:00 to 23:59:59)',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--timestamp", "2016-12-31T23:59:60Z"],
    'Error: Cannot use --timestamp "2016-12-31T23:59:60Z": 23:59:60 is not a time of day (00:00:00 to 23:59:59)',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--timestamp", "2016-02-23T12:46:24+24:00"],
    'Error: Cannot use --timestamp "2016-02-23T12:46:24+24:00": the zone offset must be from -23:59 to +23:59',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--nonce"],
    'Error: Cannot parse arguments: option "--nonce" needs a value',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--nonce", "--json"],
    'Error: Cannot parse arguments: option "--nonce" needs a value',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--json", "--json"],
    'Error: Cannot parse arguments: option "--json" is given twice',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--explain=yes"],
    'Error: Cannot parse arguments: option "--explain" takes no value',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "DescribeRegions", "Action=Other"],
    'Error: Cannot sign request: "Action" is a common request parameter; set it with the "action" option',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--region", "cn-hangzou"],
    'Error: Cannot resolve endpoint for region "cn-hangzou": unknown region id; did you mean "cn-hangzhou"?',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["sign", "--demo", "--region", "cn-hangzhou", "X", "RegionId=cn-beijing"],
    'Error: Cannot sign request: parameter "RegionId" is "cn-beijing" but the "regionId" option is "cn-hangzhou"',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["call", "--demo", "X", "--format", "YAML"],
    'Error: Cannot use --format "YAML": expected JSON or XML',
    'Run "acs-rpc call --help"',
  ],
  [
    ["call", "--demo", "X", "--format", "XML", "--all"],
    'Error: Cannot use "--all" with "--format XML": pages are read as JSON',
    'Run "acs-rpc call --help"',
  ],
  [
    ["sign", "--demo", "--all"],
    'Error: Cannot use option "--all" with "sign"',
    'Run "acs-rpc sign --help"',
  ],
  [
    ["call", "--demo", "X", "--nonce", "n"],
    'Error: Cannot use option "--nonce" with "call"',
    'Run "acs-rpc call --help"',
  ],
  [
    ["regions", "extra"],
    'Error: Cannot list regions: unexpected argument "extra"',
    'Run "acs-rpc regions --help"',
  ],
] as const;

test("cli usage errors print the message and one line naming --help, and exit 2", async () => {
  for (const [args, message, hint] of USAGE_ERRORS) {
    const { status, stdout, stderr } = await run([...args]);
    assert.equal(status, 2, args.join(" "));
    assert.equal(stdout, "");
    const lines = stderr.split("\n");
    assert.equal(lines[0], message);
    assert.equal(lines.length, 2, stderr);
    assert.ok(lines[1]!.startsWith(hint), lines[1]);
    assert.match(lines[1]!, /--help"/);
  }
});

test("cli without arguments prints the list of commands to stderr and exits 2", async () => {
  const { status, stdout, stderr } = await run([]);
  assert.equal(status, 2);
  assert.equal(stdout, "");
  assert.equal(stderr.split("\n")[0], "Usage: acs-rpc <command> [options]");
  assert.match(stderr, /^ {2}sign <Action>/m);
});

test("cli --help, -h, help and help <command> print the usage and exit 0", async () => {
  for (
    const [args, first] of [
      [["--help"], "Usage: acs-rpc <command> [options]"],
      [["-h"], "Usage: acs-rpc <command> [options]"],
      [["help"], "Usage: acs-rpc <command> [options]"],
      [["sign", "--help"], "Usage: acs-rpc sign <Action> [Name=value ...] [options]"],
      [["help", "sign"], "Usage: acs-rpc sign <Action> [Name=value ...] [options]"],
      [["call", "-h"], "Usage: acs-rpc call <Action> [Name=value ...] [options]"],
      [["help", "call"], "Usage: acs-rpc call <Action> [Name=value ...] [options]"],
      [["regions", "--help"], "Usage: acs-rpc regions [options]"],
      [["help", "regions"], "Usage: acs-rpc regions [options]"],
    ] as const
  ) {
    const { status, stdout, stderr } = await run([...args]);
    assert.equal(status, 0, args.join(" "));
    assert.equal(stderr, "");
    assert.equal(stdout.split("\n")[0], first, args.join(" "));
  }
  assert.equal((await run(["help", "sign"])).stdout, (await run(["sign", "--help"])).stdout);
  const main = (await run(["--help"])).stdout;
  for (
    const text of ["sign <Action>", "call <Action>", "regions", "help <command>", "-V, --version"]
  ) {
    assert.ok(main.includes(text), text);
  }
  const sign = (await run(["sign", "--help"])).stdout;
  for (
    const option of [
      "--explain",
      "--json",
      "--demo",
      "--region ID",
      "--vpc",
      "--endpoint URL",
      "--method M",
      "--format F",
      "--api-version V",
      "--timestamp T",
      "--nonce N",
      "-h, --help",
      "Name:=JSON",
      "ALIBABA_CLOUD_ACCESS_KEY_ID",
    ]
  ) {
    assert.ok(sign.includes(option), option);
  }
  // The help says why --version is not the API version.
  assert.match(sign, /--api-version V .*not --version:\n\s+"acs-rpc --version" prints/);
  const call = (await run(["call", "--help"])).stdout;
  assert.ok(!call.includes("--timestamp") && !call.includes("--nonce"));
});

test("cli --version and -V print the tool's version, from deno.json", async () => {
  const { version } = JSON.parse(readFileSync(new URL("../../deno.json", import.meta.url), "utf8"));
  for (const flag of ["--version", "-V"]) {
    assert.deepEqual(await run([flag]), { status: 0, stdout: `acs-rpc ${version}`, stderr: "" });
  }
});

// What Deno throws without --allow-net or --allow-env (class NotCapable).
function refused(kind: string, target: string): Error {
  const error = new Error(
    `Requires ${kind} access to "${target}", run again with the --allow-${kind} flag`,
  );
  error.name = "NotCapable";
  return error;
}

test("cli call names --allow-net for a refused net permission, exits 2, and does not retry", async () => {
  let attempts = 0;
  const fetch = (() => {
    attempts++;
    return Promise.reject(refused("net", "ecs.cn-hangzhou.aliyuncs.com:443"));
  }) as typeof globalThis.fetch;
  const { status, stdout, stderr } = await run(
    ["call", "DescribeRegions", "--region", "cn-hangzhou"],
    ENV,
    fetch,
  );
  assert.equal(status, 2);
  assert.equal(stdout, "");
  assert.equal(
    stderr,
    [
      "Error: Cannot reach https://ecs.cn-hangzhou.aliyuncs.com/: the runtime denies network access to ecs.cn-hangzhou.aliyuncs.com; run Deno with --allow-net=ecs.cn-hangzhou.aliyuncs.com (or a wider --allow-net)",
    ].join("\n"),
  );
  assert.equal(attempts, 1);
});

test("cli names --allow-env when the environment is refused", async () => {
  const io: CliIo = {
    stdout: () => {},
    stderr: (line) => err.push(line),
    env: (name) => {
      throw refused("env", name);
    },
  };
  const err: string[] = [];
  assert.equal(await main(["sign", "DescribeRegions"], io), 2);
  assert.deepEqual(err, [
    'Error: Cannot sign: Deno refused env access to "HOME" (a missing permission)',
    "Run again with --allow-env (and --allow-read for the profile files)",
  ]);
});

test("cli tells a refused permission from a network failure, also when only the message carries it", async () => {
  // A network error that quotes the refusal, as call() words one: still a permission.
  const wrapped = (() =>
    Promise.reject(
      new TypeError("Cannot reach https://ecs.aliyuncs.com/", {
        cause: refused("net", "ecs.aliyuncs.com:443"),
      }),
    )) as typeof globalThis.fetch;
  const permission = await run(["call", "DescribeRegions"], ENV, wrapped);
  assert.equal(permission.status, 2);
  assert.match(permission.stderr, /\nRun again with --allow-net=ecs\.aliyuncs\.com:443$/);
  // A real network failure is still one: status 1, and no permission named.
  const down = (() =>
    Promise.reject(
      new TypeError("error sending request: connection refused"),
    )) as typeof globalThis.fetch;
  const network = await run(["call", "DescribeRegions", "--endpoint", "127.0.0.1:9"], ENV, down);
  assert.equal(network.status, 1);
  assert.doesNotMatch(network.stderr, /allow-net|permission/);
  assert.match(
    network.stderr,
    /^Error: Cannot reach https:\/\/127\.0\.0\.1:9\/: error sending request/m,
  );
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

test("cli call --format XML prints the answer's XML text", async () => {
  await withTestServer({}, async (server) => {
    const { status, stdout, stderr } = await run(
      ["call", "--demo", "--endpoint", server.origin, "DescribeRegions", "--format", "XML"],
    );
    assert.equal(status, 0, stderr);
    assert.match(stdout, /^<\?xml version='1\.0' encoding='UTF-8'\?><DescribeRegionsResponse>/);
    assert.equal(new URL(server.received[0]!.url).searchParams.get("Format"), "XML");
  });
});

test("cli call --all prints every page's items as one JSON array", async () => {
  await withTestServer({ instances: 23 }, async (server) => {
    for (const paging of ["PageSize=10", "MaxResults=10"]) {
      const { status, stdout, stderr } = await run(
        ["call", "--demo", "--region", "cn-hangzhou", "--all", "DescribeInstances", paging],
        {},
        server.fetch,
      );
      assert.equal(status, 0, stderr);
      const items = JSON.parse(stdout) as { InstanceId: string }[];
      assert.equal(items.length, 23);
      assert.equal(items[22]?.InstanceId, "i-test0023");
    }
    assert.equal(server.received.length, 6);
  });
});

test("main() refuses arguments and io of the wrong type with coded errors, and calls io as methods", async () => {
  const { AcsTypeError } = await import("../errors/mod.ts");
  const io: CliIo = { stdout: () => {}, stderr: () => {}, env: () => undefined };
  const cases: [unknown, unknown, string][] = [
    [null, io, "args"],
    ["sign", io, "args"],
    [["sign", "--demo", 5], io, "args[2]"],
    [["regions"], null, "io"],
    [["regions"], {}, "io.stdout"],
    [["regions"], { ...io, fetch: "x" }, "io.fetch"],
  ];
  for (const [args, given, parameter] of cases) {
    await assert.rejects(
      main(args as never, given as never),
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === parameter,
      parameter,
    );
  }
  class Recorder {
    lines: string[] = [];
    stdout(line: string): void {
      this.lines.push(line);
    }
    stderr(line: string): void {
      this.lines.push(line);
    }
    env(): undefined {
      return undefined;
    }
  }
  const recorder = new Recorder();
  assert.equal(await main(["--version"], recorder), 0);
  assert.equal(recorder.lines.length, 1);
});
