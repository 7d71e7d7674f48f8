import { test } from "node:test";
import assert from "node:assert/strict";
import { buildStringToSign } from "../signature/build_string_to_sign.ts";
import { AcsRangeError, AcsTypeError } from "../errors/errors.ts";
import { MemoryNonceStore } from "./nonce_store.ts";
import { sign } from "../signature/sign.ts";
import { signRequest, type SignRequestOptions } from "../signature/sign_request.ts";
import { verifyRequest, type VerifyRequestOptions, type VerifyResult } from "./verify_request.ts";

const NOW = new Date("2016-02-23T12:50:00Z");
const SIGNED_AT = new Date("2016-02-23T12:46:24Z");
const CREDENTIALS = { accessKeyId: "testid", accessKeySecret: "testsecret" };

let counter = 0;
function signed(overrides: Partial<SignRequestOptions> = {}) {
  return signRequest({
    action: "DescribeRegions",
    credentials: CREDENTIALS,
    timestamp: SIGNED_AT,
    nonce: `nonce-${++counter}`,
    endpoint: "ecs.aliyuncs.com",
    ...overrides,
  });
}

function options(
  overrides: Partial<VerifyRequestOptions> = {},
): VerifyRequestOptions {
  return {
    lookupSecret: (id) => (id === "testid" ? "testsecret" : undefined),
    now: () => NOW,
    nonceStore: new MemoryNonceStore(),
    ...overrides,
  };
}

function refused(result: VerifyResult): { code: string; status: number } {
  assert.ok(!result.ok, "expected the request to be refused");
  return { code: result.error.code, status: result.error.status };
}

/** Replaces one query parameter of a URL, leaving the rest byte for byte. */
function withParam(url: string, name: string, value: string | null): string {
  const [base, query = ""] = url.split("?");
  const fields = query.split("&").filter((field) => !field.startsWith(`${name}=`));
  if (value !== null) fields.push(`${name}=${value}`);
  return `${base}?${fields.join("&")}`;
}

test("verifyRequest() accepts a GET signed by signRequest()", async () => {
  const request = signed({ params: { RegionId: "cn-hangzhou", Name: "a b" } });
  const result = await verifyRequest(new Request(request.url), options());
  assert.ok(result.ok);
  assert.deepEqual(result.accepted, {
    method: "GET",
    accessKeyId: "testid",
    securityToken: undefined,
    resourceOwnerAccount: undefined,
    action: "DescribeRegions",
    version: "2014-05-26",
    format: "JSON",
    nonce: `nonce-${counter}`,
    timestamp: SIGNED_AT,
    params: { RegionId: "cn-hangzhou", Name: "a b" },
  });
});

test("verifyRequest() accepts a form POST signed by signRequest()", async () => {
  const request = signed({ method: "POST", params: { Tag: [{ Key: "env" }] } });
  const result = await verifyRequest(
    new Request(request.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
    }),
    options(),
  );
  assert.ok(result.ok);
  assert.equal(result.accepted.method, "POST");
  assert.deepEqual(result.accepted.params, { "Tag.1.Key": "env" });
});

test("verifyRequest() passes the SecurityToken to lookupSecret, which may be async", async () => {
  const seen: [string, string | undefined][] = [];
  const request = signed({
    credentials: { ...CREDENTIALS, securityToken: "token+/=" },
  });
  const result = await verifyRequest(
    new Request(request.url),
    options({
      lookupSecret: (id, token) => {
        seen.push([id, token]);
        return Promise.resolve(token === "token+/=" ? "testsecret" : undefined);
      },
    }),
  );
  assert.ok(result.ok);
  assert.equal(result.accepted.securityToken, "token+/=");
  assert.deepEqual(seen, [["testid", "token+/="]]);
});

test("verifyRequest() defaults Format to XML and refuses an unknown one", async () => {
  const request = signed();
  const noFormat = withParam(request.url, "Format", null);
  const result = await verifyRequest(new Request(noFormat), options());
  assert.equal(!result.ok && result.error.format, "XML");
  const bad = withParam(request.url, "Format", "YAML");
  assert.deepEqual(
    refused(await verifyRequest(new Request(bad), options())),
    { code: "InvalidParameter", status: 400 },
  );
});

