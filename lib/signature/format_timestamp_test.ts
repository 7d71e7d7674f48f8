import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsRangeError, AcsTypeError } from "../errors/errors.ts";
import { formatTimestamp } from "./format_timestamp.ts";

const cases: [string, Date, string][] = [
  [
    "writes UTC with a Z",
    new Date("2016-02-23T20:46:24+08:00"),
    "2016-02-23T12:46:24Z",
  ],
  [
    "cuts milliseconds without rounding",
    new Date("2016-02-23T12:46:24.999Z"),
    "2016-02-23T12:46:24Z",
  ],
  [
    "pads every field",
    new Date("0001-01-02T03:04:05Z"),
    "0001-01-02T03:04:05Z",
  ],
  [
    "handles the last representable second",
    new Date("9999-12-31T23:59:59.5Z"),
    "9999-12-31T23:59:59Z",
  ],
];
for (const [behaviour, date, expected] of cases) {
  test(`formatTimestamp() ${behaviour}`, () => {
    assert.equal(formatTimestamp(date), expected);
  });
}

const bad: [
  string,
  unknown,
  typeof AcsTypeError | typeof AcsRangeError,
  string,
][] = [
  [
    "an invalid Date",
    new Date(Number.NaN),
    AcsRangeError,
    "Cannot format timestamp: the Date is invalid",
  ],
  [
    "a year past 9999",
    new Date("+010000-01-01T00:00:00Z"),
    AcsRangeError,
    "Cannot format timestamp: year 10000 is outside 0001 to 9999",
  ],
  [
    "a string",
    "2016-02-23T12:46:24Z",
    AcsTypeError,
    "Cannot format timestamp: expected a Date, got string",
  ],
];
for (const [what, input, ErrorClass, message] of bad) {
  test(`formatTimestamp() refuses ${what}`, () => {
    assert.throws(
      () => formatTimestamp(input as Date),
      (error) =>
        error instanceof ErrorClass &&
        (error as AcsTypeError).code === "invalid-timestamp" &&
        error.message === message,
    );
  });
}
