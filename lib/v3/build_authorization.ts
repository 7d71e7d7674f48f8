/**
 * The `Authorization` header of a V3 (`ACS3-HMAC-SHA256`) request.
 *
 * @module
 */

import { AcsTypeError } from "../errors/mod.ts";
import { ACS3_HMAC_SHA256 } from "./build_string_to_sign_v3.ts";

/** What {@linkcode buildAuthorization} writes into the header. */
export interface AuthorizationParts {
  /** The access key id, sent as `Credential`. */
  readonly accessKeyId: string;
  /** From {@linkcode canonicalizeHeaders}: the signed header names joined with `;`. */
  readonly signedHeaders: string;
  /** From {@linkcode signV3}: 64 lower-case hex digits. */
  readonly signature: string;
}

/** Characters that would end the `Credential` field or the header. */
const CREDENTIAL = /^[\x21-\x7e]+$/;
// \x60 is a backtick: TypeScript's import scanner (the npm build's) reads a literal one as a template.
const SIGNED_HEADERS = /^[!#$%&'*+\-.^_\x60|~0-9a-z]+(?:;[!#$%&'*+\-.^_\x60|~0-9a-z]+)*$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

/**
 * Writes the `Authorization` header of signature V3:
 * `ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>`.
 *
 * @param parts The access key id, the signed header names and the signature.
 * @returns The header value.
 * @throws {AcsTypeError} `invalid-credentials` for an access key id that is
 * empty or holds white space, a comma or a non-ASCII character;
 * `invalid-option` for signed headers that are not lower-case names joined
 * with `;`, a signature that is not 64 lower-case hex digits, or parts
 * that cannot be read (`parts`).
 *
 * @example The documentation's example
 * ```ts
 * import { buildAuthorization } from "@acs/rpc/v3";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   buildAuthorization({
 *     accessKeyId: "YourAccessKeyId",
 *     signedHeaders: "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
 *     signature: "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
 *   }),
 *   "ACS3-HMAC-SHA256 Credential=YourAccessKeyId," +
 *     "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version," +
 *     "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
 * );
 * ```
 */
export function buildAuthorization(parts: AuthorizationParts): string {
  if (typeof parts !== "object" || parts === null) {
    throw new AcsTypeError(
      "invalid-option",
      "Cannot build Authorization header: expected an object of its parts",
      { parameter: "parts" },
    );
  }
  let read: AuthorizationParts;
  try {
    const { accessKeyId, signedHeaders, signature } = parts;
    read = { accessKeyId, signedHeaders, signature };
  } catch (error) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot build Authorization header: reading its parts threw ${
        error instanceof Error ? error.name : typeof error
      }`,
      { parameter: "parts", cause: error },
    );
  }
  const { accessKeyId, signedHeaders, signature } = read;
  if (
    typeof accessKeyId !== "string" || !CREDENTIAL.test(accessKeyId) || accessKeyId.includes(",")
  ) {
    throw new AcsTypeError(
      "invalid-credentials",
      "Cannot build Authorization header: the access key id must be non-empty printable ASCII without white space or commas",
      { parameter: "accessKeyId" },
    );
  }
  if (typeof signedHeaders !== "string" || !SIGNED_HEADERS.test(signedHeaders)) {
    throw new AcsTypeError(
      "invalid-option",
      'Cannot build Authorization header: signedHeaders must be lower-case header names joined with ";"',
      { parameter: "signedHeaders" },
    );
  }
  if (typeof signature !== "string" || !HEX_SIGNATURE.test(signature)) {
    throw new AcsTypeError(
      "invalid-option",
      "Cannot build Authorization header: the signature must be 64 lower-case hex digits",
      { parameter: "signature" },
    );
  }
  return `${ACS3_HMAC_SHA256} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
}