test("verifyRequest() refuses each missing common parameter with MissingParameter", async () => {
  const request = signed();
  for (
    const name of [
      "AccessKeyId",
      "Action",
      "Version",
      "Signature",
      "SignatureMethod",
      "SignatureVersion",
      "SignatureNonce",
      "Timestamp",
    ]
  ) {
    const result = await verifyRequest(
      new Request(withParam(request.url, name, null)),
      options(),
    );
    assert.ok(!result.ok, name);
    assert.equal(result.error.code, "MissingParameter", name);
    assert.equal(result.error.status, 400);
    assert.equal(
      result.error.message,
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    );
  }
});

test("verifyRequest() refuses another signature method or version with IncompleteSignature", async () => {
  const request = signed();
  for (
    const [name, value] of [
      ["SignatureMethod", "HMAC-SHA256"],
      ["SignatureVersion", "2.0"],
    ]
  ) {
    assert.deepEqual(
      refused(
        await verifyRequest(
          new Request(withParam(request.url, name!, value!)),
          options(),
        ),
      ),
      { code: "IncompleteSignature", status: 400 },
    );
  }
});

test("verifyRequest() refuses malformed timestamps with InvalidTimeStamp.Format", async () => {
  const request = signed();
  for (
    const timestamp of [
      "2016-02-23 12:46:24",
      "2016-02-23T12:46:24.000Z",
      "2016-02-23T12:46:24+08:00",
      "2016-02-23T12:46Z",
      "2016-02-30T12:46:24Z",
      "2016-13-01T00:00:00Z",
      "1456231584",
      "",
    ]
  ) {
    const result = await verifyRequest(
      new Request(
        withParam(request.url, "Timestamp", encodeURIComponent(timestamp)),
      ),
      options(),
    );
    assert.ok(!result.ok, timestamp);
    assert.equal(result.error.code, "InvalidTimeStamp.Format", timestamp);
    assert.equal(
      result.error.message,
      "Specified time stamp or date value is not well formatted.",
    );
  }
});

test("verifyRequest() accepts timestamps within ±15 minutes and refuses others as expired", async () => {
  const cases = [
    [-900, true],
    [900, true],
    [-901, false],
    [901, false],
    [-86400, false],
  ] as const;
  for (const [offset, accepted] of cases) {
    const request = signed({
      timestamp: new Date(NOW.getTime() + offset * 1000),
    });
    const result = await verifyRequest(new Request(request.url), options());
    assert.equal(result.ok, accepted, String(offset));
    if (!result.ok) {
      assert.equal(result.error.code, "InvalidTimeStamp.Expired");
      assert.equal(result.error.status, 400);
    }
  }
  const narrow = signed({ timestamp: new Date(NOW.getTime() - 61_000) });
  assert.equal(
    refused(
      await verifyRequest(
        new Request(narrow.url),
        options({ windowSeconds: 60 }),
      ),
    ).code,
    "InvalidTimeStamp.Expired",
  );
});

test("verifyRequest() refuses an unknown access key with InvalidAccessKeyId.NotFound", async () => {
  const request = signed({
    credentials: { accessKeyId: "nobody", accessKeySecret: "x" },
  });
  const result = await verifyRequest(new Request(request.url), options());
  assert.ok(!result.ok);
  assert.deepEqual(result.error, {
    code: "InvalidAccessKeyId.NotFound",
    status: 404,
    message: "Specified access key is not found.",
    format: "JSON",
  });
});

test("verifyRequest() refuses a tampered parameter and quotes the server string to sign", async () => {
  const request = signed({ params: { RegionId: "cn-hangzhou" } });
  const tampered = request.url.replace("cn-hangzhou", "cn-hangzhoU");
  const result = await verifyRequest(new Request(tampered), options());
  assert.ok(!result.ok);
  assert.equal(result.error.code, "SignatureDoesNotMatch");
  assert.equal(result.error.status, 400);
  const expected = request.stringToSign.replace("cn-hangzhou", "cn-hangzhoU");
  assert.equal(
    result.error.message,
    `Specified signature is not matched with our calculation. server string to sign is:${expected}`,
  );
});

test("verifyRequest() refuses a signature of another length or a wrong secret", async () => {
  const request = signed();
  const short = withParam(request.url, "Signature", "AAAA");
  assert.equal(
    refused(await verifyRequest(new Request(short), options())).code,
    "SignatureDoesNotMatch",
  );
  const wrong = signed({
    credentials: { accessKeyId: "testid", accessKeySecret: "testsecreT" },
  });
  assert.equal(
    refused(await verifyRequest(new Request(wrong.url), options())).code,
    "SignatureDoesNotMatch",
  );
});

