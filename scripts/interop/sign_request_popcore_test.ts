// Differential test: our pipeline against the official Node SDK,
// @alicloud/pop-core 1.8.0, for a spread of parameter sets. pop-core reads the
// clock and draws its own nonce, so both are pinned here; its transport is
// stubbed, so nothing is sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import RPCClient from "@alicloud/pop-core";
import httpx from "httpx";
import kitx from "kitx";
import { signRequest } from "../../lib/signature/sign_request.ts";

interface Captured {
  url: string;
  body: string | undefined;
}

const NONCE = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
const INSTANT = "2016-02-23T12:46:24.789Z";

/** Runs `fn` with pop-core's clock, nonce and transport pinned, returning what it would send. */
async function popCoreRequest(
  action: string,
  params: Record<string, string>,
  method: "GET" | "POST",
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string },
): Promise<Captured> {
  const RealDate = Date;
  const FixedDate = class extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      super(...((args.length === 0 ? [INSTANT] : args) as [string]));
    }
  };
  const real = { request: httpx.request, read: httpx.read, makeNonce: kitx.makeNonce };
  let captured: Captured | undefined;
  globalThis.Date = FixedDate as DateConstructor;
  kitx.makeNonce = () => NONCE;
  Object.assign(httpx, {
    request(url: string, opts: { data?: string }) {
      captured = { url, body: opts.data };
      return Promise.resolve({ req: { getHeaders: () => ({}) }, statusCode: 200, headers: {} });
    },
    read: () => Promise.resolve('{"RequestId":"stub"}'),
  });
  try {
    const client = new RPCClient({
      endpoint: "https://ecs.aliyuncs.com",
      apiVersion: "2014-05-26",
      ...credentials,
    });
    await client.request(action, params, { method, formatParams: false });
  } finally {
    globalThis.Date = RealDate;
    Object.assign(httpx, { request: real.request, read: real.read });
    kitx.makeNonce = real.makeNonce;
  }
  assert.ok(captured, "pop-core sent nothing");
  return captured;
}

const PARAMETER_SETS: [string, Record<string, string>][] = [
  ["no API parameters", {}],
  ["a space", { InstanceName: "my web server" }],
  ["reserved and special characters", { Description: "a*b~c+d/e=f&g!h'i(j)k%l:m?n#o@p$q,r;s" }],
  ["Chinese", { InstanceName: "杭州 实例", Description: "中文描述" }],
  ["an emoji and combining marks", { Description: "ok 👍 e\u0301" }],
  ["empty values", { Description: "", InstanceName: "" }],
  ["a repeat list", { "InstanceId.1": "i-1", "InstanceId.2": "i-2", "InstanceId.10": "i-10" }],
  ["a Tag list", {
    "Tag.1.Key": "env",
    "Tag.1.Value": "prod",
    "Tag.2.Key": "team",
    "Tag.2.Value": "a b",
  }],
  ["a JSON-valued parameter", { InstanceIds: '["i-1","i-2"]', RegionId: "cn-hangzhou" }],
  ["names that sort by code unit", { "a_b": "1", "aB": "2", "A-b": "3", "Ab": "4", "ab": "5" }],
];

const CREDENTIALS = [
  ["an access key", { accessKeyId: "testid", accessKeySecret: "testsecret" }],
  ["an STS token", {
    accessKeyId: "STS.testid",
    accessKeySecret: "testsecret",
    securityToken: "CAIS+token/with=special&chars",
  }],
] as const;

for (const method of ["GET", "POST"] as const) {
  for (const [credentialsName, credentials] of CREDENTIALS) {
    for (const [setName, params] of PARAMETER_SETS) {
      test(`signRequest() agrees with pop-core 1.8.0: ${method}, ${credentialsName}, ${setName}`, async () => {
        const theirs = await popCoreRequest("DescribeInstances", params, method, credentials);
        const ours = signRequest({
          action: "DescribeInstances",
          params,
          method,
          credentials,
          timestamp: new Date(INSTANT),
          nonce: NONCE,
        });
        assert.equal(ours.url, theirs.url);
        if (method === "POST") assert.equal(ours.body, theirs.body);
        else assert.equal(ours.body, null);
        // pop-core exposes no intermediate stage, but its wire form carries every
        // parameter: the canonical query is the signed query without Signature.
        const wire = method === "GET" ? new URL(theirs.url).search.slice(1) : theirs.body!;
        const signatureAt = wire.lastIndexOf("&Signature=");
        assert.ok(signatureAt > 0, "pop-core's request has no Signature");
        assert.equal(ours.canonicalQuery, wire.slice(0, signatureAt));
        assert.equal(
          ours.signature,
          decodeURIComponent(wire.slice(signatureAt + "&Signature=".length)),
        );
      });
    }
  }
}
