// Internal: the flattener behind flattenParams and signRequest. It reads each
// value once (what is checked is what is sent), writes json() values itself
// (JSON.stringify would read them a second time), bounds nesting depth, turns
// whatever a Proxy, getter or iterator throws into a coded error, and only
// pays for duplicate detection when a duplicate is possible. mod.ts never
// re-exports this file.

import { isSensitiveName } from "../_internal/sensitive.ts";
import { thrownText } from "../_internal/suggest.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import type { FlatParam } from "./flatten_params.ts";
import { isJsonParam } from "./json.ts";

/**
 * Objects and arrays nest at most this deep, in the parameters and inside a
 * json() value alike: far beyond any API's parameters, and far below the
 * depth at which a recursive walk runs out of stack.
 */
const MAX_DEPTH = 100;

/** What {@linkcode flatten} returns. */
export interface Flattened {
  /** The pairs, in the order the parameters were given. */
  readonly pairs: FlatParam[];
  /**
   * With `findSecrets`: the first pair whose json() value has a secret-bearing
   * key (`Password`, …), as its index and the path of that key.
   */
  readonly secretInJson: { readonly index: number; readonly path: string } | undefined;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  // Object.getPrototypeOf(proto) === null also accepts objects from other realms.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** What `value` is, for a message; never throws, even for a revoked Proxy. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  let name: unknown;
  try {
    name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  } catch {
    return "an object that cannot be read";
  }
  if (typeof name !== "string" || name === "" || name === "Object") {
    return "an object with a custom prototype";
  }
  return `an instance of ${name}`;
}

/** A name as a path segment, without running any of the caller's code. */
function nameLabel(name: unknown): string {
  switch (typeof name) {
    case "string":
      return name;
    case "object":
    case "function":
      return name === null ? "null" : `[${describe(name)}]`;
    default:
      // String() of a primitive (a symbol too) runs no user code.
      return String(name);
  }
}

function isAcsError(error: unknown): boolean {
  return error instanceof AcsTypeError || error instanceof AcsRangeError;
}

/** What a Proxy trap, getter or iterator threw while reading a value, as a coded error. */
function unreadable(path: string, cause: unknown): AcsTypeError {
  return new AcsTypeError(
    "unsupported-value",
    `Cannot flatten parameter "${path}": reading it threw ${thrownText(cause)}`,
    { parameter: path, cause },
  );
}

function unsupported(path: string, what: string, hint = ""): AcsTypeError {
  return new AcsTypeError(
    "unsupported-value",
    `Cannot flatten parameter "${path}": ${what} has no defined form on the wire${hint}`,
    { parameter: path },
  );
}

function tooDeep(path: string): AcsRangeError {
  return new AcsRangeError(
    "unsupported-value",
    `Cannot flatten parameter "${path}": objects and arrays nest more than ${MAX_DEPTH} levels deep`,
    { parameter: path },
  );
}

function circular(path: string): AcsTypeError {
  return new AcsTypeError(
    "circular-value",
    `Cannot flatten parameter "${path}": the value contains itself`,
    { parameter: path },
  );
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

function invalidParams(params: unknown): AcsTypeError {
  return new AcsTypeError(
    "invalid-option",
    `Cannot flatten parameters: expected an object, a Map, URLSearchParams or pairs, got ${
      describe(params)
    }`,
    { parameter: "params" },
  );
}

function notAPair(index: number): AcsTypeError {
  return new AcsTypeError(
    "invalid-option",
    `Cannot flatten parameters: entry ${index} is not a [name, value] pair`,
    { parameter: "params" },
  );
}

class Flattener {
  readonly pairs: FlatParam[] = [];
  /**
   * The names so far, once a duplicate is possible: from the start for pairs
   * and URLSearchParams, from the first name with a dot otherwise (without
   * one, distinct keys at every level give distinct paths).
   */
  #names: Set<string> | undefined;
  readonly #ancestors: object[];
  readonly #findSecrets: boolean;
  secretInJson: { index: number; path: string } | undefined;

  constructor(root: object, mayRepeat: boolean, findSecrets: boolean) {
    this.#ancestors = [root];
    this.#names = mayRepeat ? new Set() : undefined;
    this.#findSecrets = findSecrets;
  }

  /** Called for every key: a dot in one makes two equal paths possible. */
  sawKey(key: string): void {
    if (this.#names === undefined && key.includes(".")) {
      this.#names = new Set(this.pairs.map(([name]) => name));
    }
  }

  /** One top-level parameter. */
  top(name: unknown, value: unknown): void {
    checkName(name, nameLabel(name));
    this.sawKey(name);
    this.walk(name, value);
  }

  add(path: string, value: string): void {
    const names = this.#names;
    if (names !== undefined) {
      if (names.has(path)) {
        throw new AcsTypeError(
          "duplicate-parameter",
          `Cannot flatten parameter "${path}": the name is given more than once`,
          { parameter: path },
        );
      }
      names.add(path);
    }
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
        try {
          return this.#walkObject(path, value);
        } catch (error) {
          // The innermost object whose reading threw names the path.
          throw isAcsError(error) ? error : unreadable(path, error);
        }
      default:
        throw unsupported(path, describe(value));
    }
  }

  #walkObject(path: string, value: object): void {
    if (isJsonParam(value)) {
      const json = new JsonWriter(this.#findSecrets);
      const text = json.write(value.value, path, 0);
      if (json.secretPath !== undefined && this.secretInJson === undefined) {
        this.secretInJson = { index: this.pairs.length, path: json.secretPath };
      }
      return this.add(path, text);
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
    const ancestors = this.#ancestors;
    if (ancestors.includes(value)) throw circular(path);
    if (ancestors.length > MAX_DEPTH) throw tooDeep(path);
    ancestors.push(value);
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
    } else if (value instanceof Map) {
      for (const [key, item] of Map.prototype.entries.call(value) as Iterable<[unknown, unknown]>) {
        checkName(key, `${path}.${nameLabel(key)}`);
        this.sawKey(key);
        this.walk(`${path}.${key}`, item);
      }
    } else {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        checkName(key, `${path}.${key}`);
        this.sawKey(key);
        this.walk(`${path}.${key}`, record[key]);
      }
    }
    ancestors.pop();
  }
}

