// Internal: which parameters carry secrets (passwords, key material, security
// tokens), shared by the signers (no plain HTTP for them), ApiError and the
// doctor (never quote their values), for RPC strings to sign and V3 canonical
// requests alike. mod.ts never re-exports this file.

import { decodeOrUndefined } from "./encode.ts";

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
  return redactCanonicalRequest(text.replace(
    STRING_TO_SIGN_FIELD,
    (field, before: string, name: string) =>
      isSensitiveName(decodeOrUndefined(name) ?? name) ? `${before}${name}%3D[redacted]` : field,
  ));
}

/** Where a V3 server's message quotes its canonical request. */
const CANONICAL_REQUEST = "CanonicalRequest is [";
/** A signed header line that carries a credential. */
const SECRET_HEADER_LINE = /(^|\n|\\n)(x-acs-(?:security|bearer)-token):[^\n\\\]]*/g;
/** `name=value` fields of a V3 canonical query. */
const QUERY_FIELD = /(^|&|\n|\\n)([^&=\s\\]+)=([^&\s\\\]]*)/g;

/**
 * Replaces, in the canonical request a V3 server quotes, the value of a
 * security token header and of every secret-bearing query parameter with
 * `[redacted]`.
 */
function redactCanonicalRequest(text: string): string {
  const start = text.indexOf(CANONICAL_REQUEST);
  if (start === -1) return text;
  const at = start + CANONICAL_REQUEST.length;
  const quoted = text.slice(at)
    .replace(SECRET_HEADER_LINE, "$1$2:[redacted]")
    .replace(
      QUERY_FIELD,
      (field, before: string, name: string) =>
        isSensitiveName(decodeOrUndefined(name) ?? name) ? `${before}${name}=[redacted]` : field,
    );
  return text.slice(0, at) + quoted;
}
