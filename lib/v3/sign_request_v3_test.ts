import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { json } from "../signature/mod.ts";
import { signRequestV3 as signForEndpoint, type SignRequestV3Options } from "./sign_request_v3.ts";
// Most tests go through the signRequestV3 of @acs/rpc, which resolves
// regionId and then calls this folder's; those of the endpoint-only one are
// marked.
import { signRequestV3 } from "../endpoints/sign_request.ts";
import {
  signRequest as signRequestForEndpoint,
  type SignRequestOptions,
} from "../signature/mod.ts";
import {
  DOC,
  DOC_AUTHORIZATION,
  DOC_CANONICAL_REQUEST,
  DOC_SIGNATURE,
  DOC_STRING_TO_SIGN,
  EMPTY_SHA256,
} from "./_test_doc_example.ts";

const OPTIONS: SignRequestV3Options = {
  action: DOC.action,
  method: "POST",
  endpoint: DOC.host,
  params: Object.fromEntries(DOC.params),
  credentials: { accessKeyId: DOC.accessKeyId, accessKeySecret: DOC.accessKeySecret },
  timestamp: new Date(DOC.date),
  nonce: DOC.nonce,
};

/** The V3 rules by hand with node:crypto, to check stages the documentation does not print. */
function recompute(canonicalRequest: string, secret: string): string {
  const hashed = createHash("sha256").update(canonicalRequest, "utf8").digest("hex");
  return createHmac("sha256", secret).update(`ACS3-HMAC-SHA256\n${hashed}`).digest("hex");
}

test("signRequestV3() reproduces the documentation's worked example stage by stage", () => {
  const request = signRequestV3(OPTIONS);
  assert.equal(request.canonicalRequest, DOC_CANONICAL_REQUEST);
  assert.equal(request.stringToSign, DOC_STRING_TO_SIGN);
  assert.equal(request.signature, DOC_SIGNATURE);
  assert.equal(request.method, "POST");
  assert.equal(
    request.url,
    "https://ecs.cn-shanghai.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
  );
  assert.deepEqual(request.headers, {
    "x-acs-action": "RunInstances",
    "x-acs-version": "2014-05-26",
    "x-acs-date": "2023-10-26T10:22:32Z",
    "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
    "x-acs-content-sha256": EMPTY_SHA256,
    accept: "application/json",
    authorization: DOC_AUTHORIZATION,
  });
  assert.equal(request.body, null);
});

test("signRequestV3() of @acs/rpc/v3 gives the same for an explicit endpoint", () => {
  assert.deepEqual(signForEndpoint(OPTIONS), signRequestV3(OPTIONS));
});

test("signRequestV3() resolves regionId and adds RegionId (and refuses regionId alone on @acs/rpc/v3)", () => {
  const request = signRequestV3({ ...OPTIONS, endpoint: undefined, regionId: "cn-shanghai" });
  assert.equal(new URL(request.url).host, "ecs.cn-shanghai.aliyuncs.com");
  assert.equal(request.signature, DOC_SIGNATURE);
  assert.throws(
    () => signForEndpoint({ ...OPTIONS, endpoint: undefined, regionId: "cn-shanghai" }),
    (error) => error instanceof AcsTypeError && error.parameter === "regionId",
  );
});

test("signRequestV3() signs the host fetch sends: lower case, no default port", () => {
  for (
    const [endpoint, host, url] of [
      [
        "ECS.CN-Shanghai.aliyuncs.com",
        "ecs.cn-shanghai.aliyuncs.com",
        "https://ecs.cn-shanghai.aliyuncs.com/",
      ],
      ["https://ecs.aliyuncs.com:443", "ecs.aliyuncs.com", "https://ecs.aliyuncs.com/"],
      ["http://127.0.0.1:80", "127.0.0.1", "http://127.0.0.1/"],
      ["http://127.0.0.1:8788", "127.0.0.1:8788", "http://127.0.0.1:8788/"],
      ["http://[::1]:8788", "[::1]:8788", "http://[::1]:8788/"],
    ]
  ) {
    const request = signRequestV3({ ...OPTIONS, params: undefined, endpoint: endpoint! });
    assert.equal(request.url, url);
    assert.equal(new URL(request.url).host, host);
    assert.match(
      request.canonicalRequest,
      new RegExp(`\nhost:${host!.replace(/[[\].]/g, "\\$&")}\n`),
    );
  }
});

