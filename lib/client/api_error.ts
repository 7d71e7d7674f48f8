/**
 * The error an RPC API answers with.
 *
 * @module
 */

import { redactStringToSign } from "../_internal/sensitive.ts";

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
   */
  constructor(code: string, message: string, options: ApiErrorOptions) {
    super(
      // A security token or a password quoted in the server's string to sign
      // is a credential: keep it out of messages and logs.
      redactStringToSign(message),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "ApiError";
    this.code = code;
    this.status = options.status;
    this.requestId = options.requestId;
    this.hostId = options.hostId;
    this.recommend = options.recommend;
    this.diagnosis = options.diagnosis;
    this.attempts = options.attempts ?? 1;
  }
}
