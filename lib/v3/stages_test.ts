// The stages after the canonical headers, each against the documentation's
// worked example and a table of bad inputs.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { AcsTypeError } from "../errors/mod.ts";
import { buildAuthorization } from "./build_authorization.ts";
import { buildCanonicalRequest, type CanonicalRequestParts } from "./build_canonical_request.ts";
import { buildStringToSignV3 } from "./build_string_to_sign_v3.ts";
import { hashPayload } from "./hash_payload.ts";
import { signV3 } from "./sign_v3.ts";
import {
  DOC,
  DOC_AUTHORIZATION,
  DOC_CANONICAL_HEADERS,
  DOC_CANONICAL_QUERY,
  DOC_CANONICAL_REQUEST,
  DOC_SIGNATURE,
  DOC_SIGNED_HEADERS,
  DOC_STRING_TO_SIGN,
  EMPTY_SHA256,
} from "./_test_doc_example.ts";

function refuses(fn: () => unknown, code: string, parameter?: string): void {
  assert.throws(fn, (error) =>
    error instanceof AcsTypeError && error.code === code &&
    (parameter === undefined || error.parameter === parameter));
}

test("hashPayload() hashes no body as the empty string, and strings as UTF-8", () => {
  assert.equal(hashPayload(null), EMPTY_SHA256);
  assert.equal(hashPayload(""), EMPTY_SHA256);
  assert.equal(
    hashPayload("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(hashPayload("é"), hashPayload(new Uint8Array([0xc3, 0xa9])));
  const bytes = new Uint8Array([0, 1, 2, 0x80, 0xff]);
  assert.equal(hashPayload(bytes), createHash("sha256").update(bytes).digest("hex"));
});

test("hashPayload() refuses a lone surrogate and other types", () => {
  refuses(() => hashPayload("a\udc00"), "invalid-unicode", "body");
  refuses(() => hashPayload(42 as unknown as string), "invalid-option", "body");
});

const PARTS: CanonicalRequestParts = {
  method: DOC.method,
  canonicalQuery: DOC_CANONICAL_QUERY,
  canonicalHeaders: DOC_CANONICAL_HEADERS,
  signedHeaders: DOC_SIGNED_HEADERS,
  hashedPayload: EMPTY_SHA256,
};

test("buildCanonicalRequest() reproduces the documentation's example", () => {
  assert.equal(buildCanonicalRequest(PARTS), DOC_CANONICAL_REQUEST);
});

const badParts: [string, Partial<Record<keyof CanonicalRequestParts, unknown>>, string][] = [
  ["a lower-case method", { method: "post" }, "method"],
  ["method PUT", { method: "PUT" }, "method"],
  ["an upper-case hashed payload", { hashedPayload: EMPTY_SHA256.toUpperCase() }, "hashedPayload"],
  ["a short hashed payload", { hashedPayload: "e3b0" }, "hashedPayload"],
  ["headers without their final newline", { canonicalHeaders: "host:a" }, "canonicalHeaders"],
  ["a query that is not a string", { canonicalQuery: 1 }, "canonicalQuery"],
];
for (const [what, change, parameter] of badParts) {
  test(`buildCanonicalRequest() refuses ${what}`, () => {
    refuses(
      () => buildCanonicalRequest({ ...PARTS, ...change } as CanonicalRequestParts),
      "invalid-option",
      parameter,
    );
  });
}

test("buildStringToSignV3() reproduces the documentation's hashed canonical request", () => {
  assert.equal(buildStringToSignV3(DOC_CANONICAL_REQUEST), DOC_STRING_TO_SIGN);
});

test("buildStringToSignV3() refuses a lone surrogate and other types", () => {
  refuses(() => buildStringToSignV3("\ud800"), "invalid-unicode");
  refuses(() => buildStringToSignV3(null as unknown as string), "invalid-option");
});

test("signV3() reproduces the documentation's signature, keyed with the bare secret", () => {
  assert.equal(signV3(DOC_STRING_TO_SIGN, DOC.accessKeySecret), DOC_SIGNATURE);
  assert.notEqual(signV3(DOC_STRING_TO_SIGN, `${DOC.accessKeySecret}&`), DOC_SIGNATURE);
});

const badSign: [string, unknown, unknown, string][] = [
  ["an empty secret", DOC_STRING_TO_SIGN, "", "invalid-credentials"],
  ["a secret that is not a string", DOC_STRING_TO_SIGN, 1, "invalid-credentials"],
  ["a secret with a lone surrogate", DOC_STRING_TO_SIGN, "a\ud800", "invalid-credentials"],
  ["a string to sign with a lone surrogate", "\udfff", "secret", "invalid-unicode"],
  ["a string to sign that is not a string", 1, "secret", "invalid-option"],
];
for (const [what, stringToSign, secret, code] of badSign) {
  test(`signV3() refuses ${what}`, () => {
    assert.throws(
      () => signV3(stringToSign as string, secret as string),
      (error) =>
        error instanceof AcsTypeError && error.code === code &&
        !error.message.includes("a\ud800"),
    );
  });
}

test("buildAuthorization() reproduces the documentation's header", () => {
  assert.equal(
    buildAuthorization({
      accessKeyId: DOC.accessKeyId,
      signedHeaders: DOC_SIGNED_HEADERS,
      signature: DOC_SIGNATURE,
    }),
    DOC_AUTHORIZATION,
  );
});

const badAuthorization: [string, Record<string, unknown>, string][] = [
  ["an empty access key id", { accessKeyId: "" }, "invalid-credentials"],
  ["an access key id with a comma", { accessKeyId: "a,b" }, "invalid-credentials"],
  ["an access key id with a space", { accessKeyId: "a b" }, "invalid-credentials"],
  ["signed headers in upper case", { signedHeaders: "Host" }, "invalid-option"],
  ["signed headers with an empty name", { signedHeaders: "host;;x-acs-date" }, "invalid-option"],
  ["a Base64 signature", { signature: "OLeaidS1JvxuMvnyHOwuJ+uX5qY=" }, "invalid-option"],
];
for (const [what, change, code] of badAuthorization) {
  test(`buildAuthorization() refuses ${what}`, () => {
    refuses(
      () =>
        buildAuthorization(
          {
            accessKeyId: DOC.accessKeyId,
            signedHeaders: DOC_SIGNED_HEADERS,
            signature: DOC_SIGNATURE,
            ...change,
          } as Parameters<typeof buildAuthorization>[0],
        ),
      code,
    );
  });
}

test("the V3 stages give a coded error for parts they cannot read, never a raw TypeError", async () => {
  const { canonicalizeHeaders } = await import("./canonicalize_headers.ts");
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const throwing = Object.defineProperty({}, "method", {
    enumerable: true,
    get() {
      throw new Error("no");
    },
  });
  refuses(() => hashPayload(proxy as Uint8Array), "invalid-option", "body");
  // Inherits from Uint8Array but is none: it has no bytes to hash.
  refuses(() => hashPayload(Object.create(Uint8Array.prototype)), "invalid-option", "body");
  refuses(() => buildCanonicalRequest(proxy as CanonicalRequestParts), "invalid-option", "parts");
  refuses(
    () => buildCanonicalRequest(throwing as CanonicalRequestParts),
    "invalid-option",
    "parts",
  );
  refuses(() => buildAuthorization(proxy as never), "invalid-option", "parts");
  refuses(() => canonicalizeHeaders(proxy as never), "invalid-option", "headers");
  refuses(
    () =>
      canonicalizeHeaders({
        *[Symbol.iterator]() {
          yield ["host", "a"] as const;
          throw new Error("no");
        },
      }),
    "invalid-option",
    "headers",
  );
});