test('verifyRequest() reads "+" as a space, so a client that signed "+" for a space is refused', async () => {
  // A client that writes a space as "+" (form encoding) and signs what it wrote.
  const pairs: [string, string][] = [
    ["AccessKeyId", "testid"],
    ["Action", "DescribeRegions"],
    ["Format", "JSON"],
    ["Name", "a b"],
    ["SignatureMethod", "HMAC-SHA1"],
    ["SignatureNonce", "plus-1"],
    ["SignatureVersion", "1.0"],
    ["Timestamp", "2016-02-23T12:46:24Z"],
    ["Version", "2014-05-26"],
  ];
  const query = new URLSearchParams(pairs).toString();
  assert.match(query, /Name=a\+b/);
  const stringToSign = `GET&%2F&${encodeURIComponent(query)}`;
  const url = `https://ecs.aliyuncs.com/?${query}&Signature=${
    encodeURIComponent(sign(stringToSign, "testsecret"))
  }`;
  const result = await verifyRequest(new Request(url), options());
  assert.ok(!result.ok);
  assert.equal(result.error.code, "SignatureDoesNotMatch");
  assert.match(result.error.message, /Name%3Da%2520b/);

  // "%2B" is a literal plus, and "%20" a space: both verify.
  const good = signed({ params: { Name: "a+b c" } });
  assert.match(good.url, /Name=a%2Bb%20c/);
  const accepted = await verifyRequest(new Request(good.url), options());
  assert.ok(accepted.ok);
  assert.equal(accepted.accepted.params.Name, "a+b c");
});

test("verifyRequest() refuses a replayed nonce, per access key", async () => {
  const store = new MemoryNonceStore();
  const request = signed({ nonce: "once" });
  assert.ok((await verifyRequest(new Request(request.url), options({ nonceStore: store }))).ok);
  const replay = await verifyRequest(
    new Request(request.url),
    options({ nonceStore: store }),
  );
  assert.ok(!replay.ok);
  assert.deepEqual(replay.error, {
    code: "SignatureNonceUsed",
    status: 400,
    message: "Specified signature nonce was used already.",
    format: "JSON",
  });
  const otherKey = signed({
    nonce: "once",
    credentials: { accessKeyId: "other", accessKeySecret: "othersecret" },
  });
  const result = await verifyRequest(
    new Request(otherKey.url),
    options({
      nonceStore: store,
      lookupSecret: (id) => (id === "other" ? "othersecret" : undefined),
    }),
  );
  assert.ok(result.ok);
});

test("verifyRequest() does not let a forged request burn a nonce", async () => {
  const store = new MemoryNonceStore();
  const genuine = signed({ nonce: "precious" });
  const forged = withParam(genuine.url, "Signature", "AAAA");
  assert.equal(
    refused(await verifyRequest(new Request(forged), options({ nonceStore: store })))
      .code,
    "SignatureDoesNotMatch",
  );
  assert.ok(
    (await verifyRequest(new Request(genuine.url), options({ nonceStore: store })))
      .ok,
  );
});

test("verifyRequest() answers ServiceUnavailable when the nonce store cannot record", async () => {
  const request = signed();
  const result = await verifyRequest(
    new Request(request.url),
    options({
      nonceStore: {
        add: () => {
          throw new RangeError("full");
        },
      },
    }),
  );
  assert.deepEqual(refused(result), { code: "ServiceUnavailable", status: 503 });
});

test("verifyRequest() refuses duplicate and empty parameter names, other methods and large bodies", async () => {
  const request = signed();
  const duplicate = `${request.url}&AccessKeyId=testid`;
  assert.deepEqual(
    refused(await verifyRequest(new Request(duplicate), options())),
    { code: "InvalidParameter", status: 400 },
  );
  const empty = `${request.url}&=x`;
  assert.deepEqual(
    refused(await verifyRequest(new Request(empty), options())),
    { code: "InvalidParameter", status: 400 },
  );
  assert.deepEqual(
    refused(
      await verifyRequest(new Request(request.url, { method: "PUT" }), options()),
    ),
    { code: "UnsupportedHTTPMethod", status: 405 },
  );
  const post = signed({ method: "POST", params: { Big: "x".repeat(2000) } });
  assert.deepEqual(
    refused(
      await verifyRequest(
        new Request(post.url, {
          method: "POST",
          headers: post.headers,
          body: post.body,
        }),
        options({ maxBodyBytes: 1024 }),
      ),
    ),
    { code: "RequestEntityTooLarge", status: 413 },
  );
});