test("signRequestV3() uses its defaults: GET, 2014-05-26, HTTPS, ecs.aliyuncs.com, accept JSON", () => {
  const request = signRequestV3({ action: "DescribeRegions", credentials: OPTIONS.credentials });
  assert.equal(request.method, "GET");
  assert.equal(request.url, "https://ecs.aliyuncs.com/");
  assert.equal(request.headers["x-acs-version"], "2014-05-26");
  assert.equal(request.headers.accept, "application/json");
  assert.match(request.headers["x-acs-date"]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(request.headers["x-acs-signature-nonce"]!, /^[0-9a-f-]{36}$/);
  assert.ok(request.canonicalRequest.startsWith("GET\n/\n\nhost:ecs.aliyuncs.com\n"));
  const other = signRequestV3({ action: "DescribeRegions", credentials: OPTIONS.credentials });
  assert.notEqual(other.headers["x-acs-signature-nonce"], request.headers["x-acs-signature-nonce"]);
});

test("signRequestV3() signs an STS token as x-acs-security-token, and no x-acs-accesskey-id", () => {
  const request = signRequestV3({
    ...OPTIONS,
    credentials: { ...OPTIONS.credentials, securityToken: "CAIS+token/==" },
  });
  assert.equal(request.headers["x-acs-security-token"], "CAIS+token/==");
  assert.match(request.canonicalRequest, /\nx-acs-security-token:CAIS\+token\/==\n/);
  assert.ok(!request.canonicalRequest.includes("x-acs-accesskey-id"));
  assert.ok(!request.url.includes("CAIS"), "the token stays out of the URL");
  assert.equal(request.signature, recompute(request.canonicalRequest, DOC.accessKeySecret));
});

test("signRequestV3() hashes and signs a form body, with its content type", () => {
  const body = "InstanceName=web%2001&Description=%C3%A9~x";
  const request = signRequestV3({ ...OPTIONS, params: { InstanceId: "i-1" }, body });
  const hashed = createHash("sha256").update(body, "utf8").digest("hex");
  assert.equal(request.body, body);
  assert.equal(request.headers["x-acs-content-sha256"], hashed);
  assert.equal(request.headers["content-type"], "application/x-www-form-urlencoded");
  assert.ok(request.canonicalRequest.endsWith(`\n${hashed}`));
  assert.match(
    request.canonicalRequest,
    /\ncontent-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n/,
  );
  assert.equal(request.signature, recompute(request.canonicalRequest, DOC.accessKeySecret));
});

test("signRequestV3() hashes raw bytes as they are, sent as application/octet-stream by default", () => {
  const body = new Uint8Array([0, 1, 2, 0xff]);
  const request = signRequestV3({ ...OPTIONS, body });
  assert.equal(request.body, body);
  assert.equal(request.headers["content-type"], "application/octet-stream");
  assert.equal(
    request.headers["x-acs-content-sha256"],
    createHash("sha256").update(body).digest("hex"),
  );
  const json = signRequestV3({
    ...OPTIONS,
    body: '{"a":1}',
    headers: { "Content-Type": "application/json" },
  });
  assert.equal(json.headers["content-type"], "application/json");
  assert.match(json.canonicalRequest, /\ncontent-type:application\/json\n/);
});

test("signRequestV3() signs x-acs-* headers, trimmed and in lower case, and sends accept unsigned", () => {
  const request = signRequestV3({
    ...OPTIONS,
    headers: { "X-Acs-Custom": "  padded value  ", Accept: "application/xml", "x-other": "v" },
  });
  assert.equal(request.headers["x-acs-custom"], "padded value");
  assert.equal(request.headers.accept, "application/xml");
  assert.equal(request.headers["x-other"], "v");
  assert.match(request.canonicalRequest, /\nx-acs-custom:padded value\n/);
  assert.ok(!request.canonicalRequest.includes("accept"));
  assert.ok(!request.canonicalRequest.includes("x-other"));
  assert.match(
    request.headers.authorization!,
    /SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-custom;x-acs-date;/,
  );
  assert.equal(request.signature, recompute(request.canonicalRequest, DOC.accessKeySecret));
});

test("signRequestV3() flattens parameters as the RPC signature does, and encodes them", () => {
  const request = signRequestV3({
    ...OPTIONS,
    params: { Tag: [{ Key: "a b", Value: "中" }], "My Param": "x*", Empty: "" },
  });
  assert.ok(
    request.url.endsWith("?Empty=&My%20Param=x%2A&Tag.1.Key=a%20b&Tag.1.Value=%E4%B8%AD"),
    request.url,
  );
  assert.match(request.canonicalRequest, /^POST\n\/\nEmpty=&My%20Param=x%2A&Tag\.1\.Key=a%20b&/);
});

test("signRequestV3() adds ResourceOwnerAccount as a parameter", () => {
  const request = signRequestV3({ ...OPTIONS, resourceOwnerAccount: "owner@example.com" });
  assert.ok(request.url.includes("&ResourceOwnerAccount=owner%40example.com"));
});

test("signRequestV3() never puts the secret in its result", () => {
  const secret = "s3cr3t-Value";
  const request = signRequestV3({
    ...OPTIONS,
    credentials: { accessKeyId: "id", accessKeySecret: secret },
  });
  assert.ok(!JSON.stringify(request).includes(secret));
});

type Bad = [
  string,
  Record<string, unknown>,
  typeof AcsTypeError | typeof AcsRangeError,
  string,
  string,
];
const bad: Bad[] = [
  ["an empty action", { action: "" }, AcsTypeError, "invalid-action", "action"],
  ["a lower-case method", { method: "post" }, AcsTypeError, "invalid-option", "method"],
  ["method PUT", { method: "PUT" }, AcsTypeError, "invalid-option", "method"],
  ["a format (V3 has none)", { format: "JSON" }, AcsTypeError, "invalid-option", "format"],
  ["a null option", { nonce: null }, AcsTypeError, "invalid-option", "nonce"],
  ["an empty nonce", { nonce: "" }, AcsTypeError, "invalid-option", "nonce"],
  ["a malformed version", { version: "20140526" }, AcsTypeError, "invalid-option", "version"],
  [
    "an endpoint with a path",
    { endpoint: "ecs.aliyuncs.com/x" },
    AcsRangeError,
    "invalid-option",
    "endpoint",
  ],
  [
    "an invalid timestamp",
    { timestamp: new Date(Number.NaN) },
    AcsRangeError,
    "invalid-timestamp",
    "timestamp",
  ],
  [
    "no credentials",
    { credentials: undefined },
    AcsTypeError,
    "invalid-credentials",
    "credentials",
  ],
  [
    "a padded secret",
    { credentials: { accessKeyId: "id", accessKeySecret: " s" } },
    AcsTypeError,
    "invalid-credentials",
    "credentials.accessKeySecret",
  ],
  [
    "an access key id with a comma",
    { credentials: { accessKeyId: "a,b", accessKeySecret: "s" } },
    AcsTypeError,
    "invalid-credentials",
    "accessKeyId",
  ],
  [
    "a common RPC parameter",
    { params: { Timestamp: "x" } },
    AcsTypeError,
    "reserved-parameter",
    "Timestamp",
  ],
  [
    "a common RPC parameter in lower case",
    { params: { signaturenonce: "x" } },
    AcsTypeError,
    "reserved-parameter",
    "signaturenonce",
  ],
  [
    "a Format parameter",
    { params: { Format: "JSON" } },
    AcsTypeError,
    "reserved-parameter",
    "Format",
  ],
  [
    "a RegionId that disagrees",
    { params: { RegionId: "cn-beijing" }, regionId: "cn-shanghai" },
    AcsTypeError,
    "region-mismatch",
    "RegionId",
  ],
  [
    "a duplicate parameter",
    { params: [["A", "1"], ["A", "2"]] },
    AcsTypeError,
    "duplicate-parameter",
    "A",
  ],
  [
    "a host header",
    { headers: { Host: "evil.example" } },
    AcsTypeError,
    "reserved-parameter",
    "headers.host",
  ],
  [
    "an x-acs-date header",
    { headers: { "x-acs-date": "2023-10-26T10:22:32Z" } },
    AcsTypeError,
    "reserved-parameter",
    "headers.x-acs-date",
  ],
  [
    "an authorization header",
    { headers: { Authorization: "x" } },
    AcsTypeError,
    "reserved-parameter",
    "headers.authorization",
  ],
  [
    "a header with a newline",
    { headers: { "x-acs-note": "a\r\nb" } },
    AcsTypeError,
    "invalid-header",
    "headers.x-acs-note",
  ],
  [
    "a non-ASCII header",
    { headers: { "x-acs-note": "é" } },
    AcsTypeError,
    "invalid-header",
    "headers.x-acs-note",
  ],
  [
    "a header given twice",
    { headers: [["x-acs-a", "1"], ["X-Acs-A", "2"]] },
    AcsTypeError,
    "duplicate-parameter",
    "headers.x-acs-a",
  ],
  ["a body on a GET", { method: "GET", body: "a=1" }, AcsTypeError, "invalid-option", "body"],
  [
    "a body that is neither text nor bytes",
    { body: { a: 1 } },
    AcsTypeError,
    "invalid-option",
    "body",
  ],
  ["a body with a lone surrogate", { body: "a=\ud800" }, AcsTypeError, "invalid-unicode", "body"],
  [
    "a security token over plain HTTP",
    {
      protocol: "http",
      credentials: { accessKeyId: "id", accessKeySecret: "s", securityToken: "t" },
    },
    AcsTypeError,
    "insecure-protocol",
    "protocol",
  ],
  [
    "a password over plain HTTP",
    { protocol: "http", params: { Password: "p" } },
    AcsTypeError,
    "insecure-protocol",
    "Password",
  ],
];
for (const [what, change, Class, code, parameter] of bad) {
  test(`signRequestV3() refuses ${what}`, () => {
    assert.throws(
      () => signRequestV3({ ...OPTIONS, ...change } as SignRequestV3Options),
      (error) =>
        error instanceof Class && (error as AcsTypeError).code === code &&
        (error as AcsTypeError).parameter === parameter,
    );
  });
}

test("signRequestV3() says where to set a reserved parameter or header instead", () => {
  assert.throws(
    () => signRequestV3({ ...OPTIONS, params: { SignatureNonce: "n" } }),
    {
      message:
        'Cannot sign request: "SignatureNonce" is a common parameter of the RPC signature; with V3 set it with the "nonce" option (sent as x-acs-signature-nonce)',
    },
  );
  assert.throws(
    () => signRequestV3({ ...OPTIONS, headers: { "X-Acs-Content-SHA256": "x" } }),
    {
      message:
        'Cannot sign request: header "x-acs-content-sha256" is set by the V3 signature; set it with nothing: acs-rpc hashes the "body"',
    },
  );
});

// Issue 16, item 10, for V3 as for the RPC signature: each option and
// credential field read once, unknown options refused, no secret over HTTP.

test("signRequestV3() refuses an unknown option, naming the one meant", () => {
  for (const signer of [signRequestV3, signForEndpoint]) {
    assert.throws(
      () => signer({ ...OPTIONS, regionID: "cn-shanghai" } as SignRequestV3Options),
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === "regionID" && /did you mean "regionId"\?/.test(error.message),
    );
  }
});

test("signRequestV3() refuses an unknown option, naming the one meant, as signRequest does", () => {
  const cases: [string, RegExp][] = [
    ["regionID", /unknown option "regionID"; did you mean "regionId"\?/],
    ["Headers", /unknown option "Headers"; did you mean "headers"\?/],
    ["bdoy", /did you mean "body"\?/],
    ["signal", /unknown option "signal"; the options are "action", "params"/],
  ];
  for (const [key, message] of cases) {
    assert.throws(
      () => signForEndpoint({ ...OPTIONS, [key]: "x" } as SignRequestV3Options),
      (error) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === key && message.test(error.message) &&
        // format is refused on its own, never offered.
        !error.message.includes('"format"'),
    );
  }
});

test("signRequestV3() gives a coded error for options and credentials it cannot read", () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  for (const signer of [signRequestV3, signForEndpoint]) {
    assert.throws(
      () => signer(proxy as SignRequestV3Options),
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === "options",
    );
    assert.throws(
      () => signer({ ...OPTIONS, credentials: proxy as SignRequestV3Options["credentials"] }),
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-credentials" &&
        error.parameter === "credentials",
    );
  }
});

