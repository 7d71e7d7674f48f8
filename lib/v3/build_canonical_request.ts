/**
 * The canonical request of a V3 (`ACS3-HMAC-SHA256`) request.
 *
 * @module
 */

import { AcsTypeError } from "../errors/mod.ts";
import type { HttpMethod } from "../signature/mod.ts";

/** The parts {@linkcode buildCanonicalRequest} joins. */
export interface CanonicalRequestParts {
  /** `GET` or `POST`. */
  readonly method: HttpMethod;
  /** From {@linkcode buildCanonicalQuery}. */
  readonly canonicalQuery: string;
  /** From {@linkcode canonicalizeHeaders}: `name:value\n` lines. */
  readonly canonicalHeaders: string;
  /** From {@linkcode canonicalizeHeaders}: names joined with `;`. */
  readonly signedHeaders: string;
  /** From {@linkcode hashPayload}: 64 lower-case hex digits. */
  readonly hashedPayload: string;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

function invalid(part: string, problem: string): AcsTypeError {
  return new AcsTypeError("invalid-option", `Cannot build canonical request: ${problem}`, {
    parameter: part,
  });
}

/**
 * Joins the canonical request of signature V3 for an RPC API:
 * `Method\n/\nCanonicalQueryString\nCanonicalHeaders\nSignedHeaders\nHashedPayload`.
 * The canonical URI of an RPC API is always `/`; the canonical headers end
 * with their own `\n`, so an empty line follows them.
 *
 * @param parts The method and the other stages.
 * @returns The canonical request.
 * @throws {AcsTypeError} `invalid-option` for a method other than `GET` or
 * `POST`, a hashed payload that is not 64 lower-case hex digits, canonical
 * headers that do not end with a newline, a part that is not a string, or
 * parts that cannot be read (`parts`: a revoked Proxy, a throwing getter).
 *
 * @example The documentation's example
 * ```ts
 * import { buildCanonicalRequest } from "@acs/rpc/v3";
 * import assert from "node:assert/strict";
 *
 * const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
 * const request = buildCanonicalRequest({
 *   method: "POST",
 *   canonicalQuery: "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
 *   canonicalHeaders: "host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n" +
 *     `x-acs-content-sha256:${empty}\nx-acs-date:2023-10-26T10:22:32Z\n` +
 *     "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n",
 *   signedHeaders:
 *     "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
 *   hashedPayload: empty,
 * });
 * assert.equal(request.split("\n").length, 12);
 * assert.ok(request.startsWith("POST\n/\nImageId="));
 * ```
 */
export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  if (typeof parts !== "object" || parts === null) {
    throw invalid("parts", "expected an object of its parts");
  }
  let read: CanonicalRequestParts;
  try {
    const { method, canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload } = parts;
    read = { method, canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload };
  } catch (error) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot build canonical request: reading its parts threw ${
        error instanceof Error ? error.name : typeof error
      }`,
      { parameter: "parts", cause: error },
    );
  }
  const { method, canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload } = read;
  if (method !== "GET" && method !== "POST") {
    throw invalid(
      "method",
      `method must be "GET" or "POST", got ${
        typeof method === "string" ? JSON.stringify(method) : typeof method
      }`,
    );
  }
  for (const [name, value] of Object.entries({ canonicalQuery, canonicalHeaders, signedHeaders })) {
    if (typeof value !== "string") {
      throw invalid(name, `${name} must be a string, got ${typeof value}`);
    }
  }
  if (canonicalHeaders !== "" && !canonicalHeaders.endsWith("\n")) {
    throw invalid("canonicalHeaders", 'canonicalHeaders must end with "\\n"');
  }
  if (typeof hashedPayload !== "string" || !HEX_SHA256.test(hashedPayload)) {
    throw invalid("hashedPayload", "hashedPayload must be 64 lower-case hex digits (a SHA-256)");
  }
  return `${method}\n/\n${canonicalQuery}\n${canonicalHeaders}\n${signedHeaders}\n${hashedPayload}`;
}
