/**
 * The `Timestamp` common parameter.
 *
 * @module
 */

import { AcsRangeError, AcsTypeError } from "../../../lib/errors/mod.ts";

/**
 * Formats a moment as the `Timestamp` parameter wants it: ISO 8601 in UTC,
 * `YYYY-MM-DDThh:mm:ssZ`, with no milliseconds (they are cut, not rounded,
 * so the timestamp never lies in the future).
 *
 * @param date The moment.
 * @returns The timestamp text.
 * @throws {AcsTypeError} `invalid-timestamp` when `date` is not a `Date`.
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
  if (!(date instanceof Date)) {
    throw new AcsTypeError(
      "invalid-timestamp",
      `Cannot format timestamp: expected a Date, got ${typeof date}`,
      { parameter: "timestamp" },
    );
  }
  const time = date.getTime();
  const year = date.getUTCFullYear();
  if (Number.isNaN(time) || year < 1 || year > 9999) {
    throw new AcsRangeError(
      "invalid-timestamp",
      `Cannot format timestamp: ${
        Number.isNaN(time) ? "the Date is invalid" : `year ${year} is outside 0001 to 9999`
      }`,
      { parameter: "timestamp" },
    );
  }
  return date.toISOString().slice(0, 19) + "Z";
}