test("signRequestV3() signs the security token it checked, even from a changing getter", () => {
  let reads = 0;
  const credentials = {
    accessKeyId: "testid",
    accessKeySecret: "testsecret",
    // A token on every read but the second: the plain-HTTP check read it then.
    get securityToken() {
      return ++reads === 2 ? undefined : "token";
    },
  };
  assert.throws(
    () => signRequestV3({ ...OPTIONS, credentials, endpoint: "http://127.0.0.1:8788" }),
    (error: unknown) => error instanceof AcsTypeError && error.code === "insecure-protocol",
  );
  assert.equal(reads, 1);
});

test("signRequestV3() refuses a password inside a json() value over plain HTTP", () => {
  const params = { Config: json([{ Name: "x" }, { AdminPassword: "hunter2" }]) };
  assert.throws(
    () => signRequestV3({ ...OPTIONS, params, endpoint: "http://127.0.0.1:8788" }),
    (error: unknown) =>
      error instanceof AcsTypeError && error.code === "insecure-protocol" &&
      error.parameter === "Config[1].AdminPassword",
  );
  // Values that merely mention a password are not secrets; HTTPS is fine.
  const mention = { Note: json(["Password", { PasswordInherit: true }]) };
  assert.ok(signRequestV3({ ...OPTIONS, params: mention, protocol: "http" }).url);
  assert.ok(signRequestV3({ ...OPTIONS, params }).url.startsWith("https://"));
});

