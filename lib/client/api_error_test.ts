import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "./api_error.ts";

test("ApiError carries the answer's fields", () => {
  const cause = new Error("cause");
  const error = new ApiError("Throttling.User", "Request was denied.", {
    status: 400,
    requestId: "R",
    hostId: "ecs.aliyuncs.com",
    recommend: "https://api.aliyun.com/troubleshoot?q=Throttling.User",
    diagnosis: "d",
    attempts: 3,
    cause,
  });
  assert.ok(error instanceof Error);
  assert.equal(error.name, "ApiError");
  assert.equal(error.code, "Throttling.User");
  assert.equal(error.message, "Request was denied.");
  assert.equal(error.status, 400);
  assert.equal(error.requestId, "R");
  assert.equal(error.hostId, "ecs.aliyuncs.com");
  assert.equal(error.recommend, "https://api.aliyun.com/troubleshoot?q=Throttling.User");
  assert.equal(error.diagnosis, "d");
  assert.equal(error.attempts, 3);
  assert.equal(error.cause, cause);
});

test("ApiError defaults to one attempt and no request id", () => {
  const error = new ApiError("X", "m", { status: 500 });
  assert.equal(error.attempts, 1);
  assert.equal(error.requestId, undefined);
  assert.equal("cause" in error, false);
});

test("ApiError redacts a SecurityToken quoted in a server string to sign", () => {
  const message = "Specified signature is not matched with our calculation. " +
    "server string to sign is:GET&%2F&AccessKeyId%3Dtestid" +
    "%26SecurityToken%3DCAIS%252Bsecret%253D%26SignatureMethod%3DHMAC-SHA1";
  const error = new ApiError("SignatureDoesNotMatch", message, { status: 400 });
  assert.equal(
    error.message,
    "Specified signature is not matched with our calculation. " +
      "server string to sign is:GET&%2F&AccessKeyId%3Dtestid" +
      "%26SecurityToken%3D[redacted]%26SignatureMethod%3DHMAC-SHA1",
  );
  assert.ok(!error.message.includes("secret"));
});

test("ApiError() refuses arguments of the wrong type with coded errors", async () => {
  const { AcsRangeError, AcsTypeError } = await import("../errors/mod.ts");
  const cases: [() => unknown, typeof AcsTypeError | typeof AcsRangeError, string][] = [
    [() => new ApiError("Code", "m", undefined as never), AcsTypeError, "options"],
    [() => new ApiError(1 as never, "m", { status: 400 }), AcsTypeError, "code"],
    [() => new ApiError("Code", null as never, { status: 400 }), AcsTypeError, "message"],
    [() => new ApiError("Code", "m", { status: "400" as never }), AcsTypeError, "status"],
    [() => new ApiError("Code", "m", { status: 4000 }), AcsRangeError, "status"],
    [
      () => new ApiError("Code", "m", { status: 400, requestId: 1 as never }),
      AcsTypeError,
      "requestId",
    ],
    [() => new ApiError("Code", "m", { status: 400, attempts: 0 }), AcsRangeError, "attempts"],
  ];
  for (const [create, errorClass, parameter] of cases) {
    assert.throws(
      create,
      (error: unknown) =>
        error instanceof errorClass && error.code === "invalid-option" &&
        error.parameter === parameter,
      parameter,
    );
  }
});
