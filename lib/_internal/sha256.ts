// TEMP: replaced by branch hash at merge
// Internal: SHA-256, synchronous. Backed by @noble/hashes until the project's
// own implementation (branch hash) lands with exactly this signature.

import { sha256 as nobleSha256 } from "@noble/hashes/sha2";

const utf8 = new TextEncoder();

/**
 * The SHA-256 digest of `message`, a string (hashed as UTF-8) or bytes.
 *
 * A string holding a lone surrogate is hashed as `TextEncoder` encodes it,
 * with U+FFFD in its place; callers that must reject one check first.
 */
export function sha256(message: string | Uint8Array): Uint8Array {
  return nobleSha256(typeof message === "string" ? utf8.encode(message) : message);
}