test("signRequestV3() refuses a body it cannot read with a coded error", () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  for (const body of [proxy, Object.create(Uint8Array.prototype)]) {
    assert.throws(
      () => signRequestV3({ ...OPTIONS, body: body as Uint8Array }),
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === "body",
    );
  }
});

test("signRequestV3() reads each option and each credential field exactly once", () => {
  const reads = new Map<string, number>();
  const counted = <T extends object>(prefix: string, target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        if (typeof key === "string") {
          reads.set(`${prefix}${key}`, (reads.get(`${prefix}${key}`) ?? 0) + 1);
        }
        return Reflect.get(object, key, receiver);
      },
    });
  const credentials = counted("credentials.", {
    accessKeyId: DOC.accessKeyId,
    accessKeySecret: DOC.accessKeySecret,
    securityToken: "token",
  });
  signForEndpoint(counted("", {
    ...OPTIONS,
    credentials,
    regionId: "cn-shanghai",
    network: "public" as const,
    version: "2014-05-26",
    resourceOwnerAccount: "owner",
    headers: { "x-acs-note": "n" },
    body: "a=1",
  }));
  for (const [key, count] of reads) assert.equal(count, 1, `${key} was read ${count} times`);
  assert.equal(reads.get("credentials.accessKeySecret"), 1);
  assert.equal(reads.get("credentials.securityToken"), 1);
  // What is checked is what is signed: a token that vanishes after its check is still sent.
  let tokenReads = 0;
  const request = signForEndpoint({
    ...OPTIONS,
    credentials: {
      accessKeyId: DOC.accessKeyId,
      accessKeySecret: DOC.accessKeySecret,
      get securityToken() {
        return ++tokenReads === 1 ? "token-1" : undefined;
      },
    },
  });
  assert.equal(request.headers["x-acs-security-token"], "token-1");
});

