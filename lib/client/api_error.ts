/**
 * The error an RPC API answers with.
 *
 * @module
 */

import { redactStringToSign } from "../_internal/sensitive.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { printable } from "../_internal/suggest.ts";

/** What {@linkcode ApiError} carries besides its code and message. */
export interface ApiErrorOptions {
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The `RequestId` of the answer, to quote to Alibaba Cloud support. */
  readonly requestId?: string | undefined;
  /** The `HostId` of the answer: the endpoint that answered. */
  readonly hostId?: string | undefined;
  /** The `Recommend` of the answer: a link to Alibaba Cloud's troubleshooter. */
  readonly recommend?: string | undefined;
  /** What went wrong and how to fix it, when {@linkcode diagnose} could tell. */
  readonly diagnosis?: string | undefined;
  /** How many attempts were made, retries included. */
  readonly attempts?: number | undefined;
  /** The error that caused this one. */
  readonly cause?: unknown;
}

function invalid(parameter: string, problem: string, cause?: unknown): AcsTypeError {
  return new AcsTypeError("invalid-option", `Cannot create ApiError: ${problem}`, {
    parameter,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Checks the arguments, reading each option once. */
function readOptions(code: unknown, message: unknown, options: unknown): ApiErrorOptions {
  if (typeof code !== "string" || code === "") {
    throw invalid("code", '"code" must be a non-empty string');
  }
  if (typeof message !== "string") throw invalid("message", '"message" must be a string');
  if (typeof options !== "object" || options === null) {
    throw invalid("options", "expected an options object with the HTTP status");
  }
  let read: Record<keyof ApiErrorOptions, unknown>;
  try {
    const { status, requestId, hostId, recommend, diagnosis, attempts, cause } = options as Record<
      keyof ApiErrorOptions,
      unknown
    >;
    read = { status, requestId, hostId, recommend, diagnosis, attempts, cause };
  } catch (error) {
    throw invalid(
      "options",
      `reading the options threw ${error instanceof Error ? error.name : typeof error}`,
      error,
    );
  }
  if (typeof read.status !== "number") throw invalid("status", '"status" must be a number');
  if (!Number.isInteger(read.status) || read.status < 100 || read.status > 599) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot create ApiError: "status" must be an HTTP status from 100 to 599, got ${read.status}`,
      { parameter: "status" },
    );
  }
  for (const name of ["requestId", "hostId", "recommend", "diagnosis"] as const) {
    if (read[name] !== undefined && typeof read[name] !== "string") {
      throw invalid(name, `"${name}" must be a string or undefined`);
    }
  }
  const { attempts } = read;
  if (
    attempts !== undefined &&
    (typeof attempts !== "number" || !Number.isSafeInteger(attempts) || attempts < 1)
  ) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot create ApiError: "attempts" must be a positive integer, got ${printable(attempts)}`,
      { parameter: "attempts" },
    );
  }
  return read as unknown as ApiErrorOptions;
}

/**
 * An error answer from an RPC API (`{ RequestId, HostId, Code, Message,
 * Recommend }`), thrown by {@linkcode call}. `code` is Alibaba Cloud's code,
 * such as `Throttling.User` or `InvalidAccessKeyId.NotFound`; it is stable,
 * while the message is the server's own text. The value of a `SecurityToken`,
 * a password or key material quoted in a server's string to sign is shown as
 * `[redacted]`.
 *
 * @example Reading an API error
 * ```ts
 * import { ApiError } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const error = new ApiError("Throttling.User", "Request was denied due to user flow control.", {
 *   status: 400,
 *   requestId: "A1B2C3D4-0000-4000-8000-000000000000",
 * });
 * assert.ok(error instanceof Error);
 * assert.equal(error.code, "Throttling.User");
 * assert.equal(error.status, 400);
 * assert.equal(error.requestId, "A1B2C3D4-0000-4000-8000-000000000000");
 * ```
 */
export class ApiError extends Error {
  /** Alibaba Cloud's error code. */
  readonly code: string;
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The `RequestId` of the answer. */
  readonly requestId: string | undefined;
  /** The `HostId` of the answer. */
  readonly hostId: string | undefined;
  /** The `Recommend` link of the answer. */
  readonly recommend: string | undefined;
  /** What went wrong and how to fix it, when it could be told. */
  readonly diagnosis: string | undefined;
  /** How many attempts were made, retries included. */
  readonly attempts: number;

  /**
   * Creates an error from an API's answer.
   *
   * @param code Alibaba Cloud's error code.
   * @param message The server's message.
   * @param options The status, request id and the rest of the answer.
   * @throws {AcsTypeError} `invalid-option` naming the argument for a `code`
   * that is not a non-empty string, a `message` that is not a string, or
   * options of the wrong type (`status` not a number among them).
   * @throws {AcsRangeError} `invalid-option` for a `status` outside 100–599
   * or `attempts` that is not a positive integer.
   */
  constructor(code: string, message: string, options: ApiErrorOptions) {
    const read = readOptions(code, message, options);
    super(
      // A security token or a password quoted in the server's string to sign
      // is a credential: keep it out of messages and logs.
      redactStringToSign(message),
      read.cause === undefined ? undefined : { cause: read.cause },
    );
    this.name = "ApiError";
    this.code = code;
    this.status = read.status;
    this.requestId = read.requestId;
    this.hostId = read.hostId;
    this.recommend = read.recommend;
    this.diagnosis = read.diagnosis;
    this.attempts = read.attempts ?? 1;
  }
}
