import { test } from "node:test";
import assert from "node:assert/strict";
import { diagnose } from "./diagnose.ts";
import { percentEncode } from "../signature/percent_encode.ts";
import { sign } from "../signature/sign.ts";
import { verifyRequest } from "../server/verify_request.ts";

const COMMON: [string, string][] = [
  ["AccessKeyId", "testid"],
  ["Action", "DescribeRegions"],
  ["Format", "JSON"],
  ["SignatureMethod", "HMAC-SHA1"],
  ["SignatureNonce", "n"],
  ["SignatureVersion", "1.0"],
  ["Timestamp", "2016-02-23T12:46:24Z"],
  ["Version", "2014-05-26"],
];

/**
 * Signs like a client with a faulty encoder (it signs and sends what it
 * wrote), has verifyRequest() refuse it, and returns our string to sign and
 * the server's message.
 */
async function faultyClient(
  encode: (text: string) => string,
  extra: [string, string][],
  secret = "testsecret",
): Promise<{ stringToSign: string; message: string; code: string }> {
  const pairs = [...COMMON, ...extra].sort(([a], [b]) => (a < b ? -1 : 1));
  const query = pairs.map(([n, v]) => `${encode(n)}=${encode(v)}`).join("&");
  const stringToSign = `GET&%2F&${percentEncode(query)}`;
  const url = `https://ecs.aliyuncs.com/?${query}&Signature=${
    percentEncode(sign(stringToSign, secret))
  }`;
  const result = await verifyRequest(new Request(url), {
    lookupSecret: () => "testsecret",
    now: () => new Date("2016-02-23T12:46:30Z"),
  });
  assert.ok(!result.ok);
  return { stringToSign, message: result.error.message, code: result.error.code };
}

const formEncode = (text: string): string => new URLSearchParams([["", text]]).toString().slice(1);

const CASES = [
  {
    name: '"+" for a space',
    encode: formEncode,
    value: "hello world",
    summary:
      /parameter "Name": a space was written as "\+"; the server reads it as a space and signs "%20"/,
  },
  {
    name: "unencoded sub-delimiters",
    encode: encodeURIComponent,
    value: "it's(1)*!",
    summary: /parameter "Name": "'" was left unencoded; the server signs it as "%27"/,
  },
  {
    name: "lower-case hex",
    encode: (text: string) => percentEncode(text).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    value: "a/b",
    summary: /parameter "Name": the hex escape "%2f" is in lower case; the server signs "%2F"/,
  },
  {
    name: 'an encoded "~"',
    encode: (text: string) => percentEncode(text).replace(/~/g, "%7E"),
    value: "a~b",
    summary:
      /parameter "Name": "~" was encoded as "%7E"; it is unreserved and the server signs it as "~"/,
  },
];

for (const { name, encode, value, summary } of CASES) {
  test(`diagnose() names the parameter and the cause for ${name}`, async () => {
    const answer = await faultyClient(encode, [["Name", value]]);
    assert.equal(answer.code, "SignatureDoesNotMatch");
    const diagnosis = diagnose(answer);
    assert.equal(diagnosis?.parameter, "Name");
    assert.match(diagnosis?.summary ?? "", summary);
    assert.equal(diagnosis?.clockSkewSeconds, undefined);
  });
}

test("diagnose() blames the secret when the strings to sign match", async () => {
  const answer = await faultyClient(percentEncode, [["Name", "x"]], "wrong");
  const diagnosis = diagnose(answer);
  assert.equal(diagnosis?.parameter, undefined);
  assert.match(
    diagnosis?.summary ?? "",
    /^The server computed a different signature from the same string to sign, so the secret differs: check the AccessKeySecret for white space/,
  );
  assert.ok(!diagnosis?.summary.includes("wrong"));
});