test("signRequestV3() gives signRequest's code, parameter and message for the same mistake", () => {
  const base = {
    action: "DescribeRegions",
    credentials: { accessKeyId: "id", accessKeySecret: "secret" },
    endpoint: "ecs.aliyuncs.com",
  };
  const long = "x".repeat(100);
  const mistakes: Record<string, unknown>[] = [
    { action: "Describe Regions" },
    { action: "" },
    { action: `A-${long}` },
    { credentials: undefined },
    { credentials: { accessKeyId: "id", accessKeySecret: " s" } },
    { credentials: { accessKeyId: "id", accessKeySecret: "s", securityToken: 1 } },
    {
      get credentials(): never {
        throw new Error("no");
      },
    },
    { method: "PUT" },
    { protocol: "ftp" },
    { version: "20140526" },
    { version: long },
    { network: "vpc", regionId: undefined },
    { network: "private", regionId: "cn-hangzhou" },
    { regionId: "" },
    { regionId: "cn-hangzhou", endpoint: undefined },
    { endpoint: "ecs.aliyuncs.com/x" },
    { nonce: "" },
    { nonce: null },
    { resourceOwnerAccount: "" },
    {
      protocol: "http",
      credentials: { accessKeyId: "id", accessKeySecret: "s", securityToken: "t" },
    },
    { regionId: "cn-hangzhou", params: { RegionId: long } },
    { regionID: "cn-hangzhou" },
  ];
  const failure = (call: () => unknown) => {
    try {
      call();
    } catch (error) {
      const { name, message, code, parameter } = error as AcsTypeError;
      return {
        name,
        message: message.replace("@acs/rpc/signature", "@acs/rpc/v3"),
        code,
        parameter,
      };
    }
    return "no error";
  };
  for (const mistake of mistakes) {
    const options = Object.defineProperties(
      { ...base },
      Object.getOwnPropertyDescriptors(mistake),
    );
    const rpc = failure(() => signRequestForEndpoint(options as SignRequestOptions));
    const v3 = failure(() => signForEndpoint(options as SignRequestV3Options));
    assert.notEqual(rpc, "no error");
    assert.deepEqual(
      v3,
      typeof rpc === "object" && rpc.message.includes("import signRequest ")
        ? { ...rpc, message: rpc.message.replace("import signRequest ", "import signRequestV3 ") }
        : rpc,
      JSON.stringify(Object.keys(mistake)),
    );
  }
});
