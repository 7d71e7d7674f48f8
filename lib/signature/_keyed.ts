// Internal: HMAC-SHA1 keyed with an access key secret, with the keyed state
// kept per credentials object. mod.ts never re-exports this file.
//
// Keying costs as much as signing a short request, so signRequest keeps the
// keyed state of each credentials object in a WeakMap keyed by that object:
// the state lives exactly as long as the caller keeps the credentials, is
// never reachable from a secret string, and is replaced when the object's
// secret changes. sign(), which is given a bare string, keys every call.

import { hmac } from "@noble/hashes/hmac";
import { sha1 } from "@noble/hashes/sha1";
import { isWellFormed } from "../_internal/encode.ts";
import { AcsTypeError } from "../errors/mod.ts";

type Keyed = ReturnType<typeof hmac.create>;
interface Entry {
  /** The secret the state was made from: compared, never copied. */
  readonly secret: string;
  readonly keyed: Keyed;
}

const utf8 = new TextEncoder();
const byCredentials = new WeakMap<object, Entry>();

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

/** Checks what sign() checks of a secret; the message never quotes it. */
export function checkSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== "string" || secret === "") {
    throw new AcsTypeError(
      "invalid-credentials",
      "Cannot sign: the access key secret must be a non-empty string",
      { parameter: "accessKeySecret" },
    );
  }
  if (!isWellFormed(secret)) {
    throw new AcsTypeError(
      "invalid-credentials",
      "Cannot sign: the access key secret is not well-formed Unicode",
      { parameter: "accessKeySecret" },
    );
  }
}

function keyWith(secret: string): Keyed {
  const key = utf8.encode(secret + "&");
  const keyed = hmac.create(sha1, key);
  key.fill(0);
  return keyed;
}

function mac(keyed: Keyed, stringToSign: string): string {
  return toBase64(keyed.clone().update(utf8.encode(stringToSign)).digest());
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
