// signRequest against hostile and mistaken input (issue 16, items 6, 7 and 10):
// each test here failed before its fix. Each names what it checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsRangeError, AcsTypeError, type ErrorCode } from "../errors/errors.ts";
import { json } from "./json.ts";
import { sign } from "./sign.ts";
import { signRequest as signForEndpoint, type SignRequestOptions } from "./sign_request.ts";
import { signRequest } from "../endpoints/sign_request.ts";

const BASE: SignRequestOptions = {
  action: "DescribeRegions",
  credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
  timestamp: new Date("2016-02-23T12:46:24Z"),
  nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
};

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function assertCoded(
  call: () => unknown,
  errorClass: typeof AcsTypeError | typeof AcsRangeError,
  code: ErrorCode,
  parameter?: string,
  message?: RegExp,
): void {
  assert.throws(call, (error) => {
    assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${error}`);
    assert.equal(error.code, code);
    if (parameter !== undefined) assert.equal(error.parameter, parameter);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

// ---- item 10: a secret inside json() over plain HTTP -------------------------

test("signRequest() refuses a password inside a json() value over plain HTTP", () => {
  const cases: [SignRequestOptions["params"], string][] = [
    [{ Config: json({ Password: "hunter2" }) }, "Config.Password"],
    [{ Config: json([{ Name: "x" }, { AdminPassword: "hunter2" }]) }, "Config[1].AdminPassword"],
    [{ Config: json({ Nested: { PrivateKeyBody: "-----" } }) }, "Config.Nested.PrivateKeyBody"],
    [{ List: [{ Spec: json({ securitytoken: "t" }) }] }, "List.1.Spec.securitytoken"],
  ];
  for (const [params, path] of cases) {
    assertCoded(
      () => signRequest({ ...BASE, params, protocol: "http" }),
      AcsTypeError,
      "insecure-protocol",
      path,
      /must not be sent over plain HTTP/,
    );
    // The same over HTTPS is fine, and the JSON text is exactly JSON.stringify's.
    const request = signRequest({ ...BASE, params });
    assert.ok(request.url.startsWith("https://"));
  }
  // Values that merely mention a password are not secrets.
  const ok = signRequest({
    ...BASE,
    params: { Note: json(["Password", "PasswordInherit"]) },
    protocol: "http",
  });
  assert.ok(ok.url.startsWith("http://"));
});

// ---- item 10: every option and credential field read exactly once -----------

test("signRequest() reads each option and each credential field exactly once", () => {
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
    accessKeyId: "testid",
    accessKeySecret: "testsecret",
    securityToken: "token",
  });
  const options = counted("", {
    ...BASE,
    credentials,
    params: { InstanceId: "i-1" },
    regionId: "cn-hangzhou",
    network: "public" as const,
    version: "2014-05-26",
    format: "JSON" as const,
    method: "GET" as const,
    resourceOwnerAccount: "owner",
  });
  signForEndpoint({ ...options, endpoint: "ecs.cn-hangzhou.aliyuncs.com" });
  reads.clear();
  signForEndpoint(counted("", { ...BASE, credentials, endpoint: "ecs.aliyuncs.com" }));
  for (const [key, count] of reads) assert.equal(count, 1, `${key} was read ${count} times`);
  assert.equal(reads.get("credentials.securityToken"), 1);
  assert.equal(reads.get("credentials.accessKeySecret"), 1);
});

test("signRequest() signs the security token it checked, even from a changing getter", () => {
  let reads = 0;
  const credentials = {
    accessKeyId: "testid",
    accessKeySecret: "testsecret",
    get securityToken() {
      reads++;
      // Defined on the first read (HTTPS checks pass), gone afterwards.
      return reads === 1 ? "token-1" : undefined;
    },
  };
  const request = signRequest({ ...BASE, credentials });
  assert.equal(reads, 1);
  assert.ok(request.canonicalQuery.includes("&SecurityToken=token-1&"));
  // Over plain HTTP, the one read is what is refused.
  reads = 0;
  assertCoded(
    () => signRequest({ ...BASE, credentials, protocol: "http" }),
    AcsTypeError,
    "insecure-protocol",
    "protocol",
  );
});

test("signRequest() signs a Date subclass's own time, whatever its methods say", () => {
  class LyingDate extends Date {
    override getTime(): number {
      return 0;
    }
    override toISOString(): string {
      return "1970-01-01T00:00:00.000Z";
    }
    override getUTCFullYear(): number {
      return 1970;
    }
    override valueOf(): number {
      return 0;
    }
  }
  const request = signRequest({ ...BASE, timestamp: new LyingDate("2016-02-23T12:46:24Z") });
  assert.ok(request.canonicalQuery.includes("&Timestamp=2016-02-23T12%3A46%3A24Z&"));
});

test("signRequest() refuses an unknown option, naming the one meant", () => {
  const cases: [string, RegExp][] = [
    ["regionID", /unknown option "regionID"; did you mean "regionId"\?/],
    ["Action", /unknown option "Action"; did you mean "action"\?/],
    ["timeStamp", /did you mean "timestamp"\?/],
    ["endpiont", /did you mean "endpoint"\?/],
    ["signal", /unknown option "signal"; the options are "action", "params"/],
  ];
  for (const [key, message] of cases) {
    assertCoded(
      () => signRequest({ ...BASE, [key]: "x" } as SignRequestOptions),
      AcsTypeError,
      "invalid-option",
      key,
      message,
    );
  }
  // A long unknown key is quoted by a prefix, without a costly suggestion.
  const long = "x".repeat(1 << 20);
  assert.throws(
    () => signRequest({ ...BASE, [long]: 1 } as SignRequestOptions),
    (error) => error instanceof AcsTypeError && error.message.length < 400,
  );
});

// ---- item 7: every error coded ------------------------------------------------

test("signRequest() gives coded errors for revoked Proxies and throwing getters", () => {
  assertCoded(
    () => signRequest(revoked() as SignRequestOptions),
    AcsTypeError,
    "invalid-option",
    "options",
  );
  assertCoded(
    () => signForEndpoint(revoked() as SignRequestOptions),
    AcsTypeError,
    "invalid-option",
    "options",
  );
  assertCoded(
    () => signRequest({ ...BASE, credentials: revoked() as SignRequestOptions["credentials"] }),
    AcsTypeError,
    "invalid-credentials",
    "credentials",
  );
  assertCoded(
    () => signRequest({ ...BASE, params: revoked() as SignRequestOptions["params"] }),
    AcsTypeError,
    "invalid-option",
    "params",
  );
  assertCoded(
    () => signRequest({ ...BASE, params: { Tag: revoked() } as SignRequestOptions["params"] }),
    AcsTypeError,
    "unsupported-value",
    "Tag",
  );
  assertCoded(
    () => signRequest({ ...BASE, timestamp: revoked() as Date }),
    AcsTypeError,
    "invalid-timestamp",
    "timestamp",
  );
  const throwing = {
    get action(): string {
      throw new Error("no");
    },
  };
  assertCoded(
    () => signForEndpoint(throwing as SignRequestOptions),
    AcsTypeError,
    "invalid-option",
    "options",
  );
});

test("signRequest() refuses a fake Date with a coded error", () => {
  for (const fake of [Object.create(Date.prototype), new Proxy(new Date(), {})]) {
    assertCoded(
      () => signRequest({ ...BASE, timestamp: fake }),
      AcsTypeError,
      "invalid-timestamp",
      "timestamp",
    );
  }
});

// ---- item 6: endpoints that are not hosts, through signRequest ---------------

test("signRequest() refuses endpoints that are not hosts, with or without a scheme", () => {
  const bad = [
    "999.999.999.999",
    "[1.2.3.4]",
    "[::1::2]",
    "ecs.123",
    "0x7f.1",
    "127.1",
    "0177.0.0.1",
    "1.2.3.4.5",
    "ecs.aliyuncs.com.",
    "ecs%2ealiyuncs.com",
    "ｅcs.aliyuncs.com",
    "[fe80::1%25eth0]",
  ];
  for (const host of bad) {
    for (const endpoint of [host, `https://${host}`, `http://${host}:8080/`]) {
      for (const signer of [signRequest, signForEndpoint]) {
        assertCoded(
          () => signer({ ...BASE, endpoint }),
          AcsRangeError,
          "invalid-option",
          "endpoint",
        );
      }
    }
  }
});

