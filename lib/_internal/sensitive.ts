// Internal: which parameters carry secrets (passwords, key material, security
// tokens), shared by the signers (no plain HTTP for them), ApiError and the
// doctor (never quote their values), for RPC strings to sign and V3 canonical
// requests alike, and the client (which knows the values it sent, and removes
// every form of them from what it reports). mod.ts never re-exports this file.

import { decodeOrUndefined, encodeText } from "./encode.ts";

/** A name segment whose value must never travel over plain HTTP or show in a message. */
const SENSITIVE_SEGMENT = /password$|keybody$|privatekey|securitytoken$|secret$/i;

/** Whether any segment of a parameter name (`Instance.1.Password`) names a secret. */
export function isSensitiveName(name: string): boolean {
  return name.split(".").some((segment) => SENSITIVE_SEGMENT.test(segment));
}

/** How deep {@linkcode jsonSecretPath} looks: deeper than `json()` lets a value nest. */
const MAX_JSON_DEPTH = 128;

/**
 * The path of the first object key that names a secret in a parameter's
 * JSON text, as `json()` writes it (`Config.AdminPassword`,
 * `Config[1].Password`), or `undefined`: so that a signer can refuse it over
 * plain HTTP from the flat pairs alone. Text that is not a JSON object or
 * array has none; values that merely mention a password (`["Password"]`) are
 * not secrets. Looks at most {@linkcode MAX_JSON_DEPTH} levels deep, without
 * recursion.
 */
export function jsonSecretPath(name: string, text: string): string | undefined {
  if (!text.startsWith("{") && !text.startsWith("[")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Depth first, in document order: the stack holds what is left, last first.
  const stack: [path: string, value: unknown, depth: number, key: string | undefined][] = [
    [name, parsed, 0, undefined],
  ];
  while (stack.length > 0) {
    const [path, value, depth, key] = stack.pop()!;
    if (key !== undefined && isSensitiveName(key)) return path;
    if (typeof value !== "object" || value === null || depth >= MAX_JSON_DEPTH) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push([`${path}[${i}]`, value[i], depth + 1, undefined]);
      }
    } else {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const child = keys[i]!;
        stack.push([
          `${path}.${child}`,
          (value as Record<string, unknown>)[child],
          depth + 1,
          child,
        ]);
      }
    }
  }
  return undefined;
}

/**
 * `name%3Dvalue` fields of a string to sign, as quoted in a server's message.
 * In a string to sign the query is encoded twice, so a name that needs
 * encoding (`Admin Password`) shows as `Admin%2520Password`.
 */
const STRING_TO_SIGN_FIELD = /(^|&|%26)((?:(?!%26|%3D)[^\s&=])+)%3D((?:(?!%26)[^\s&])*)/g;

/** Decodes a name as many times as it was encoded (at most three), for the name test. */
function decodedName(name: string): string {
  let current = name;
  for (let i = 0; i < 3 && current.includes("%"); i++) {
    const next = decodeOrUndefined(current);
    if (next === undefined || next === current) break;
    current = next;
  }
  return current;
}

/**
 * Replaces the value of every secret-bearing parameter in a quoted string to
 * sign with `[redacted]`, leaving the rest to compare.
 */
export function redactStringToSign(text: string): string {
  return redactCanonicalRequest(text.replace(
    STRING_TO_SIGN_FIELD,
    (field, before: string, name: string) =>
      isSensitiveName(decodedName(name)) ? `${before}${name}%3D[redacted]` : field,
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
        isSensitiveName(decodedName(name)) ? `${before}${name}=[redacted]` : field,
    );
  return text.slice(0, at) + quoted;
}

/**
 * Values shorter than this are not searched for: replacing every "ab" in a
 * message would mangle it, and no password or token the APIs accept is that
 * short (ECS passwords have 8 to 30 characters).
 */
const MIN_REDACTED_LENGTH = 4;

function lowerHex(text: string): string {
  return text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[char]!,
  );
}

/**
 * Every form a secret value can take when a server, a runtime or a tool
 * quotes the request: raw, percent-encoded (RFC 3986 and
 * `encodeURIComponent`, upper- and lower-case hex), form-encoded (space as
 * `+`), each of those encoded once more (as in a string to sign), and
 * escaped for JSON and XML.
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  let rfc3986: string;
  try {
    rfc3986 = encodeText(value, "secret");
  } catch {
    // A lone surrogate has no encoded form; signRequest refuses it anyway.
    return [value];
  }
  const component = encodeURIComponent(value);
  const form = new URLSearchParams([["", value]]).toString().slice(1);
  for (const once of [rfc3986, component, form]) {
    for (const twice of [once, encodeText(once, "secret"), encodeURIComponent(once)]) {
      forms.add(twice);
      forms.add(lowerHex(twice));
    }
  }
  forms.add(JSON.stringify(value).slice(1, -1));
  forms.add(escapeXml(value));
  return [...forms];
}

/**
 * Replaces every form (see {@linkcode secretForms}) of each secret value with
 * `[redacted]`. Values shorter than {@linkcode MIN_REDACTED_LENGTH} are left
 * to the name-based {@linkcode redactStringToSign}.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_REDACTED_LENGTH) continue;
    for (const form of secretForms(secret)) forms.add(form);
  }
  if (forms.size === 0) return text;
  // Longest first, so that an encoded form is replaced whole before a raw
  // value that it contains.
  let redacted = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (redacted.includes(form)) redacted = redacted.replaceAll(form, "[redacted]");
  }
  return redacted;
}
