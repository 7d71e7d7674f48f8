import { test } from "node:test";
import assert from "node:assert/strict";
import { buildStringToSign } from "../signature/build_string_to_sign.ts";
import { AcsRangeError, AcsTypeError } from "../errors/errors.ts";
import { MemoryNonceStore, type NonceAddResult, type NonceRecord } from "./nonce_store.ts";
import { type ApiError, call } from "../client/mod.ts";
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

test("verifyRequest() refuses a replay at the very millisecond its timestamp stops being accepted", async () => {
  // The window is inclusive at both ends, and so is the nonce store's
  // retention: a replay at exactly Timestamp ± 900 000 ms was once accepted.
  const T = SIGNED_AT.getTime();
  for (
    const [firstAt, replayAt] of [[T, T + 900_000], [T - 900_000, T + 900_000], [
      T + 900_000,
      T + 900_000,
    ], [T - 900_000, T - 900_000]]
  ) {
    const store = new MemoryNonceStore();
    const request = signed();
    const at = (ms: number) => options({ nonceStore: store, now: () => new Date(ms) });
    assert.ok((await verifyRequest(new Request(request.url), at(firstAt!))).ok, `${firstAt}`);
    assert.deepEqual(
      refused(await verifyRequest(new Request(request.url), at(replayAt!))),
      { code: "SignatureNonceUsed", status: 400 },
      `first at ${firstAt! - T}, replayed at ${replayAt! - T}`,
    );
    // One millisecond later the timestamp itself is too old.
    assert.deepEqual(
      refused(await verifyRequest(new Request(request.url), at(T + 900_001))),
      { code: "InvalidTimeStamp.Expired", status: 400 },
    );
  }
});

test("verifyRequest() asks the store to keep a nonce a minute past its timestamp's last accepted instant", async () => {
  const records: NonceRecord[] = [];
  const store = {
    add(record: NonceRecord): NonceAddResult {
      records.push(record);
      return "recorded";
    },
  };
  for (const windowSeconds of [900, 1, 86_400]) {
    const request = signed();
    const verified = await verifyRequest(
      new Request(request.url),
      options({ nonceStore: store, windowSeconds, now: () => SIGNED_AT }),
    );
    assert.ok(verified.ok);
    const record = records.at(-1)!;
    assert.equal(record.accessKeyId, "testid");
    assert.equal(record.nonce, `nonce-${counter}`);
    assert.equal(record.now.getTime(), SIGNED_AT.getTime());
    assert.equal(
      record.expiresAt.getTime(),
      SIGNED_AT.getTime() + windowSeconds * 1000 + 60_000,
    );
  }
});

test("verifyRequest() refuses a key at its quota with Throttling.User, and other keys go on", async () => {
  const store = new MemoryNonceStore({ maxEntriesPerKey: 2 });
  const lookupSecret = (id: string) => ({ testid: "testsecret", other: "othersecret" })[id];
  let clock = NOW.getTime();
  const verify = (url: string) =>
    verifyRequest(
      new Request(url),
      options({ nonceStore: store, lookupSecret, now: () => new Date(clock) }),
    );
  const first = signed();
  assert.ok((await verify(first.url)).ok);
  assert.ok((await verify(signed().url)).ok);
  const third = await verify(signed().url);
  assert.ok(!third.ok);
  assert.deepEqual(third.error, {
    code: "Throttling.User",
    status: 400,
    message: "Request was denied due to user flow control.",
    format: "JSON",
  });
  // A replay is still named a replay.
  assert.equal(refused(await verify(first.url)).code, "SignatureNonceUsed");
  const other = { accessKeyId: "other", accessKeySecret: "othersecret" };
  assert.ok((await verify(signed({ credentials: other }).url)).ok);
  assert.ok((await verify(signed({ credentials: other }).url)).ok);
  // When the key's nonces expire, it is accepted again.
  clock = SIGNED_AT.getTime() + 900_000 + 60_001;
  assert.ok((await verify(signed({ timestamp: new Date(clock) }).url)).ok);
});

