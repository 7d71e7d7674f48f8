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

test("formatTimestamp() formats the Date's own time, whatever its methods say", () => {
  class Lying extends Date {
    override getTime(): number {
      return 0;
    }
    override toISOString(): string {
      return "1970-01-01T00:00:00.000Z";
    }
  }
  assert.equal(formatTimestamp(new Lying("2016-02-23T12:46:24.5Z")), "2016-02-23T12:46:24Z");
});

test("formatTimestamp() refuses objects that only pretend to be a Date, with a code", () => {
  for (const fake of [Object.create(Date.prototype), new Proxy(new Date(), {}), {}]) {
    assert.throws(
      () => formatTimestamp(fake),
      (error) => error instanceof AcsTypeError && error.code === "invalid-timestamp",
    );
  }
});

test("formatTimestamp() cuts milliseconds before 1970 too, and follows the clock second by second", () => {
  assert.equal(formatTimestamp(new Date("1969-12-31T23:59:59.500Z")), "1969-12-31T23:59:59Z");
  assert.equal(formatTimestamp(new Date("0001-01-01T00:00:00.999Z")), "0001-01-01T00:00:00Z");
  assert.equal(formatTimestamp(new Date("9999-12-31T23:59:59.999Z")), "9999-12-31T23:59:59Z");
  for (const text of ["2016-02-23T12:46:24", "2016-02-23T12:46:25", "2016-02-23T12:46:24"]) {
    assert.equal(formatTimestamp(new Date(`${text}.999Z`)), `${text}Z`);
    assert.equal(formatTimestamp(new Date(`${text}.000Z`)), `${text}Z`);
  }
});
