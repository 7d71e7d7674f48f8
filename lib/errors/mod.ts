/**
 * The errors acs-rpc throws for bad input: {@linkcode AcsTypeError} and
 * {@linkcode AcsRangeError}, built-in error classes that also carry a stable
 * {@linkcode ErrorCode} and the path of the parameter at fault.
 *
 * @example Telling a bad input from other failures
 * ```ts
 * import { AcsTypeError } from "@acs/rpc/errors";
 * import { canonicalize } from "@acs/rpc/signature";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => canonicalize([["A", "1"], ["A", "2"]]),
 *   (error) => error instanceof AcsTypeError && error.code === "duplicate-parameter",
 * );
 * ```
 *
 * @module
 */

export * from "./errors.ts";
