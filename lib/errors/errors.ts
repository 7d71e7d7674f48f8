/**
 * The errors acs-rpc throws: built-in error classes that also carry a stable
 * {@linkcode ErrorCode} and the path of the parameter at fault.
 *
 * @module
 */

/**
 * The stable codes carried by every error acs-rpc throws. Messages may be
 * reworded between releases; codes do not change. The conformance suite
 * compares these codes, never messages.
 *
 * | code | meaning |
 * | --- | --- |
 * | `invalid-unicode` | text holds a lone surrogate and has no UTF-8 form |
 * | `invalid-parameter-name` | a parameter name is empty or not a string |
 * | `duplicate-parameter` | two parameters have the same name (before or after flattening) |
 * | `reserved-parameter` | a common request parameter was passed among the API parameters |
 * | `unsupported-value` | a value has no defined form on the wire (`Date`, function, `NaN`, …) |
 * | `circular-value` | a value contains itself |
 * | `invalid-action` | the action is empty or not a plain API name |
 * | `invalid-option` | an option has the wrong type or a value outside its allowed set |
 * | `invalid-timestamp` | the timestamp is not a valid `Date` in years 1 to 9999 |
 * | `invalid-credentials` | credentials are missing, empty or padded with white space |
 * | `insecure-protocol` | plain HTTP was asked for a request that carries secrets |
 * | `unknown-region` | the region id is not in the endpoint table |
 * | `no-vpc-endpoint` | the region has no documented VPC endpoint |
 * | `region-mismatch` | the `RegionId` parameter disagrees with the `regionId` option |
 * | `permission-denied` | the runtime refused network access (Deno without `--allow-net`) |
 * | `pagination-loop` | a paged API answered a page token it had answered before |
 * | `invalid-header` | a header name is not an HTTP token, or a value holds a control or non-ASCII character (signature V3) |
 *
 * @example Reading the code of an error
 * ```ts
 * import { type ErrorCode, percentEncode } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * let code: ErrorCode | undefined;
 * try {
 *   percentEncode("\ud800");
 * } catch (error) {
 *   code = (error as { code?: ErrorCode }).code;
 * }
 * assert.equal(code, "invalid-unicode");
 * ```
 */
export type ErrorCode =
  | "invalid-unicode"
  | "invalid-parameter-name"
  | "duplicate-parameter"
  | "reserved-parameter"
  | "unsupported-value"
  | "circular-value"
  | "invalid-action"
  | "invalid-option"
  | "invalid-timestamp"
  | "invalid-credentials"
  | "insecure-protocol"
  | "unknown-region"
  | "no-vpc-endpoint"
  | "region-mismatch"
  | "permission-denied"
  | "pagination-loop"
  | "invalid-header";

/** Options for {@linkcode AcsTypeError} and {@linkcode AcsRangeError}. */
export interface AcsErrorOptions {
  /** The path of the parameter or option at fault, such as `Tag.1.Key`. */
  parameter?: string;
  /** The error that caused this one. */
  cause?: unknown;
}

/**
 * A `TypeError` (a value of the wrong type or shape) with a stable
 * {@linkcode ErrorCode} and the parameter path.
 *
 * @example Catching a parameter given twice
 * ```ts
 * import { AcsTypeError, canonicalize } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => canonicalize([["InstanceId", "i-1"], ["InstanceId", "i-2"]]),
 *   (error) =>
 *     error instanceof TypeError && error instanceof AcsTypeError &&
 *     error.code === "duplicate-parameter" && error.parameter === "InstanceId",
 * );
 * ```
 */
export class AcsTypeError extends TypeError {
  /** The stable code of this error. */
  readonly code: ErrorCode;
  /** The path of the parameter or option at fault, when there is one. */
  readonly parameter: string | undefined;

  /**
   * Creates an error.
   *
   * @param code The stable code.
   * @param message What went wrong, without any secret.
   * @param options The parameter path and the cause.
   */
  constructor(code: ErrorCode, message: string, options: AcsErrorOptions = {}) {
    super(
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "AcsTypeError";
    this.code = code;
    this.parameter = options.parameter;
  }
}

/**
 * A `RangeError` (a value of the right type outside its allowed range) with a
 * stable {@linkcode ErrorCode} and the parameter path.
 *
 * @example Catching a number that has no wire form
 * ```ts
 * import { AcsRangeError, flattenParams } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => flattenParams({ PageSize: Number.NaN }),
 *   (error) =>
 *     error instanceof RangeError && error instanceof AcsRangeError &&
 *     error.code === "unsupported-value" && error.parameter === "PageSize",
 * );
 * ```
 */
export class AcsRangeError extends RangeError {
  /** The stable code of this error. */
  readonly code: ErrorCode;
  /** The path of the parameter or option at fault, when there is one. */
  readonly parameter: string | undefined;

  /**
   * Creates an error.
   *
   * @param code The stable code.
   * @param message What went wrong, without any secret.
   * @param options The parameter path and the cause.
   */
  constructor(code: ErrorCode, message: string, options: AcsErrorOptions = {}) {
    super(
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "AcsRangeError";
    this.code = code;
    this.parameter = options.parameter;
  }
}
