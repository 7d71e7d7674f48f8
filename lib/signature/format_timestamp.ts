/**
 * The `Timestamp` common parameter.
 *
 * @module
 */

import { timeOf, timestampText } from "./_timestamp.ts";

/**
 * Formats a moment as the `Timestamp` parameter wants it: ISO 8601 in UTC,
 * `YYYY-MM-DDThh:mm:ssZ`, with no milliseconds (they are cut, not rounded,
 * so the timestamp never lies in the future). The time is the `Date`'s own
 * time value, read once with the built-in `Date.prototype.getTime`: a `Date`
 * subclass that overrides its methods cannot sign another time than it holds.
 *
 * @param date The moment.
 * @returns The timestamp text.
 * @throws {AcsTypeError} `invalid-timestamp` when `date` is not a `Date`
 * (including an object that only inherits from `Date.prototype`).
 * @throws {AcsRangeError} `invalid-timestamp` for an invalid `Date` or one
 * outside the years 0001 to 9999.
 *
 * @example
 * ```ts
 * import { formatTimestamp } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   formatTimestamp(new Date("2016-02-23T12:46:24.999Z")),
 *   "2016-02-23T12:46:24Z",
 * );
 * ```
 */
export function formatTimestamp(date: Date): string {
  return timestampText(timeOf(date));
}
