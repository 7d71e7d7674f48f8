import { test } from "node:test";
import assert from "node:assert/strict";
import { buildStringToSign } from "./build_string_to_sign.ts";
import { canonicalize } from "./canonicalize.ts";
import { AcsRangeError, AcsTypeError } from "../errors/errors.ts";
import { sign } from "./sign.ts";
import { signRequest as signForEndpoint, type SignRequestOptions } from "./sign_request.ts";
// Most tests go through the signRequest of @acs/rpc, which resolves regionId
// and then calls this folder's; those of the endpoint-only one are marked.
import { signRequest } from "../endpoints/sign_request.ts";

const DOC: SignRequestOptions = {
  action: "DescribeRegions",
  format: "XML",
  credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
  timestamp: new Date("2016-02-23T12:46:24Z"),
  nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
};

// Each stage as printed on the documentation's request-signing page.
const DOC_CANONICAL = "AccessKeyId=testid&Action=DescribeRegions&Format=XML" +
  "&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
  "&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26";
const DOC_STRING_TO_SIGN = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions" +
  "%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
  "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
  "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z" +
  "%26Version%3D2014-05-26";

test("signRequest() reproduces the documentation's worked example stage by stage", () => {
  const request = signRequest(DOC);
  assert.equal(request.canonicalQuery, DOC_CANONICAL);
  assert.equal(request.stringToSign, DOC_STRING_TO_SIGN);
  assert.equal(request.signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  assert.equal(
    request.url,
    `https://ecs.aliyuncs.com/?${DOC_CANONICAL}&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D`,
  );
  assert.equal(request.method, "GET");
  assert.deepEqual(request.headers, {});
  assert.equal(request.body, null);
});

test("the documentation's erratum signature comes from the misspelled TimeStamp", () => {
  // Some copies of the page print CT9X0VtwR86fNWSnsc6v8YGOjuE=: it is what
  // signing "TimeStamp" instead of "Timestamp" gives, which the server rejects.
  const misspelled = canonicalize([
    ["AccessKeyId", "testid"],
    ["Action", "DescribeRegions"],
    ["Format", "XML"],
    ["SignatureMethod", "HMAC-SHA1"],
    ["SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"],
    ["SignatureVersion", "1.0"],
    ["TimeStamp", "2016-02-23T12:46:24Z"],
    ["Version", "2014-05-26"],
  ]);
  assert.equal(
    sign(buildStringToSign("GET", misspelled), "testsecret"),
    "CT9X0VtwR86fNWSnsc6v8YGOjuE=",
  );
  assert.throws(
    () => signRequest({ ...DOC, params: { TimeStamp: "2016-02-23T12:46:24Z" } }),
    (error) => error instanceof AcsTypeError && error.code === "reserved-parameter",
  );
});

test("signRequest() sends a POST as a form body and a URL without query", () => {
  const get = signRequest(DOC);
  const post = signRequest({ ...DOC, method: "POST" });
  assert.equal(post.url, "https://ecs.aliyuncs.com/");
  assert.deepEqual(post.headers, { "content-type": "application/x-www-form-urlencoded" });
  assert.equal(post.canonicalQuery, get.canonicalQuery);
  assert.equal(post.stringToSign, "POST" + get.stringToSign.slice(3));
  assert.equal(post.body, `${post.canonicalQuery}&Signature=${encodeURIComponent(post.signature)}`);
  assert.notEqual(post.signature, get.signature);
});

test("signRequest() adds SecurityToken and ResourceOwnerAccount", () => {
  const request = signRequest({
    ...DOC,
    credentials: { ...DOC.credentials, securityToken: "CAIS token/+=" },
    resourceOwnerAccount: "owner@example.com",
  });
  assert.match(
    request.canonicalQuery,
    /&ResourceOwnerAccount=owner%40example.com&SecurityToken=CAIS%20token%2F%2B%3D&/,
  );
});

test("signRequest() flattens and sorts API parameters among the common ones", () => {
  const request = signRequest({
    ...DOC,
    params: { RegionId: "cn-hangzhou", Tag: [{ Key: "a b", Value: "中" }], PageSize: 10 },
  });
  assert.ok(
    request.canonicalQuery.startsWith(
      "AccessKeyId=testid&Action=DescribeRegions&Format=XML&PageSize=10&RegionId=cn-hangzhou&",
    ),
  );
  assert.ok(request.canonicalQuery.includes("&Tag.1.Key=a%20b&Tag.1.Value=%E4%B8%AD&Timestamp="));
});

test("signRequest() uses its defaults: JSON, 2014-05-26, HTTPS, ecs.aliyuncs.com, GET", () => {
  const request = signRequest({ action: "DescribeRegions", credentials: DOC.credentials });
  const url = new URL(request.url);
  assert.equal(url.origin, "https://ecs.aliyuncs.com");
  assert.equal(url.searchParams.get("Format"), "JSON");
  assert.equal(url.searchParams.get("Version"), "2014-05-26");
  assert.match(
    url.searchParams.get("SignatureNonce")!,
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.match(url.searchParams.get("Timestamp")!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test("signRequest() draws a fresh nonce for every request", () => {
  const a = new URL(signRequest({ action: "DescribeRegions", credentials: DOC.credentials }).url);
  const b = new URL(signRequest({ action: "DescribeRegions", credentials: DOC.credentials }).url);
  assert.notEqual(a.searchParams.get("SignatureNonce"), b.searchParams.get("SignatureNonce"));
});

test("signRequest() honours endpoint, version, protocol and JSON format options", () => {
  const request = signRequest({
    ...DOC,
    endpoint: "127.0.0.1:8080",
    version: "2016-03-14",
    format: "JSON",
    protocol: "http",
  });
  assert.ok(request.url.startsWith("http://127.0.0.1:8080/?"));
  assert.ok(request.canonicalQuery.includes("&Format=JSON&"));
  assert.ok(request.canonicalQuery.endsWith("&Version=2016-03-14"));
});

test("signRequest() never puts the secret in its result", () => {
  const secret = "s3cr3t-Value";
  const request = signRequest({
    ...DOC,
    credentials: { accessKeyId: "id", accessKeySecret: secret },
  });
  assert.ok(!JSON.stringify(request).includes(secret));
});

type Bad = [
  string,
  Partial<SignRequestOptions>,
  typeof AcsTypeError | typeof AcsRangeError,
  string,
  string,
];
const SECRET = "VerySecretValue";
const bad: Bad[] = [
  [
    "an empty action",
    { action: "" },
    AcsTypeError,
    "invalid-action",
    'Cannot sign request: the "action" option is empty or missing',
  ],
  [
    "an action that is not a plain name",
    { action: "Describe Regions" },
    AcsTypeError,
    "invalid-action",
    'Cannot sign request: action "Describe Regions" is not a plain API name',
  ],
  [
    "an action with a query",
    { action: "DescribeRegions&X=1" },
    AcsTypeError,
    "invalid-action",
    'Cannot sign request: action "DescribeRegions&X=1" is not a plain API name',
  ],
  [
    "a lower-case method",
    { method: "get" as "GET" },
    AcsTypeError,
    "invalid-option",
    'Cannot sign request: "method" must be "GET" or "POST", got "get"',
  ],
  [
    "an unknown format",
    { format: "YAML" as "XML" },
    AcsTypeError,
    "invalid-option",
    'Cannot sign request: "format" must be "JSON" or "XML", got "YAML"',
  ],
  [
    "an unknown protocol",
    { protocol: "ftp" as "http" },
    AcsTypeError,
    "invalid-option",
    'Cannot sign request: "protocol" must be "https" or "http", got "ftp"',
  ],
  [
    "a malformed version",
    { version: "20140526" },
    AcsTypeError,
    "invalid-option",
    'Cannot sign request: "version" must look like "2014-05-26", got "20140526"',
  ],
  [
    "an endpoint with another scheme",
    { endpoint: "ftp://ecs.aliyuncs.com" },
    AcsRangeError,
    "invalid-option",
    'Cannot use endpoint "ftp://ecs.aliyuncs.com": expected "https://" or "http://", or a bare host name',
  ],
  [
    "an endpoint with a path",
    { endpoint: "ecs.aliyuncs.com/x" },
    AcsRangeError,
    "invalid-option",
    'Cannot use endpoint "ecs.aliyuncs.com/x": expected a host name with an optional port, without path, query, user or spaces',
  ],
  [
    "an endpoint URL with a path",
    { endpoint: "https://ecs.aliyuncs.com/x/" },
    AcsRangeError,
    "invalid-option",
    'Cannot use endpoint "https://ecs.aliyuncs.com/x/": expected a host name with an optional port, without path, query, user or spaces',
  ],
  [
    "an endpoint URL that disagrees with protocol",
    { endpoint: "http://127.0.0.1:8788", protocol: "https" },
    AcsTypeError,
    "invalid-option",
    'Cannot use endpoint: it is an http:// URL but the "protocol" option is "https"; leave one of them out',
  ],
  [
    "a password to an http:// endpoint URL",
    { endpoint: "http://127.0.0.1:8788", params: { Password: "p" } },
    AcsTypeError,
    "insecure-protocol",
    'Cannot sign request: parameter "Password" carries a secret and must not be sent over plain HTTP; use "https"',
  ],
  [
    "an unknown region",
    { regionId: "cn-hangzou" },
    AcsRangeError,
    "unknown-region",
    'Cannot resolve endpoint for region "cn-hangzou": unknown region id; did you mean "cn-hangzhou"?',
  ],
  [
    "a VPC endpoint where none is documented",
    { regionId: "eu-west-2", network: "vpc" },
    AcsRangeError,
    "no-vpc-endpoint",
    'Cannot resolve VPC endpoint for region "eu-west-2": no VPC endpoint is documented; use the public network or pass an explicit "endpoint" option',
  ],
  [
    "a network without a region",
    { network: "vpc" },
    AcsTypeError,
    "invalid-option",
    'Cannot sign request: "network" chooses among a region\'s endpoints: set "regionId" too',
  ],
  [
    "a RegionId parameter that disagrees with regionId",
    { regionId: "cn-hangzhou", params: { RegionId: "cn-beijing" } },
    AcsTypeError,
    "region-mismatch",
    'Cannot sign request: parameter "RegionId" is "cn-beijing" but the "regionId" option is "cn-hangzhou"',
  ],
  [
    "an empty nonce",
    { nonce: "" },
    AcsTypeError,
    "invalid-option",
    'Cannot sign request: "nonce" must be a non-empty string',
  ],
  [
    "an invalid timestamp",
    { timestamp: new Date(Number.NaN) },
    AcsRangeError,
    "invalid-timestamp",
    "Cannot format timestamp: the Date is invalid",
  ],
  [
    "an empty resourceOwnerAccount",
    { resourceOwnerAccount: "" },
    AcsTypeError,
    "invalid-option",
    'Cannot sign request: "resourceOwnerAccount" must be a non-empty string',
  ],
  [
    "missing credentials",
    { credentials: undefined as never },
    AcsTypeError,
    "invalid-credentials",
    'Cannot sign request: the "credentials" option is missing',
  ],
  [
    "an empty access key id",
    { credentials: { accessKeyId: "", accessKeySecret: SECRET } },
    AcsTypeError,
    "invalid-credentials",
    "Cannot sign request: credentials.accessKeyId is empty",
  ],
  [
    "a secret with a trailing newline",
    { credentials: { accessKeyId: "id", accessKeySecret: SECRET + "\n" } },
    AcsTypeError,
    "invalid-credentials",
    "Cannot sign request: credentials.accessKeySecret has leading or trailing white space",
  ],
  [
    "a secret with a leading space",
    { credentials: { accessKeyId: "id", accessKeySecret: " " + SECRET } },
    AcsTypeError,
    "invalid-credentials",
    "Cannot sign request: credentials.accessKeySecret has leading or trailing white space",
  ],
  [
    "a secret that is not a string",
    { credentials: { accessKeyId: "id", accessKeySecret: 42 as never } },
    AcsTypeError,
    "invalid-credentials",
    "Cannot sign request: credentials.accessKeySecret must be a string",
  ],
  [
    "an empty security token",
    { credentials: { accessKeyId: "id", accessKeySecret: SECRET, securityToken: "" } },
    AcsTypeError,
    "invalid-credentials",
    "Cannot sign request: credentials.securityToken is empty",
  ],
  [
    "Timestamp among the params",
    { params: { Timestamp: "x" } },
    AcsTypeError,
    "reserved-parameter",
    'Cannot sign request: "Timestamp" is a common request parameter; set it with the "timestamp" option',
  ],
  [
    "a misspelled TimeStamp among the params",
    { params: { TimeStamp: "x" } },
    AcsTypeError,
    "reserved-parameter",
    'Cannot sign request: "TimeStamp" is a common request parameter; set it with the "timestamp" option',
  ],
  [
    "Signature among the params",
    { params: { Signature: "x" } },
    AcsTypeError,
    "reserved-parameter",
    'Cannot sign request: "Signature" is a common request parameter; set it with nothing: acs-rpc computes it',
  ],
  [
    "SecurityToken among the params",
    { params: [["SecurityToken", "x"]] },
    AcsTypeError,
    "reserved-parameter",
    'Cannot sign request: "SecurityToken" is a common request parameter; set it with the "credentials.securityToken" option',
  ],
  [
    "Action among the params",
    { params: { Action: "RunInstances" } },
    AcsTypeError,
    "reserved-parameter",
    'Cannot sign request: "Action" is a common request parameter; set it with the "action" option',
  ],
  [
    "a password over plain HTTP",
    { protocol: "http", params: { Password: "p@ss" } },
    AcsTypeError,
    "insecure-protocol",
    'Cannot sign request: parameter "Password" carries a secret and must not be sent over plain HTTP; use "https"',
  ],
  [
    "key material over plain HTTP",
    { protocol: "http", params: { PublicKeyBody: "ssh-rsa AAAA" } },
    AcsTypeError,
    "insecure-protocol",
    'Cannot sign request: parameter "PublicKeyBody" carries a secret and must not be sent over plain HTTP; use "https"',
  ],
  [
    "a nested password over plain HTTP",
    { protocol: "http", params: { Instance: [{ VncPassword: "x" }] } },
    AcsTypeError,
    "insecure-protocol",
    'Cannot sign request: parameter "Instance.1.VncPassword" carries a secret and must not be sent over plain HTTP; use "https"',
  ],
  [
    "a repeat list of passwords over plain HTTP",
    { protocol: "http", params: { Password: ["a", "b"] } },
    AcsTypeError,
    "insecure-protocol",
    'Cannot sign request: parameter "Password.1" carries a secret and must not be sent over plain HTTP; use "https"',
  ],
  [
    "a null timestamp",
    { timestamp: null as never },
    AcsTypeError,
    "invalid-option",
    'Cannot sign request: "timestamp" must not be null; leave it out for the default',
  ],
  [
    "a null nonce",
    { nonce: null as never },
    AcsTypeError,
    "invalid-option",
    'Cannot sign request: "nonce" must not be null; leave it out for the default',
  ],
  [
    "a null method",
    { method: null as never },
    AcsTypeError,
    "invalid-option",
    'Cannot sign request: "method" must not be null; leave it out for the default',
  ],
  [
    "a security token over plain HTTP",
    {
      protocol: "http",
      credentials: { accessKeyId: "id", accessKeySecret: SECRET, securityToken: "tok" },
    },
    AcsTypeError,
    "insecure-protocol",
    'Cannot sign request: a request with a security token must not be sent over plain HTTP; use "https"',
  ],
];
for (const [what, override, ErrorClass, code, message] of bad) {
  test(`signRequest() refuses ${what}`, () => {
    assert.throws(() => signRequest({ ...DOC, ...override } as SignRequestOptions), (error) => {
      assert.ok(error instanceof ErrorClass, String(error));
      assert.equal((error as AcsTypeError).code, code);
      assert.equal(error.message, message);
      assert.ok(!error.message.includes(SECRET), "the message shows the secret");
      return true;
    });
  });
}

test("signRequest() allows plain HTTP for requests without secrets, and PasswordInherit", () => {
  const request = signRequest({
    ...DOC,
    protocol: "http",
    params: { PasswordInherit: true, KeyPairName: "k" },
  });
  assert.ok(request.url.startsWith("http://ecs.aliyuncs.com/?"));
});

test("signRequest() takes the protocol from an endpoint URL", () => {
  for (const signer of [signRequest, signForEndpoint]) {
    assert.ok(
      signer({ ...DOC, endpoint: "http://127.0.0.1:8788" }).url.startsWith(
        "http://127.0.0.1:8788/?AccessKeyId=",
      ),
    );
    assert.ok(
      signer({ ...DOC, endpoint: "https://ecs.aliyuncs.com/" }).url.startsWith(
        "https://ecs.aliyuncs.com/?AccessKeyId=",
      ),
    );
    assert.equal(
      signer({ ...DOC, endpoint: "http://127.0.0.1:8788", method: "POST" }).url,
      "http://127.0.0.1:8788/",
    );
  }
});

test("signRequest() of @acs/rpc/signature needs an endpoint with regionId", () => {
  assert.throws(() => signForEndpoint({ ...DOC, regionId: "cn-hangzhou" }), {
    name: "AcsTypeError",
    code: "invalid-option",
    parameter: "regionId",
    message:
      'Cannot sign request: "regionId" needs the endpoint table, which "@acs/rpc/signature" leaves out: pass "endpoint" too, or import signRequest from "@acs/rpc", which resolves the region',
  });
  const request = signForEndpoint({
    ...DOC,
    regionId: "cn-hangzhou",
    endpoint: "ecs.cn-hangzhou.aliyuncs.com",
  });
  assert.equal(
    request.url,
    signRequest({ ...DOC, regionId: "cn-hangzhou" }).url,
  );
});

test("signRequest() resolves regionId to its endpoint and adds RegionId", () => {
  const request = signRequest({ ...DOC, regionId: "ap-southeast-3" });
  assert.ok(request.url.startsWith("https://ecs.ap-southeast-3.aliyuncs.com/?"));
  assert.ok(request.canonicalQuery.includes("&RegionId=ap-southeast-3&"));
  const vpc = signRequest({ ...DOC, regionId: "cn-hangzhou", network: "vpc" });
  assert.ok(vpc.url.startsWith("https://ecs-vpc.cn-hangzhou.aliyuncs.com/?"));
});

test("signRequest() keeps a RegionId parameter that agrees with regionId, once", () => {
  const request = signRequest({
    ...DOC,
    regionId: "cn-beijing",
    params: { RegionId: "cn-beijing" },
  });
  assert.equal(request.canonicalQuery.split("RegionId=").length, 2);
});

test("signRequest() lets an explicit endpoint win over regionId's", () => {
  const request = signRequest({
    ...DOC,
    regionId: "cn-beijing",
    endpoint: "127.0.0.1:9000",
    protocol: "http",
  });
  assert.ok(request.url.startsWith("http://127.0.0.1:9000/?"));
  assert.ok(request.canonicalQuery.includes("&RegionId=cn-beijing&"));
});
