// Internal: the encoder behind percentEncode and canonicalize, which name the
// parameter at fault in their errors. mod.ts never re-exports this file.

import { AcsTypeError } from "../../../lib/errors/mod.ts";

const SUB_DELIMS = /[!'()*]/g;
const HAS_SUB_DELIMS = /[!'()*]/;
const UNRESERVED_ONLY = /^[A-Za-z0-9_.~-]*$/;
const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean })
  .isWellFormed;

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

/** Whether `value` has no lone surrogate: the built-in test where there is one. */
export function isWellFormed(value: string): boolean {
  return nativeIsWellFormed === undefined
    ? loneSurrogateIndex(value) === -1
    : nativeIsWellFormed.call(value);
}

/**
 * Percent-encodes `value`. The error names it as `label`, followed by the
 * quoted `parameter` when there is one (`parameter name "Tag.1.Key"`); the
 * message is only built when it is thrown, since this is the signing hot path.
 */
export function encodeText(
  value: string,
  label: string,
  parameter?: string,
): string {
  // Most names and many values need no escaping at all.
  if (UNRESERVED_ONLY.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch (cause) {
    const index = loneSurrogateIndex(value);
    const unit = value.charCodeAt(index).toString(16).toUpperCase();
    throw new AcsTypeError(
      "invalid-unicode",
      `Cannot encode ${label}${
        parameter === undefined ? "" : ` "${parameter}"`
      }: lone surrogate U+${unit} at index ${index}`,
      parameter === undefined ? { cause } : { parameter, cause },
    );
  }
  // encodeURIComponent already writes upper-case hex and leaves exactly
  // A-Z a-z 0-9 - _ . ! ~ * ' ( ) alone; RFC 3986 unreserved drops !'()*.
  return HAS_SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS, escapeSubDelim) : encoded;
}

/** `decodeURIComponent`, or `undefined` for text that is not valid percent-encoding. */
export function decodeOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