test("verifyRequest()'s Throttling.User at a key's quota is retried by call() until the quota frees", async () => {
  const store = new MemoryNonceStore({ maxEntriesPerKey: 1 });
  let clock = NOW.getTime();
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const verified = await verifyRequest(
      new Request(input, init),
      options({ nonceStore: store, now: () => new Date(clock), windowSeconds: 60 }),
    );
    return verified.ok
      ? Response.json({ RequestId: "R" })
      : Response.json({ RequestId: "R", Code: verified.error.code, Message: "" }, {
        status: verified.error.status,
      });
  }) as typeof globalThis.fetch;
  const retried: string[] = [];
  const callOptions = {
    action: "DescribeRegions",
    credentials: CREDENTIALS,
    endpoint: "ecs.aliyuncs.com",
    fetch,
    now: () => new Date(clock),
    random: () => 0.999,
    sleep: (ms: number) => {
      clock += ms;
      return Promise.resolve();
    },
    retry: { maxAttempts: 10, baseDelayMs: 30_000, maxDelayMs: 60_000, maxElapsedMs: 600_000 },
    onRetry: (event: { error: unknown }) => retried.push((event.error as ApiError).code),
  };
  await call(callOptions);
  assert.deepEqual(retried, []);
  await call(callOptions);
  assert.ok(retried.length > 0);
  assert.ok(retried.every((code) => code === "Throttling.User"), retried.join());
});

test("verifyRequest() reads a form body whatever the case of its Content-Type, with parameters", async () => {
  for (
    const contentType of [
      "Application/X-WWW-Form-Urlencoded",
      "APPLICATION/X-WWW-FORM-URLENCODED; charset=UTF-8",
      'application/x-www-form-urlencoded ; Charset="utf-8"',
      "application/x-www-form-urlencoded;boundary=x",
      " application/x-www-form-urlencoded\t",
    ]
  ) {
    const post = signed({ method: "POST", params: { Name: "x" } });
    const result = await verifyRequest(
      new Request(post.url, {
        method: "POST",
        headers: { "content-type": contentType },
        body: post.body,
      }),
      options(),
    );
    assert.ok(result.ok, contentType);
    assert.deepEqual(result.accepted.params, { Name: "x" });
  }
});

test("verifyRequest() refuses a body it does not read with UnsupportedMediaType, never ignores it", async () => {
  const post = signed({ method: "POST" });
  for (
    const [contentType, body] of [
      ["text/plain", post.body!],
      ["application/json", "{}"],
      ["multipart/form-data; boundary=x", "--x--"],
      ["application/x-www-form-urlencoded; charset=ISO-8859-1", "a=1"],
      ["application/x-www-form-urlencodedx", "a=1"],
      [null, "a=1"],
    ] as const
  ) {
    // Every parameter is in the signed query: only the body is extra.
    const url = `${post.url}?${post.body}`;
    const request = new Request(url, { method: "POST", body });
    if (contentType === null) request.headers.delete("content-type");
    else request.headers.set("content-type", contentType);
    const result = await verifyRequest(request, options());
    assert.ok(!result.ok, String(contentType));
    assert.equal(result.error.code, "UnsupportedMediaType");
    assert.equal(result.error.status, 415);
    assert.match(
      result.error.message,
      /^The request body must be application\/x-www-form-urlencoded/,
    );
  }
  // A GET has no body to read either.
  const get = signed();
  const result = await verifyRequest(
    fakeRequest({ url: get.url, method: "GET", body: streamOf(["a=1"]) }),
    options(),
  );
  assert.deepEqual(refused(result), { code: "UnsupportedMediaType", status: 415 });
});

test("verifyRequest() accepts a POST with every parameter in the query and an empty body", async () => {
  const post = signed({ method: "POST" });
  for (const init of [{}, { body: "" }, { body: "", headers: { "content-type": "text/plain" } }]) {
    const request = new Request(`${post.url}?${post.body}`, { method: "POST", ...init });
    const result = await verifyRequest(request, options());
    assert.ok(result.ok, JSON.stringify(init));
  }
});

/** An object shaped like a Request, with the fields given. */
function fakeRequest(fields: Record<string, unknown>): Request {
  return {
    url: "http://ecs.aliyuncs.com/",
    method: "GET",
    headers: new Headers(),
    body: null,
    ...fields,
  } as unknown as Request;
}

/** A stream of the given chunks, counting the bytes pulled from it. */
function streamOf(chunks: string[], pulled = { bytes: 0 }): ReadableStream<Uint8Array> {
  const encoded = chunks.map((chunk) => new TextEncoder().encode(chunk));
  return new ReadableStream({
    pull(controller) {
      const next = encoded.shift();
      if (next === undefined) controller.close();
      else {
        pulled.bytes += next.byteLength;
        controller.enqueue(next);
      }
    },
  });
}

