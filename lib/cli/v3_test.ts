// The command line's --v3: sign (with --demo, --explain, --json) and call.

import { test } from "node:test";
import assert from "node:assert/strict";
import { main } from "./main.ts";

async function run(args: string[], fetch?: typeof globalThis.fetch) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(args, {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    env: (name) =>
      ({ ALIBABA_CLOUD_ACCESS_KEY_ID: "envid", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "envsecret" })[
        name
      ],
    fetch,
  });
  return { status, out, err };
}

test("sign --demo --v3 --explain shows the V3 page's example, stage by stage", async () => {
  const { status, out } = await run(["sign", "--demo", "--v3", "--explain"]);
  assert.equal(status, 0);
  const text = out.join("\n");
  assert.match(
    text,
    /\nCanonical request:\n {2}POST\n {2}\/\n {2}ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811\.vhd&RegionId=cn-shanghai\n {2}host:ecs\.cn-shanghai\.aliyuncs\.com\n/,
  );
  assert.ok(out.includes("  7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"));
  assert.ok(out.includes("  06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"));
  // Only the demo line names the example's placeholder secret; no stage shows it.
  assert.ok(!out.slice(1).join("\n").includes("YourAccessKeySecret"), "the secret is never shown");
});

test("sign --v3 prints the URL and the headers, and --json the whole request", async () => {
  const plain = await run(["sign", "--v3", "DescribeRegions", "--region", "cn-hangzhou"]);
  assert.equal(plain.status, 0, plain.err.join("\n"));
  assert.equal(plain.out[0], "https://ecs.cn-hangzhou.aliyuncs.com/?RegionId=cn-hangzhou");
  assert.ok(
    plain.out.some((line) => /^authorization: ACS3-HMAC-SHA256 Credential=envid,/.test(line)),
  );
  const json = await run(["sign", "--v3", "--json", "--demo"]);
  const signed = JSON.parse(json.out.join("\n"));
  assert.equal(
    signed.signature,
    "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
  );
  assert.equal(signed.headers["x-acs-action"], "RunInstances");
});

test("sign --v3 refuses --format, which V3 does not have", async () => {
  const { status, err } = await run(["sign", "--v3", "--format", "XML", "DescribeRegions"]);
  assert.equal(status, 2);
  assert.equal(err[0], 'Error: Cannot use "--format" with "--v3": signature V3 has no Format');
});

test("call --v3 signs with ACS3-HMAC-SHA256", async () => {
  const seen: Request[] = [];
  const fakeFetch = ((input: string | URL | Request, init?: RequestInit) => {
    seen.push(new Request(input, init));
    return Promise.resolve(Response.json({ RequestId: "R-1" }));
  }) as typeof fetch;
  const { status } = await run(["call", "--v3", "DescribeRegions"], fakeFetch);
  assert.equal(status, 0);
  assert.match(seen[0]!.headers.get("authorization")!, /^ACS3-HMAC-SHA256 Credential=envid,/);
  assert.equal(new URL(seen[0]!.url).searchParams.has("Signature"), false);
});
