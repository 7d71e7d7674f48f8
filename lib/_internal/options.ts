// Internal: reading an options object once, refusing the keys it does not
// know (a misspelt option would otherwise be ignored and its default used).
// Shared by the verifier, the nonce stores, the V3 signer and the test server.
// mod.ts never re-exports this file.

import { AcsTypeError } from "../errors/mod.ts";
import { closestWords, orList, quotePrefix } from "./suggest.ts";

/**
 * Reads each of `known` from `options` exactly once (inherited properties
 * included, as destructuring reads them), after refusing every own
 * enumerable key that is not one of them. What is checked afterwards is what
 * is used, even from getters.
 *
 * @param what The action, for messages: `verify request` gives
 * `Cannot verify request: …`.
 * @param options The options object (the caller has handled `undefined`).
 * @param known The option names.
 * @returns The options read, by name.
 * @throws {AcsTypeError} `invalid-option` naming `options` when it is not an
 * object or reading it throws (a revoked Proxy, a throwing getter), or
 * naming an unknown key, with the option meant when one is near.
 */
export function readOptions<K extends string>(
  what: string,
  options: unknown,
  known: readonly K[],
): Record<K, unknown> {
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: expected an options object, got ${
        options === null ? "null" : typeof options
      }`,
      { parameter: "options" },
    );
  }
  const read = {} as Record<K, unknown>;
  try {
    for (const key of Object.keys(options)) {
      if (!(known as readonly string[]).includes(key)) throw unknownOption(what, key, known);
    }
    for (const key of known) read[key] = (options as Record<string, unknown>)[key];
  } catch (error) {
    if (error instanceof AcsTypeError) throw error;
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: reading the options threw ${
        (error instanceof Error ? `${error.name}: ${error.message}` : typeof error).slice(0, 200)
      }`,
      { parameter: "options", cause: error },
    );
  }
  return read;
}

function unknownOption(what: string, key: string, known: readonly string[]): AcsTypeError {
  const lower = key.toLowerCase();
  const sameLetters = known.find((name) => name.toLowerCase() === lower);
  const near = sameLetters === undefined ? closestWords(key, known, 1) : [sameLetters];
  return new AcsTypeError(
    "invalid-option",
    `Cannot ${what}: unknown option ${quotePrefix(key)}${
      near.length === 0
        ? `; the options are ${orList(known.map((name) => `"${name}"`))}`
        : `; did you mean "${near[0]}"?`
    }`,
    { parameter: key },
  );
}

/** Whether `value` is an object with a method `name`; false where reading it throws. */
export function hasMethod(value: unknown, name: string): boolean {
  if (typeof value !== "object" || value === null) return false;
  try {
    return typeof (value as Record<string, unknown>)[name] === "function";
  } catch {
    return false;
  }
}

const getTime = Date.prototype.getTime;

/**
 * A clock option made safe to read: each reading must be a valid `Date` (its
 * own time, read with `Date.prototype.getTime`, so that a subclass cannot
 * report another), else an `invalid-option` error naming `now`, as the
 * verifier's is. Without it a clock that answers `undefined` throws a raw
 * TypeError deep inside the caller.
 *
 * @param what The action, for messages.
 * @param now The clock given, or `undefined` for the real one.
 */
export function checkedClock(what: string, now: (() => unknown) | undefined): () => Date {
  if (now === undefined) return () => new Date();
  return () => {
    const date = now();
    let time = Number.NaN;
    try {
      time = getTime.call(date as Date);
    } catch {
      // Not a Date at all.
    }
    if (Number.isNaN(time)) {
      throw new AcsTypeError(
        "invalid-option",
        `Cannot ${what}: the "now" clock must return a valid Date`,
        {
          parameter: "now",
        },
      );
    }
    return new Date(time);
  };
}
