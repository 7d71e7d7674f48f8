import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsTypeError } from "../errors/mod.ts";
import { CredentialsError } from "./credentials_error.ts";

test("CredentialsError() refuses a code or options of the wrong shape with coded errors", () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const where = "somewhere";
  const reason = "some reason";
  const cases: [() => unknown, string][] = [
    [() => new CredentialsError("nope" as never, { where, reason }), "code"],
    [() => new CredentialsError("not-configured", undefined as never), "options"],
    [() => new CredentialsError("not-configured", proxy as never), "options"],
    [() => new CredentialsError("not-configured", { where, reason: 1 as never }), "reason"],
    [
      () => new CredentialsError("not-configured", { where, reason, provider: 1 as never }),
      "provider",
    ],
    [
      () => new CredentialsError("no-credentials", { where, reason, attempts: [{} as never] }),
      "attempts[0]",
    ],
  ];
  for (const [create, parameter] of cases) {
    assert.throws(
      create,
      (error: unknown) =>
        error instanceof AcsTypeError && error.code === "invalid-option" &&
        error.parameter === parameter,
      parameter,
    );
  }
  const error = new CredentialsError("not-configured", { where, reason });
  assert.equal(error.message, "Cannot get credentials from somewhere: some reason");
});