test("verifyRequest() merges a POST's query and form parameters", async () => {
  const post = signed({ method: "POST", params: { Name: "x" } });
  const [first, ...rest] = post.body!.split("&");
  const result = await verifyRequest(
    new Request(`${post.url}?${first}`, {
      method: "POST",
      headers: post.headers,
      body: rest.join("&"),
    }),
    options(),
  );
  assert.ok(result.ok);
  assert.deepEqual(result.accepted.params, { Name: "x" });
});

test("verifyRequest() computes the string to sign of a POST with the POST method", async () => {
  const post = signed({ method: "POST" });
  // The same body sent as a GET query is refused: the method is signed.
  const result = await verifyRequest(
    new Request(`${post.url}?${post.body}`),
    options(),
  );
  assert.ok(!result.ok);
  assert.ok(
    result.error.message.endsWith(
      buildStringToSign("GET", post.canonicalQuery),
    ),
  );
});

test("verifyRequest() keeps __proto__ an ordinary parameter name", async () => {
  const request = signed({ params: [["__proto__", "x"]] });
  const result = await verifyRequest(new Request(request.url), options());
  assert.ok(result.ok);
  assert.equal(Object.getPrototypeOf(result.accepted.params), Object.prototype);
  assert.deepEqual(Object.keys(result.accepted.params), ["__proto__"]);
});

test("verifyRequest() throws for bad options", async () => {
  const request = new Request(signed().url);
  const cases = [
    [{ lookupSecret: "x" }, AcsTypeError, /"lookupSecret" option must be a function/],
    [
      { lookupSecret: () => "s", windowSeconds: 0 },
      AcsRangeError,
      /"windowSeconds" must be a positive number of at most 86400, got 0/,
    ],
    [
      { lookupSecret: () => "s", maxBodyBytes: -1 },
      AcsRangeError,
      /"maxBodyBytes" must be a non-negative integer, got -1/,
    ],
  ] as const;
  for (const [bad, errorClass, message] of cases) {
    await assert.rejects(
      verifyRequest(request, bad as unknown as VerifyRequestOptions),
      (error: unknown) => error instanceof errorClass && message.test((error as Error).message),
    );
  }
});

test("verifyRequest() refuses to judge a request with a clock that returns an invalid date", async () => {
  // A NaN clock once passed every window check, and let a request of 2001 in, twice.
  const old = signed({ timestamp: new Date("2001-01-01T00:00:00Z") });
  await assert.rejects(
    verifyRequest(new Request(old.url), options({ now: () => new Date(Number.NaN) })),
    (error) =>
      error instanceof AcsTypeError && error.code === "invalid-option" &&
      error.message === 'Cannot verify request: the "now" clock must return a valid Date',
  );
});

test("verifyRequest() refuses a window wider than a day", async () => {
  await assert.rejects(
    verifyRequest(new Request(signed().url), options({ windowSeconds: 1e16 })),
    (error) => error instanceof AcsRangeError && error.code === "invalid-option",
  );
  const result = await verifyRequest(new Request(signed().url), options({ windowSeconds: 86_400 }));
  assert.ok(result.ok);
});

test("verifyRequest() keeps nonces of different access keys apart, whatever they contain", async () => {
  const store = new MemoryNonceStore();
  const lookupSecret = () => "testsecret";
  const first = signed({
    credentials: { accessKeyId: "a\nb", accessKeySecret: "testsecret" },
    nonce: "c",
  });
  const second = signed({
    credentials: { accessKeyId: "a", accessKeySecret: "testsecret" },
    nonce: "b\nc",
  });
  assert.ok(
    (await verifyRequest(new Request(first.url), options({ nonceStore: store, lookupSecret }))).ok,
  );
  assert.ok(
    (await verifyRequest(new Request(second.url), options({ nonceStore: store, lookupSecret }))).ok,
  );
});

test("verifyRequest() reports ResourceOwnerAccount apart from the API parameters", async () => {
  const request = signed({ resourceOwnerAccount: "owner", params: { RegionId: "cn-hangzhou" } });
  const result = await verifyRequest(new Request(request.url), options());
  assert.ok(result.ok);
  assert.equal(result.accepted.resourceOwnerAccount, "owner");
  assert.deepEqual(result.accepted.params, { RegionId: "cn-hangzhou" });
});
