// Internal: HMAC-SHA1 keyed with an access key secret, with the keyed state
// kept per credentials object. mod.ts never re-exports this file.
//
// Keying costs as much as signing a short request, so signRequest keeps the
// keyed state of each credentials object in a WeakMap keyed by that object:
// the state lives exactly as long as the caller keeps the credentials, is
// never reachable from a secret string, and is replaced when the object's
// secret changes. sign(), which is given a bare string, keys every call.

import { toBase64 } from "../_internal/bytes.ts";
import { hmacSha1, type HmacSha1Key, hmacSha1Key } from "../_internal/hmac.ts";
import { checkSecret } from "../_internal/sign_inputs.ts";

interface Entry {
  /** The secret the state was made from: compared, never copied. */
  readonly secret: string;
  /** The inner and outer SHA-1 states after the key's pad blocks: nothing else of the key. */
  readonly keyed: HmacSha1Key;
}

const byCredentials = new WeakMap<object, Entry>();

function keyWith(secret: string): HmacSha1Key {
  // hmacSha1Key reads the string's UTF-8 in place and zeroes what it wrote.
  return hmacSha1Key(secret + "&");
}

function mac(keyed: HmacSha1Key, stringToSign: string): string {
  return toBase64(hmacSha1(keyed, stringToSign));
}

/** The signature of `stringToSign` with a checked `secret`, keyed afresh (see the file comment). */
export function signWith(secret: string, stringToSign: string): string {
  return mac(keyWith(secret), stringToSign);
}

/**
 * The signature of `stringToSign` with `secret`, the secret that was just
 * read from `credentials`, reusing the keyed state of that object.
 */
export function signFor(credentials: object, secret: string, stringToSign: string): string {
  let entry = byCredentials.get(credentials);
  if (entry === undefined || entry.secret !== secret) {
    checkSecret(secret);
    entry = { secret, keyed: keyWith(secret) };
    byCredentials.set(credentials, entry);
  }
  return mac(entry.keyed, stringToSign);
}