test("diagnose() names a parameter missing on either side, and a changed method", () => {
  const message = (stringToSign: string): string =>
    `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`;
  const signed = "GET&%2F&A%3D1%26B%3D2";
  assert.equal(
    diagnose({
      code: "SignatureDoesNotMatch",
      message: message("GET&%2F&A%3D1"),
      stringToSign: signed,
    })?.summary.startsWith(
      'The string to sign differs from the server\'s; the first difference: parameter "B" was signed, but the server did not receive it',
    ),
    true,
  );
  assert.equal(
    diagnose({
      code: "SignatureDoesNotMatch",
      message: message("GET&%2F&A%3D1%26B%3D2%26C%3D3"),
      stringToSign: signed,
    })?.parameter,
    "C",
  );
  assert.match(
    diagnose({
      code: "SignatureDoesNotMatch",
      message: message("POST&%2F&A%3D1%26B%3D2"),
      stringToSign: signed,
    })?.summary ?? "",
    /the request was signed as GET but sent as POST/,
  );
  assert.match(
    diagnose({
      code: "SignatureDoesNotMatch",
      message: message("GET&%2F&A%3D1%26B%3D3"),
      stringToSign: signed,
    })?.summary ?? "",
    /parameter "B": signed as "2", but the server signs "3"/,
  );
});

test("diagnose() never quotes a SecurityToken's value", () => {
  const diagnosis = diagnose({
    code: "SignatureDoesNotMatch",
    message:
      "Specified signature is not matched with our calculation. server string to sign is:GET&%2F&SecurityToken%3Dsecret-b",
    stringToSign: "GET&%2F&SecurityToken%3Dsecret-a",
  });
  assert.equal(diagnosis?.parameter, "SecurityToken");
  assert.ok(!diagnosis?.summary.includes("secret-"));
});

test("diagnose() lists the usual causes when there is nothing to compare", () => {
  const diagnosis = diagnose({
    code: "SignatureDoesNotMatch",
    message: "Specified signature is not matched with our calculation.",
  });
  assert.match(diagnosis?.summary ?? "", /"\+" for a space/);
  assert.match(diagnosis?.summary ?? "", /white space around the secret/);
});

test("diagnose() measures the clock skew from the Date header", () => {
  const cases = [
    ["2016-02-23T13:06:27Z", 1203, "20 min 3 s ahead of"],
    ["2016-02-23T10:46:24Z", -7200, "2 h behind"],
  ] as const;
  for (const [timestamp, skew, words] of cases) {
    const diagnosis = diagnose({
      code: "InvalidTimeStamp.Expired",
      message: "Specified time stamp or date value is expired.",
      timestamp: new Date(timestamp),
      serverDate: "Tue, 23 Feb 2016 12:46:24 GMT",
    });
    assert.equal(diagnosis?.clockSkewSeconds, skew);
    assert.equal(
      diagnosis?.summary,
      `The local clock is ${words} the server's (Date: Tue, 23 Feb 2016 12:46:24 GMT), more than the 15 minutes allowed; set it right, for example with NTP`,
    );
  }
  const noDate = diagnose({
    code: "InvalidTimeStamp.Expired",
    message: "",
    timestamp: new Date(),
    serverDate: null,
  });
  assert.equal(noDate?.clockSkewSeconds, undefined);
  assert.match(noDate?.summary ?? "", /no Date header/);
});

test("diagnose() has nothing to say about other codes", () => {
  assert.equal(diagnose({ code: "Throttling.User", message: "" }), undefined);
});

test("diagnose() refuses input of the wrong type with coded errors", async () => {
  const { AcsTypeError } = await import("../errors/mod.ts");
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const cases: [unknown, string][] = [
    [null, "input"],
    [proxy, "input"],
    [{ code: 1, message: "m" }, "code"],
    [{ code: "SignatureDoesNotMatch", message: 1 }, "message"],
    [{ code: "SignatureDoesNotMatch", message: "m", stringToSign: 1 }, "stringToSign"],
    [{ code: "InvalidTimeStamp.Expired", message: "m", timestamp: "2016" }, "timestamp"],
    [
      { code: "InvalidTimeStamp.Expired", message: "m", timestamp: new Date(Number.NaN) },
      "timestamp",
    ],
    [{ code: "InvalidTimeStamp.Expired", message: "m", serverDate: 1 }, "serverDate"],
  ];
  for (const [input, parameter] of cases) {
    assert.throws(
      () => diagnose(input as never),
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === parameter,
      parameter,
    );
  }
});