test("verifyRequest() throws a coded error, never a raw TypeError, for what is not a Request", async () => {
  const throwing = (name: string) =>
    Object.defineProperty(fakeRequest({}), name, {
      get() {
        throw new TypeError("boom");
      },
    });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const cases: [unknown, string, RegExp][] = [
    [null, "request", /^Cannot verify request: expected a Request, got null$/],
    [undefined, "request", /expected a Request, got undefined/],
    ["http://ecs.aliyuncs.com/", "request", /expected a Request, got string/],
    [{}, "request.url", /"url" is a string, got undefined/],
    [{ url: "http://ecs.aliyuncs.com/?a=1" }, "request.method", /"method" is a string/],
    [fakeRequest({ headers: {} }), "request.headers", /"headers" has a get\(\) method/],
    [fakeRequest({ headers: { "content-type": "x" } }), "request.headers", /get\(\) method/],
    [fakeRequest({ body: "a=1" }), "request.body", /"body" is null or a ReadableStream/],
    [fakeRequest({ body: undefined }), "request.body", /"body" is null or a ReadableStream/],
    [fakeRequest({ url: "/relative?a=1" }), "request.url", /"request.url" is not an absolute URL/],
    [throwing("url"), "request.url", /reading "request.url" failed/],
    [throwing("headers"), "request.headers", /reading "request.headers" failed/],
    [
      fakeRequest({ headers: { get: () => 1 } }),
      "request.headers",
      /the header "[a-z-]+" is not a string/,
    ],
    [
      fakeRequest({
        headers: {
          get: () => {
            throw new Error("boom");
          },
        },
      }),
      "request.headers",
      /reading the header "[a-z-]+" failed/,
    ],
    [revoked.proxy, "request.url", /reading "request.url" failed/],
    [
      fakeRequest({
        body: { getReader: () => ({ read: () => Promise.reject(new Error("reset")) }) },
      }),
      "request.body",
      /reading "request.body" failed/,
    ],
    [
      fakeRequest({
        method: "POST",
        headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }),
        body: { getReader: () => ({ read: () => Promise.resolve({ done: false, value: "a=1" }) }) },
      }),
      "request.body",
      /reading "request.body" failed/,
    ],
  ];
  for (const [request, parameter, message] of cases) {
    await assert.rejects(
      verifyRequest(request as Request, options()),
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === parameter && message.test(error.message),
      parameter,
    );
  }
});

test("verifyRequest() accepts an object shaped like a Request", async () => {
  const request = signed();
  const result = await verifyRequest(fakeRequest({ url: request.url }), options());
  assert.ok(result.ok);
});

test("verifyRequest() throws a coded error for options of the wrong type", async () => {
  const request = new Request(signed().url);
  const cases: [unknown, string][] = [
    [null, "options"],
    ["x", "options"],
    [{ lookupSecret: null }, "lookupSecret"],
    [{ lookupSecret: () => "s", now: new Date() }, "now"],
    [{ lookupSecret: () => "s", now: () => "2016-02-23T12:50:00Z" }, "now"],
    [{ lookupSecret: () => "s", now: () => 0 }, "now"],
    [{ lookupSecret: () => "s", nonceStore: new Map() }, "nonceStore"],
    [{ lookupSecret: () => "s", nonceStore: null }, "nonceStore"],
    // A misspelt bound would leave the default in force.
    [{ lookupSecret: () => "s", maxBodyByte: 10 }, "maxBodyByte"],
    [{ lookupSecret: () => "s", windowSecond: 60 }, "windowSecond"],
    [
      (() => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      })(),
      "options",
    ],
  ];
  for (const [bad, parameter] of cases) {
    await assert.rejects(
      verifyRequest(request.clone(), bad as VerifyRequestOptions),
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === parameter,
      parameter,
    );
  }
  for (const name of ["maxQueryBytes", "maxBodyBytes", "maxParameters"]) {
    for (const value of [-1, 1.5, Number.NaN, "10"]) {
      await assert.rejects(
        verifyRequest(request.clone(), { lookupSecret: () => "s", [name]: value }),
        (error: unknown) =>
          error instanceof AcsRangeError && error.code === "invalid-option" &&
          error.parameter === name &&
          error.message ===
            `Cannot verify request: "${name}" must be a non-negative integer, got ${value}`,
      );
    }
  }
});

test("verifyRequest() bounds the query before decoding it, with RequestURITooLong", async () => {
  const request = signed();
  const query = request.url.slice(request.url.indexOf("?") + 1);
  assert.ok(
    (await verifyRequest(new Request(request.url), options({ maxQueryBytes: query.length }))).ok,
  );
  const again = signed();
  const length = again.url.length - again.url.indexOf("?") - 1;
  const result = await verifyRequest(
    new Request(again.url),
    options({ maxQueryBytes: length - 1 }),
  );
  assert.ok(!result.ok);
  assert.deepEqual(result.error, {
    code: "RequestURITooLong",
    status: 414,
    message: `The query string is longer than ${length - 1} bytes.`,
    format: "XML",
  });
  // Refused before any parsing: not even a URL.
  const notParsed = fakeRequest({ url: `not a url?${"%".repeat(40_000)}` });
  assert.equal(refused(await verifyRequest(notParsed, options())).code, "RequestURITooLong");
  // The fragment is not part of the query.
  const fragment = signed();
  assert.ok(
    (await verifyRequest(
      fakeRequest({ url: `${fragment.url}#${"x".repeat(100)}` }),
      options({ maxQueryBytes: fragment.url.length - fragment.url.indexOf("?") - 1 }),
    )).ok,
  );
});

