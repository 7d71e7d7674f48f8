// Internal: which parameters carry secrets (passwords, key material, security
// tokens), shared by signRequest (no plain HTTP for them), ApiError and the
// doctor (never quote their values). mod.ts never re-exports this file.

import { decodeOrUndefined } from "./_encode.ts";

/** A name segment whose value must never travel over plain HTTP or show in a message. */
const SENSITIVE_SEGMENT = /password$|keybody$|privatekey|securitytoken$|secret$/i;

/** Whether any segment of a parameter name (`Instance.1.Password`) names a secret. */
export function isSensitiveName(name: string): boolean {
  return name.split(".").some((segment) => SENSITIVE_SEGMENT.test(segment));
}

/** `name%3Dvalue` fields of a string to sign, as quoted in a server's message. */
const STRING_TO_SIGN_FIELD = /(^|&|%26)([^&%=\s]+)%3D((?:(?!%26)[^\s&])*)/g;

/**
 * Replaces the value of every secret-bearing parameter in a quoted string to
 * sign with `[redacted]`, leaving the rest to compare.
 */
export function redactStringToSign(text: string): string {
  return text.replace(
    STRING_TO_SIGN_FIELD,
    (field, before: string, name: string) =>
      isSensitiveName(decodeOrUndefined(name) ?? name) ? `${before}${name}%3D[redacted]` : field,
  );
}
