// Internal: what the nonce stores share, reading a record and a size bound.
// mod.ts never re-exports this file.

import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import type { NonceRecord } from "./nonce_store.ts";

/**
 * Reads a nonce record into numbers once, refusing what would let a replay
 * through.
 */
export function readNonceRecord(
  record: NonceRecord,
): { accessKeyId: string; nonce: string; expiry: number; nowMs: number } {
  if (typeof record !== "object" || record === null) {
    throw new AcsTypeError("invalid-option", "Cannot record nonce: expected a record object", {
      parameter: "record",
    });
  }
  let read: NonceRecord;
  try {
    const { accessKeyId, nonce, expiresAt, now } = record;
    read = { accessKeyId, nonce, expiresAt, now };
  } catch (error) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot record nonce: reading the record threw ${
        error instanceof Error ? error.name : typeof error
      }`,
      { parameter: "record", cause: error },
    );
  }
  const { accessKeyId, nonce, expiresAt, now } = read;
  if (typeof accessKeyId !== "string" || typeof nonce !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      "Cannot record nonce: the access key id and the nonce must be strings",
      { parameter: typeof accessKeyId !== "string" ? "accessKeyId" : "nonce" },
    );
  }
  const nowMs = timeOf(now);
  const expiry = timeOf(expiresAt);
  if (!Number.isFinite(nowMs) || !Number.isFinite(expiry)) {
    // A NaN would compare false both ways and let a replay through.
    throw new AcsRangeError(
      "invalid-option",
      "Cannot record nonce: the current time and the expiry must be valid dates",
      { parameter: Number.isFinite(nowMs) ? "expiresAt" : "now" },
    );
  }
  return { accessKeyId, nonce, expiry, nowMs };
}

/**
 * Reads a positive integer option, or `Infinity` where allowed.
 */
export function positiveLimit(
  name: string,
  value: unknown,
  fallback: number,
  allowInfinity: boolean,
): number {
  const limit = value ?? fallback;
  if (
    typeof limit !== "number" ||
    !((Number.isSafeInteger(limit) && limit >= 1) || (allowInfinity && limit === Infinity))
  ) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot create nonce store: "${name}" must be a positive integer${
        allowInfinity ? " or Infinity" : ""
      }, got ${String(limit)}`,
      { parameter: name },
    );
  }
  return limit;
}

/**
 * The time of a real `Date`, read with `Date.prototype.getTime` so that a
 * subclass cannot report another; `NaN` for anything else.
 */
export function timeOf(date: unknown): number {
  try {
    return getTime.call(date as Date);
  } catch {
    return Number.NaN;
  }
}

const getTime = Date.prototype.getTime;