test("signRequest() sends to the host a URL parser reads back, in lower case", () => {
  const good: [string, string][] = [
    ["ECS.AliYunCS.com", "ecs.aliyuncs.com"],
    ["[::1]:8080", "[::1]:8080"],
    ["[FE80::1]", "[fe80::1]"],
    ["http://127.0.0.1:8788", "127.0.0.1:8788"],
    ["xn--fiq228c.example", "xn--fiq228c.example"],
    ["a.1e2", "a.1e2"],
  ];
  for (const [endpoint, host] of good) {
    const url = new URL(signRequest({ ...BASE, endpoint }).url);
    assert.equal(url.host, host, endpoint);
  }
});

// ---- issue 15: the keyed HMAC state per credentials object -------------------

test("signRequest() signs with the credentials' current secret when it changes", () => {
  const credentials = { accessKeyId: "testid", accessKeySecret: "first" };
  const first = signRequest({ ...BASE, credentials });
  assert.equal(first.signature, sign(first.stringToSign, "first"));
  credentials.accessKeySecret = "second";
  const second = signRequest({ ...BASE, credentials });
  assert.equal(second.signature, sign(second.stringToSign, "second"));
  // Another object with the first secret, and the first object back to it.
  const other = signRequest({
    ...BASE,
    credentials: { accessKeyId: "testid", accessKeySecret: "first" },
  });
  assert.equal(other.signature, first.signature);
  credentials.accessKeySecret = "first";
  assert.equal(signRequest({ ...BASE, credentials }).signature, first.signature);
  // Frozen credentials, and a secret with a lone surrogate after a good one.
  const frozen = Object.freeze({ accessKeyId: "testid", accessKeySecret: "first" });
  assert.equal(signRequest({ ...BASE, credentials: frozen }).signature, first.signature);
  credentials.accessKeySecret = "bad\ud800";
  assertCoded(
    () => signRequest({ ...BASE, credentials }),
    AcsTypeError,
    "invalid-credentials",
    "accessKeySecret",
  );
});
