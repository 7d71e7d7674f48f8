/**
 * An explicit marker for parameters whose value is a JSON text.
 *
 * @module
 */

// A registered symbol, so that markers from two copies of this module (say an
// ES module and a CommonJS build in one program) still recognise each other.
const BRAND = Symbol.for("acs-rpc.json-param");

/**
 * A parameter value to be sent as JSON text, made by {@linkcode json}.
 * {@linkcode flattenParams} writes it with `JSON.stringify` instead of
 * expanding it into a repeat list.
 *
 * @example
 * ```ts
 * import { JsonParam } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new JsonParam(["i-1"]).value, ["i-1"]);
 * ```
 */
export class JsonParam {
  /** The value to serialize. */
  readonly value: unknown;

  /**
   * Wraps a value; {@linkcode json} is the shorter way to say it.
   *
   * @param value The value to serialize.
   */
  constructor(value: unknown) {
    this.value = value;
    Object.freeze(this);
  }
}
Object.defineProperty(JsonParam.prototype, BRAND, { value: true });

/**
 * Marks a value to be sent as one parameter holding its JSON text. Some ECS
 * parameters (`InstanceIds`, `DiskIds`, …) are strings holding a JSON array,
 * while others with an array value are repeat lists (`InstanceId.1`, …):
 * acs-rpc never guesses which, so say it with this marker.
 *
 * The value may hold only `null`, booleans, finite numbers, strings, arrays
 * and plain objects; anything else is refused by {@linkcode flattenParams}
 * rather than silently changed by `JSON.stringify`.
 *
 * @param value The value to serialize.
 * @returns A marker that {@linkcode flattenParams} writes as JSON text.
 *
 * @example Sending a JSON array of instance ids
 * ```ts
 * import { flattenParams, json } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(
 *   flattenParams({ InstanceIds: json(["i-1", "i-2"]) }),
 *   [["InstanceIds", '["i-1","i-2"]']],
 * );
 * ```
 */
export function json(value: unknown): JsonParam {
  return new JsonParam(value);
}

/**
 * Tells whether `value` was made by {@linkcode json}.
 *
 * @param value Any value.
 * @returns `true` for a marker made by {@linkcode json}.
 *
 * @example
 * ```ts
 * import { isJsonParam, json } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.equal(isJsonParam(json([1])), true);
 * assert.equal(isJsonParam({ value: [1] }), false);
 * ```
 */
export function isJsonParam(value: unknown): value is JsonParam {
  if (typeof value !== "object" || value === null) return false;
  try {
    return (value as Record<symbol, unknown>)[BRAND] === true;
  } catch {
    // A revoked Proxy or a throwing getter: not a marker (a predicate never throws).
    return false;
  }
}
