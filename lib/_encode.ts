// Internal: the encoder behind percentEncode and canonicalize, which name the
// parameter at fault in their errors. mod.ts never re-exports this file.

import { AcsTypeError } from "./errors.ts";

const SUB_DELIMS = /[!'()*]/g;

function escapeSubDelim(char: string): string {
  return "%" + char.charCodeAt(0).toString(16).toUpperCase();
}

/** Returns the index of the first lone surrogate in `value`, or -1. */
export function loneSurrogateIndex(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return i;
  }
  return -1;
}

/**
 * Percent-encodes `value`; `what` names it in the error (`parameter "Name"`).
 */
export function encodeText(
  value: string,
  what: string,
  parameter?: string,
): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch (cause) {
    const index = loneSurrogateIndex(value);
    const unit = value.charCodeAt(index).toString(16).toUpperCase();
    throw new AcsTypeError(
      "invalid-unicode",
      `Cannot encode ${what}: lone surrogate U+${unit} at index ${index}`,
      parameter === undefined ? { cause } : { parameter, cause },
    );
  }
  // encodeURIComponent already writes upper-case hex and leaves exactly
  // A-Z a-z 0-9 - _ . ! ~ * ' ( ) alone; RFC 3986 unreserved drops !'()*.
  return encoded.replace(SUB_DELIMS, escapeSubDelim);
}