test("verifyRequest() bounds the body before decoding it, with RequestEntityTooLarge", async () => {
  // A declared length over the bound is refused without reading a byte.
  const pulled = { bytes: 0 };
  const declared = await verifyRequest(
    fakeRequest({
      method: "POST",
      headers: new Headers({
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(1 << 20),
      }),
      body: streamOf(["*".repeat(1 << 20)], pulled),
    }),
    options(),
  );
  assert.deepEqual(refused(declared), { code: "RequestEntityTooLarge", status: 413 });
  assert.equal(pulled.bytes, 0);
  // Without a length, reading stops at the first chunk past the bound.
  const chunks = Array.from({ length: 64 }, () => "*".repeat(16_384)); // 1 MiB of "*"
  const endless = await verifyRequest(
    fakeRequest({
      method: "POST",
      headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }),
      body: streamOf(chunks, pulled),
    }),
    options(),
  );
  assert.ok(!endless.ok);
  assert.deepEqual(endless.error, {
    code: "RequestEntityTooLarge",
    status: 413,
    message: "The request body is larger than 131072 bytes.",
    format: "XML",
  });
  assert.equal(pulled.bytes, 131_072 + 16_384);
  // The bound is inclusive.
  const post = signed({ method: "POST" });
  const exact = await verifyRequest(
    new Request(post.url, { method: "POST", headers: post.headers, body: post.body }),
    options({ maxBodyBytes: post.body!.length }),
  );
  assert.ok(exact.ok);
});

test("verifyRequest() counts parameters before decoding them, with TooManyParameters", async () => {
  const request = signed({
    params: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`P${i}`, "x"])),
  });
  const count = new URL(request.url).searchParams.size; // 20 + 9 common
  assert.ok((await verifyRequest(new Request(request.url), options({ maxParameters: count }))).ok);
  const again = signed({
    params: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`P${i}`, "x"])),
  });
  const result = await verifyRequest(
    new Request(again.url),
    options({ maxParameters: count - 1 }),
  );
  assert.ok(!result.ok);
  assert.deepEqual(result.error, {
    code: "TooManyParameters",
    status: 400,
    message: `The request has more than ${count - 1} parameters.`,
    format: "XML",
  });
  // Query and body count together.
  const post = signed({ method: "POST" });
  const [first, ...rest] = post.body!.split("&");
  const split = () =>
    new Request(`${post.url}?${first}`, {
      method: "POST",
      headers: post.headers,
      body: rest.join("&"),
    });
  const total = post.body!.split("&").length;
  assert.equal(
    refused(await verifyRequest(split(), options({ maxParameters: total - 1 }))).code,
    "TooManyParameters",
  );
  assert.ok((await verifyRequest(split(), options({ maxParameters: total }))).ok);
  // The default bound: 1 000.
  const many = `http://ecs.aliyuncs.com/?${"a=1&".repeat(1000)}b=2`;
  assert.equal(
    refused(await verifyRequest(new Request(many), options())).code,
    "TooManyParameters",
  );
});

test('verifyRequest() refuses a 1 MiB form body of "*" by its size, whatever it signs', async () => {
  // The audit's request: 1 MiB of "*" among correctly named parameters.
  const post = signed({ method: "POST" });
  const body = `${post.body}&Big=${"*".repeat(1 << 20)}`;
  const result = await verifyRequest(
    new Request(post.url, { method: "POST", headers: post.headers, body }),
    options(),
  );
  assert.deepEqual(refused(result), { code: "RequestEntityTooLarge", status: 413 });
});

test("verifyRequest() gives coded errors for option values it cannot even describe", async () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  for (
    const key of ["nonceStore", "windowSeconds", "maxQueryBytes", "maxBodyBytes", "maxParameters"]
  ) {
    await assert.rejects(
      verifyRequest(new Request(signed().url), { ...options(), [key]: proxy }),
      (error: unknown) =>
        (error instanceof AcsTypeError || error instanceof AcsRangeError) &&
        error.code === "invalid-option" && error.parameter === key,
      key,
    );
  }
});
