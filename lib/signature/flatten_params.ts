/**
 * Flattening structured API parameters into the name/value pairs of an RPC
 * request.
 *
 * @module
 */

import type { JsonParam } from "./json.ts";
import { flatten } from "./_flatten.ts";

/**
 * A value an API parameter can take before flattening: text, a number, a
 * boolean, a repeat list (array), a nested object or `Map`, or a
 * {@linkcode json} marker. `null` and `undefined` leave the parameter out
 * (but not an item of a repeat list, where they would leave a gap).
 */
export type ParamValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | JsonParam
  | readonly ParamValue[]
  | { readonly [name: string]: ParamValue }
  | ReadonlyMap<string, ParamValue>;

/**
 * API parameters as acs-rpc accepts them: a plain object, a `Map`,
 * `URLSearchParams`, or an iterable of name/value pairs.
 */
export type Params =
  | { readonly [name: string]: ParamValue }
  | ReadonlyMap<string, ParamValue>
  | URLSearchParams
  | Iterable<readonly [name: string, value: ParamValue]>;

/** A parameter after flattening: its name and its text value. */
export type FlatParam = [name: string, value: string];

/**
 * Flattens API parameters into ordered name/value pairs, the form in which an
 * RPC request carries them.
 *
 * - Strings are kept as they are (an empty string is a real value); finite
 *   numbers and bigints are written by `String()`; booleans as `true` or
 *   `false`; `null` and `undefined` leave the parameter out, except inside an
 *   array, where a gap in the numbering is refused.
 * - An array is a repeat list numbered from 1 (`InstanceId.1`, `InstanceId.2`,
 *   …) at any depth; an object or `Map` nests with a dot (`Tag.1.Key`). An
 *   empty array or object adds nothing.
 * - A {@linkcode json} marker is written as its JSON text.
 * - A plain object contributes its own enumerable string keys only, so
 *   `__proto__` and `constructor` are ordinary names.
 * - Each value is read once. Objects and arrays nest at most 100 levels deep
 *   (inside a {@linkcode json} value too).
 *
 * @param params A plain object, a `Map`, `URLSearchParams`, or an iterable of
 * `[name, value]` pairs.
 * @returns The pairs, in the order the parameters were given.
 * @throws {AcsTypeError} `unsupported-value` for a `Date`, function, symbol or
 * class instance; `circular-value` for a value that contains itself;
 * `duplicate-parameter` for two parameters with one name after flattening;
 * `invalid-parameter-name` for an empty name; `invalid-option` when `params`
 * is not one of the accepted shapes or reading it throws (a revoked `Proxy`,
 * a throwing iterator); `unsupported-value` when reading a value throws (a
 * revoked `Proxy`, a throwing getter, a `Proxy` whose `ownKeys` repeats a
 * name). Each names the parameter path, and the cause is kept.
 * @throws {AcsRangeError} `unsupported-value` for `NaN` and infinities, and
 * for objects or arrays nested more than 100 levels deep.
 *
 * @example Repeat lists, Tag lists and JSON-valued parameters
 * ```ts
 * import { flattenParams, json } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(
 *   flattenParams({
 *     RegionId: "cn-hangzhou",
 *     InstanceIds: json(["i-1", "i-2"]),
 *     Tag: [{ Key: "env", Value: "prod" }],
 *     PageSize: 10,
 *     DryRun: false,
 *     NextToken: undefined,
 *   }),
 *   [
 *     ["RegionId", "cn-hangzhou"],
 *     ["InstanceIds", '["i-1","i-2"]'],
 *     ["Tag.1.Key", "env"],
 *     ["Tag.1.Value", "prod"],
 *     ["PageSize", "10"],
 *     ["DryRun", "false"],
 *   ],
 * );
 * ```
 */
export function flattenParams(params: Params): FlatParam[] {
  return flatten(params, false).pairs;
}
