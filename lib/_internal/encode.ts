// Internal: the encoder behind percentEncode and canonicalize, which name the
// parameter at fault in their errors, and behind signRequest, which also needs
// each piece encoded twice (the string to sign percent-encodes the canonical
// query once more). mod.ts never re-exports this file.
//
// Cost is linear in the text for every kind of character: the native
// encodeURIComponent does the UTF-8 work, and the few characters it leaves
// that RFC 3986 does not (`!'()*`) are escaped by a loop that writes bytes for
// long text, never by a replace callback (about 4 MiB/s for text full of `*`).

import { AcsTypeError } from "../errors/mod.ts";

const HAS_SUB_DELIMS = /[!'()*]/;
const UNRESERVED_ONLY = /^[A-Za-z0-9_.~-]*$/;
const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean })
  .isWellFormed;
const HEX = "0123456789ABCDEF";
/** Up to this length, string concatenation beats writing bytes and decoding them. */
const SHORT = 256;
const ascii = new TextDecoder();

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

function isSubDelim(unit: number): boolean {
  // ! ' ( ) *
  return unit === 0x2a || unit === 0x21 || (unit >= 0x27 && unit <= 0x29);
}

/** `encodeURIComponent`'s output with `!'()*` escaped too. */
function escapeSubDelims(encoded: string): string {
  if (!HAS_SUB_DELIMS.test(encoded)) return encoded;
  const length = encoded.length;
  if (length <= SHORT) {
    let out = "";
    let last = 0;
    for (let i = 0; i < length; i++) {
      const unit = encoded.charCodeAt(i);
      if (isSubDelim(unit)) {
        out += encoded.slice(last, i) + "%2" + HEX[unit & 15];
        last = i + 1;
      }
    }
    return out + encoded.slice(last);
  }
  // The input is ASCII: one byte per unit, three for each escaped one. Count
  // first, so that the buffer is exactly the output (a 1 MiB value would
  // otherwise ask for 3 MiB more than it needs).
  let escaped = 0;
  for (let i = 0; i < length; i++) if (isSubDelim(encoded.charCodeAt(i))) escaped++;
  const bytes = new Uint8Array(length + 2 * escaped);
  let n = 0;
  for (let i = 0; i < length; i++) {
    const unit = encoded.charCodeAt(i);
    if (isSubDelim(unit)) {
      bytes[n++] = 0x25;
      bytes[n++] = 0x32;
      bytes[n++] = HEX.charCodeAt(unit & 15);
    } else {
      bytes[n++] = unit;
    }
  }
  return ascii.decode(bytes);
}

function loneSurrogateError(
  value: string,
  label: string,
  parameter: string | undefined,
  cause: unknown,
): AcsTypeError {
  const index = loneSurrogateIndex(value);
  const unit = value.charCodeAt(index).toString(16).toUpperCase();
  return new AcsTypeError(
    "invalid-unicode",
    `Cannot encode ${label}${
      parameter === undefined ? "" : ` "${parameter}"`
    }: lone surrogate U+${unit} at index ${index}`,
    parameter === undefined ? { cause } : { parameter, cause },
  );
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
  return escapeSubDelims(encodeUri(value, label, parameter));
}

/**
 * `encodeURIComponent(value)`, with its error for a lone surrogate made a
 * coded one. It already writes upper-case hex and leaves exactly
 * A-Z a-z 0-9 - _ . ! ~ * ' ( ) alone; RFC 3986 unreserved drops !'()*.
 */
function encodeUri(value: string, label: string, parameter: string | undefined): string {
  try {
    return encodeURIComponent(value);
  } catch (cause) {
    throw loneSurrogateError(value, label, parameter, cause);
  }
}

/** The second result of {@linkcode encodeTwice}: `value` encoded twice. */
export let encodedTwice = "";

/**
 * `encodeText(value, …)`, returned, and that encoding encoded once more (as
 * the string to sign needs it), left in {@linkcode encodedTwice}. Long text
 * with `!'()*` gets both from one pass over `encodeURIComponent`'s output:
 * encoding the decoder's output again would cost several times more.
 */
export function encodeTwice(value: string, label: string, parameter: string): string {
  if (UNRESERVED_ONLY.test(value)) {
    encodedTwice = value;
    return value;
  }
  const encoded = encodeUri(value, label, parameter);
  if (encoded.length <= SHORT || !HAS_SUB_DELIMS.test(encoded)) {
    const once = escapeSubDelims(encoded);
    encodedTwice = encodeURIComponent(once);
    return once;
  }
  const length = encoded.length;
  let escaped = 0;
  let percents = 0;
  for (let i = 0; i < length; i++) {
    const unit = encoded.charCodeAt(i);
    if (unit === 0x25) percents++;
    else if (isSubDelim(unit)) escaped++;
  }
  // Once: !'()* become %2X. Twice: % becomes %25, and !'()* become %252X.
  const once = new Uint8Array(length + 2 * escaped);
  const twice = new Uint8Array(length + 2 * percents + 4 * escaped);
  let n = 0;
  let m = 0;
  for (let i = 0; i < length; i++) {
    const unit = encoded.charCodeAt(i);
    if (unit === 0x25) {
      once[n++] = 0x25;
      twice[m++] = 0x25;
      twice[m++] = 0x32;
      twice[m++] = 0x35;
    } else if (isSubDelim(unit)) {
      const hex = HEX.charCodeAt(unit & 15);
      once[n++] = 0x25;
      once[n++] = 0x32;
      once[n++] = hex;
      twice[m++] = 0x25;
      twice[m++] = 0x32;
      twice[m++] = 0x35;
      twice[m++] = 0x32;
      twice[m++] = hex;
    } else {
      once[n++] = unit;
      twice[m++] = unit;
    }
  }
  encodedTwice = ascii.decode(twice);
  return ascii.decode(once);
}

/** `decodeURIComponent`, or `undefined` for text that is not valid percent-encoding. */
export function decodeOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
