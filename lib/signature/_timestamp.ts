// Internal: the Timestamp parameter, read and formatted once per second.
// formatTimestamp and signRequest share it. mod.ts never re-exports this file.

import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";

// The built-ins, as they were when this module loaded: a Date subclass (or a
// later change to Date.prototype) cannot make the signed time differ from the
// Date's own time value.
const getTime = Date.prototype.getTime;
const toISOString = Date.prototype.toISOString;
const IntrinsicDate = Date;
/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z. */
const MIN_TIME = -62135596800000;
const MAX_TIME = 253402300799999;

/**
 * The time value of a `Date` (of any realm), read once with the built-in
 * `getTime`, whatever the object's own methods say.
 */
export function timeOf(date: unknown): number {
  if (typeof date === "object" && date !== null) {
    try {
      return getTime.call(date);
    } catch {
      // Not a Date: Object.create(Date.prototype), a Proxy of one, …
    }
  }
  throw new AcsTypeError(
    "invalid-timestamp",
    `Cannot format timestamp: expected a Date, got ${
      date === null
        ? "null"
        : typeof date === "object"
        ? "an object that is not a Date"
        : typeof date
    }`,
    { parameter: "timestamp" },
  );
}

let cachedSecond = Number.NaN;
let cachedText = "";
let cachedEntry: readonly [string, string, string, string] = ["Timestamp", "", "", ""];

/**
 * `YYYY-MM-DDThh:mm:ssZ` for a time value, milliseconds cut (so the text
 * never lies in the future). The text of the last second is kept, so that
 * signing many requests in one second formats it once.
 */
export function timestampText(time: number): string {
  const second = Math.floor(time / 1000);
  if (second === cachedSecond) return cachedText;
  if (!(time >= MIN_TIME && time <= MAX_TIME)) {
    throw new AcsRangeError(
      "invalid-timestamp",
      `Cannot format timestamp: ${
        Number.isNaN(time)
          ? "the Date is invalid"
          : `year ${new IntrinsicDate(time).getUTCFullYear()} is outside 0001 to 9999`
      }`,
      { parameter: "timestamp" },
    );
  }
  const text = toISOString.call(new IntrinsicDate(second * 1000)).slice(0, 19) + "Z";
  cachedSecond = second;
  cachedText = text;
  // Only ":" needs encoding: once as %3A, twice as %253A.
  cachedEntry = ["Timestamp", text, text.replaceAll(":", "%3A"), text.replaceAll(":", "%253A")];
  return text;
}

/**
 * The `Timestamp` parameter for a time value, with its value encoded once and
 * twice (see canonicalQueryAndStringToSign): one entry per second, shared.
 */
export function timestampEntry(time: number): readonly [string, string, string, string] {
  timestampText(time);
  return cachedEntry;
}
