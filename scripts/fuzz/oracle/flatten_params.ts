/**
 * Flattening structured API parameters into the name/value pairs of an RPC
 * request.
 *
 * @module
 */

import { AcsRangeError, AcsTypeError } from "../../../lib/errors/mod.ts";
import { isJsonParam, type JsonParam } from "./json.ts";

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

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  // Object.getPrototypeOf(proto) === null also accepts objects from other realms.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name !== "string" || name === "" || name === "Object") {
    return "an object with a custom prototype";
  }
  return `an instance of ${name}`;
}

function unsupported(path: string, what: string, hint = ""): AcsTypeError {
  return new AcsTypeError(
    "unsupported-value",
    `Cannot flatten parameter "${path}": ${what} has no defined form on the wire${hint}`,
    { parameter: path },
  );
}

function topLevelEntries(
  params: Params,
): Iterable<readonly [unknown, unknown]> {
  if (typeof params !== "object" || params === null) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot flatten parameters: expected an object, a Map, URLSearchParams or pairs, got ${
        describe(params)
      }`,
      { parameter: "params" },
    );
  }
  if (params instanceof Map || params instanceof URLSearchParams) {
    return params.entries();
  }
  if (Symbol.iterator in params) return checkedPairs(params);
  if (isPlainObject(params)) return Object.entries(params);
  throw new AcsTypeError(
    "invalid-option",
    `Cannot flatten parameters: expected an object, a Map, URLSearchParams or pairs, got ${
      describe(params)
    }`,
    { parameter: "params" },
  );
}

function* checkedPairs(
  pairs: Iterable<unknown>,
): Iterable<readonly [unknown, unknown]> {
  let index = 0;
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new AcsTypeError(
        "invalid-option",
        `Cannot flatten parameters: entry ${index} is not a [name, value] pair`,
        { parameter: "params" },
      );
    }
    yield pair as [unknown, unknown];
    index++;
  }
}

function checkName(name: unknown, path: string): asserts name is string {
  if (typeof name !== "string" || name === "") {
    const shown = typeof name === "string" ? '""' : describe(name);
    throw new AcsTypeError(
      "invalid-parameter-name",
      `Cannot flatten parameter "${path}": a name must be a non-empty string, got ${shown}`,
      { parameter: path },
    );
  }
}

function checkJson(value: unknown, path: string, ancestors: object[]): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (Number.isFinite(value)) return;
      throw new AcsRangeError(
        "unsupported-value",
        `Cannot flatten parameter "${path}": ${value} has no JSON form`,
        { parameter: path },
      );
    case "object":
      break;
    default:
      throw new AcsTypeError(
        "unsupported-value",
        `Cannot flatten parameter "${path}": ${describe(value)} has no JSON form`,
        { parameter: path },
      );
  }
  if (value === null) return;
  if (ancestors.includes(value)) {
    throw new AcsTypeError(
      "circular-value",
      `Cannot flatten parameter "${path}": the value contains itself`,
      { parameter: path },
    );
  }
  ancestors.push(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) {
        throw new AcsTypeError(
          "unsupported-value",
          `Cannot flatten parameter "${path}[${i}]": an array hole has no JSON form`,
          { parameter: `${path}[${i}]` },
        );
      }
      checkJson(value[i], `${path}[${i}]`, ancestors);
    }
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      checkJson(item, `${path}.${key}`, ancestors);
    }
  } else {
    throw new AcsTypeError(
      "unsupported-value",
      `Cannot flatten parameter "${path}": ${describe(value)} has no JSON form`,
      { parameter: path },
    );
  }
  ancestors.pop();
}

class Flattener {
  readonly pairs: FlatParam[] = [];
  readonly #names = new Set<string>();
  readonly #ancestors: object[];

  constructor(root: object) {
    this.#ancestors = [root];
  }

  add(path: string, value: string): void {
    if (this.#names.has(path)) {
      throw new AcsTypeError(
        "duplicate-parameter",
        `Cannot flatten parameter "${path}": the name is given more than once`,
        { parameter: path },
      );
    }
    this.#names.add(path);
    this.pairs.push([path, value]);
  }

  walk(path: string, value: unknown): void {
    switch (typeof value) {
      case "string":
        return this.add(path, value);
      case "boolean":
        return this.add(path, value ? "true" : "false");
      case "bigint":
        return this.add(path, String(value));
      case "number":
        if (Number.isFinite(value)) return this.add(path, String(value));
        throw new AcsRangeError(
          "unsupported-value",
          `Cannot flatten parameter "${path}": ${value} has no defined form on the wire`,
          { parameter: path },
        );
      case "undefined":
        return;
      case "object":
        if (value === null) return;
        return this.#walkObject(path, value);
      default:
        throw unsupported(path, describe(value));
    }
  }

  #walkObject(path: string, value: object): void {
    if (isJsonParam(value)) {
      checkJson(value.value, path, []);
      return this.add(path, JSON.stringify(value.value));
    }
    if (value instanceof Date) {
      throw unsupported(
        path,
        "a Date",
        "; format it first, e.g. with formatTimestamp()",
      );
    }
    const isList = Array.isArray(value);
    if (!isList && !(value instanceof Map) && !isPlainObject(value)) {
      throw unsupported(path, describe(value));
    }
    if (this.#ancestors.includes(value)) {
      throw new AcsTypeError(
        "circular-value",
        `Cannot flatten parameter "${path}": the value contains itself`,
        { parameter: path },
      );
    }
    this.#ancestors.push(value);
    if (isList) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === null || item === undefined) {
          // Leaving it out would number the list Name.1, Name.3: a gap the
          // server reads as a shorter list or refuses.
          throw new AcsTypeError(
            "unsupported-value",
            `Cannot flatten parameter "${path}.${i + 1}": a repeat list cannot have a gap (${
              i in value ? String(item) : "an array hole"
            }); leave the item out of the array instead`,
            { parameter: `${path}.${i + 1}` },
          );
        }
        this.walk(`${path}.${i + 1}`, item);
      }
    } else {
      const entries = value instanceof Map ? value.entries() : Object.entries(value);
      for (const [key, item] of entries) {
        checkName(key, `${path}.${String(key)}`);
        this.walk(`${path}.${key}`, item);
      }
    }
    this.#ancestors.pop();
  }
}

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
 *
 * @param params A plain object, a `Map`, `URLSearchParams`, or an iterable of
 * `[name, value]` pairs.
 * @returns The pairs, in the order the parameters were given.
 * @throws {AcsTypeError} `unsupported-value` for a `Date`, function, symbol or
 * class instance; `circular-value` for a value that contains itself;
 * `duplicate-parameter` for two parameters with one name after flattening;
 * `invalid-parameter-name` for an empty name; `invalid-option` when `params`
 * is not one of the accepted shapes. Each names the parameter path.
 * @throws {AcsRangeError} `unsupported-value` for `NaN` and infinities.
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
  const entries = topLevelEntries(params);
  const flattener = new Flattener(params);
  for (const [name, value] of entries) {
    checkName(name, String(name));
    flattener.walk(name, value);
  }
  return flattener.pairs;
}