/**
 * Writes a json() value as JSON text, checking it as it goes: each value is
 * read once, so what is checked is what is written. The text is what
 * `JSON.stringify` gives for the values it accepts.
 */
class JsonWriter {
  readonly #findSecrets: boolean;
  readonly #ancestors: object[] = [];
  secretPath: string | undefined;

  constructor(findSecrets: boolean) {
    this.#findSecrets = findSecrets;
  }

  write(value: unknown, path: string, depth: number): string {
    switch (typeof value) {
      case "string":
        return JSON.stringify(value);
      case "boolean":
        return value ? "true" : "false";
      case "number":
        if (Number.isFinite(value)) return String(value);
        throw new AcsRangeError(
          "unsupported-value",
          `Cannot flatten parameter "${path}": ${value} has no JSON form`,
          { parameter: path },
        );
      case "object":
        if (value === null) return "null";
        try {
          return this.#writeObject(value, path, depth);
        } catch (error) {
          throw isAcsError(error) ? error : unreadable(path, error);
        }
      default:
        throw new AcsTypeError(
          "unsupported-value",
          `Cannot flatten parameter "${path}": ${describe(value)} has no JSON form`,
          { parameter: path },
        );
    }
  }

  #writeObject(value: object, path: string, depth: number): string {
    const ancestors = this.#ancestors;
    if (ancestors.includes(value)) throw circular(path);
    if (depth >= MAX_DEPTH) throw tooDeep(path);
    ancestors.push(value);
    let text: string;
    if (Array.isArray(value)) {
      text = "[";
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) {
          throw new AcsTypeError(
            "unsupported-value",
            `Cannot flatten parameter "${path}[${i}]": an array hole has no JSON form`,
            { parameter: `${path}[${i}]` },
          );
        }
        if (i > 0) text += ",";
        text += this.write(value[i], `${path}[${i}]`, depth + 1);
      }
      text += "]";
    } else if (isPlainObject(value)) {
      text = "{";
      let first = true;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const item = record[key];
        const itemPath = `${path}.${key}`;
        if (this.#findSecrets && this.secretPath === undefined && isSensitiveName(key)) {
          this.secretPath = itemPath;
        }
        text += (first ? "" : ",") + JSON.stringify(key) + ":" +
          this.write(item, itemPath, depth + 1);
        first = false;
      }
      text += "}";
    } else {
      throw new AcsTypeError(
        "unsupported-value",
        `Cannot flatten parameter "${path}": ${describe(value)} has no JSON form`,
        { parameter: path },
      );
    }
    ancestors.pop();
    return text;
  }
}

/**
 * Flattens API parameters; see flattenParams for the rules. With
 * `findSecrets`, also reports the first secret-bearing key inside a json()
 * value (signRequest refuses it over plain HTTP).
 */
export function flatten(params: unknown, findSecrets: boolean): Flattened {
  if (typeof params !== "object" || params === null) throw invalidParams(params);
  let flattener: Flattener | undefined;
  try {
    if (params instanceof Map) {
      flattener = new Flattener(params, false, findSecrets);
      for (
        const [name, value] of Map.prototype.entries.call(params) as Iterable<[unknown, unknown]>
      ) {
        flattener.top(name, value);
      }
    } else if (!(params instanceof URLSearchParams) && !(Symbol.iterator in params)) {
      if (!isPlainObject(params)) throw invalidParams(params);
      flattener = new Flattener(params, false, findSecrets);
      const record = params as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let i = 0; i < keys.length; i++) flattener.top(keys[i]!, record[keys[i]!]);
    } else {
      // Pairs, and URLSearchParams: a name may repeat.
      flattener = new Flattener(params, true, findSecrets);
      let index = 0;
      for (const entry of params as Iterable<unknown>) {
        if (!(Array.isArray(entry) && entry.length === 2)) throw notAPair(index);
        flattener.top(entry[0], entry[1]);
        index++;
      }
    }
  } catch (error) {
    if (isAcsError(error)) throw error;
    throw new AcsTypeError(
      "invalid-option",
      `Cannot flatten parameters: reading them threw ${thrownText(error)}`,
      { parameter: "params", cause: error },
    );
  }
  return { pairs: flattener.pairs, secretInJson: flattener.secretInJson };
}
