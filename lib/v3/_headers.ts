// Internal to lib/v3: reading and checking request headers, and writing the
// canonical headers of those read, shared by canonicalizeHeaders and
// signRequestV3. mod.ts never re-exports this file.

import { AcsTypeError } from "../errors/mod.ts";
import type { CanonicalHeaders, HeadersInput } from "./canonicalize_headers.ts";

/** RFC 9110 token characters: what a header name may hold. */
// \x60 is a backtick: TypeScript's import scanner (the npm build's) reads a literal one as a template.
const TOKEN = /^[!#$%&'*+\-.^_\x60|~0-9A-Za-z]+$/;
/** Outside a header value: controls other than tab, DEL, and everything past ASCII. */
const NOT_FIELD_CHAR = /[^\t\x20-\x7e]/;
const EDGE_WHITESPACE = /^[\t ]+|[\t ]+$/g;

/** Whether V3 signs a header: `host`, `content-type` and every `x-acs-*` (`name` in lower case). */
function isSignedHeaderName(name: string): boolean {
  return name === "host" || name === "content-type" || name.startsWith("x-acs-");
}

/**
 * The canonical and signed headers of headers {@linkcode readHeaders} has
 * read (lower-case names, trimmed values, no name twice): the signed ones,
 * sorted by name.
 */
export function canonicalHeadersOf(read: readonly [string, string][]): CanonicalHeaders {
  const signed = read.filter(([name]) => isSignedHeaderName(name));
  // Names are ASCII, so code unit order is byte order.
  signed.sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  let canonicalHeaders = "";
  for (const [name, value] of signed) canonicalHeaders += `${name}:${value}\n`;
  return { canonicalHeaders, signedHeaders: signed.map(([name]) => name).join(";") };
}

function entriesOf(headers: HeadersInput): Iterable<readonly [unknown, unknown]> {
  if (typeof headers !== "object" || headers === null) {
    throw new AcsTypeError(
      "invalid-option",
      "Cannot canonicalize headers: expected an object, a Headers or name/value pairs",
      { parameter: "headers" },
    );
  }
  return Symbol.iterator in headers
    ? headers as Iterable<readonly [unknown, unknown]>
    : Object.entries(headers);
}

/**
 * Reads request headers into lower-case names and trimmed values, checking
 * each: the name an HTTP token, the value text a request can carry (no
 * control character but tab, nothing past ASCII), no name twice in any case.
 * Used by {@linkcode canonicalizeHeaders} and the V3 signer.
 *
 * @param headers The headers.
 * @returns The headers as `[lower-case name, trimmed value]` pairs, in order.
 * @throws {AcsTypeError} As {@linkcode canonicalizeHeaders}.
 */
export function readHeaders(headers: HeadersInput): [string, string][] {
  try {
    return readEntries(headers);
  } catch (error) {
    if (error instanceof AcsTypeError) throw error;
    // A revoked Proxy, a throwing getter or iterator: reading them failed.
    throw new AcsTypeError(
      "invalid-option",
      `Cannot canonicalize headers: reading them threw ${
        error instanceof Error ? error.name : typeof error
      }`,
      { parameter: "headers", cause: error },
    );
  }
}

function readEntries(headers: HeadersInput): [string, string][] {
  const read: [string, string][] = [];
  const seen = new Set<string>();
  let index = 0;
  for (const entry of entriesOf(headers)) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new AcsTypeError(
        "invalid-option",
        `Cannot canonicalize headers: entry ${index} is not a [name, value] pair`,
        { parameter: "headers" },
      );
    }
    index++;
    const [name, value] = entry as [unknown, unknown];
    if (typeof name !== "string" || !TOKEN.test(name)) {
      throw new AcsTypeError(
        "invalid-header",
        `Cannot canonicalize headers: header name ${
          typeof name === "string" ? JSON.stringify(name) : typeof name
        } is not an HTTP token (letters, digits and !#$%&'*+-.^_\`|~)`,
        { parameter: "headers" },
      );
    }
    const lower = name.toLowerCase();
    const path = `headers.${lower}`;
    if (typeof value !== "string") {
      throw new AcsTypeError(
        "invalid-header",
        `Cannot canonicalize header "${lower}": expected a string value, got ${typeof value}`,
        { parameter: path },
      );
    }
    const bad = NOT_FIELD_CHAR.exec(value);
    if (bad !== null) {
      const unit = bad[0].charCodeAt(0);
      // The code point only: a value can be a credential, so it is never quoted.
      throw new AcsTypeError(
        "invalid-header",
        `Cannot canonicalize header "${lower}": ${
          unit < 0x80 ? "control character" : "non-ASCII character"
        } U+${unit.toString(16).toUpperCase().padStart(4, "0")} at index ${bad.index}`,
        { parameter: path },
      );
    }
    if (seen.has(lower)) {
      throw new AcsTypeError(
        "duplicate-parameter",
        `Cannot canonicalize header "${lower}": the name is given more than once`,
        { parameter: path },
      );
    }
    seen.add(lower);
    read.push([lower, value.replace(EDGE_WHITESPACE, "")]);
  }
  return read;
}
