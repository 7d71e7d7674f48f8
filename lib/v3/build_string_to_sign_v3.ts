/**
 * The string to sign of a V3 (`ACS3-HMAC-SHA256`) request.
 *
 * @module
 */

import { toHex } from "../_internal/bytes.ts";
import { isWellFormed, loneSurrogateIndex } from "../_internal/encode.ts";
import { sha256 } from "../_internal/sha256.ts";
import { AcsTypeError } from "../errors/mod.ts";

/** The signature algorithm of V3, first in the string to sign and the `Authorization` header. */
export const ACS3_HMAC_SHA256 = "ACS3-HMAC-SHA256";

/**
 * Builds the string to sign of signature V3: `ACS3-HMAC-SHA256`, a newline,
 * and the lower-case hex SHA-256 of the canonical request's UTF-8 bytes.
 *
 * @param canonicalRequest From {@linkcode buildCanonicalRequest}.
 * @returns The string to sign.
 * @throws {AcsTypeError} `invalid-unicode` for a lone surrogate,
 * `invalid-option` for anything but a string.
 *
 * @example The documentation's example (its hashed canonical request)
 * ```ts
 * import { buildStringToSignV3 } from "@acs/rpc/v3";
 * import assert from "node:assert/strict";
 *
 * const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
 * const canonicalRequest = "POST\n/\n" +
 *   "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n" +
 *   "host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n" +
 *   `x-acs-content-sha256:${empty}\nx-acs-date:2023-10-26T10:22:32Z\n` +
 *   "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\n" +
 *   "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n" +
 *   empty;
 * assert.equal(
 *   buildStringToSignV3(canonicalRequest),
 *   "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
 * );
 * ```
 */
export function buildStringToSignV3(canonicalRequest: string): string {
  if (typeof canonicalRequest !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot build string to sign: the canonical request must be a string, got ${typeof canonicalRequest}`,
      { parameter: "canonicalRequest" },
    );
  }
  if (!isWellFormed(canonicalRequest)) {
    throw new AcsTypeError(
      "invalid-unicode",
      `Cannot build string to sign: the canonical request has a lone surrogate at index ${
        loneSurrogateIndex(canonicalRequest)
      }`,
      { parameter: "canonicalRequest" },
    );
  }
  return `${ACS3_HMAC_SHA256}\n${toHex(sha256(canonicalRequest))}`;
}
