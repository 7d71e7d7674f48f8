// Internal: reading an options object once, refusing the keys it does not
// know (a misspelt option would otherwise be ignored and its default used).
// Shared by the verifier, the nonce stores, the signers, the test server and
// the credentials providers. mod.ts never re-exports this file.

import { AcsTypeError } from "../errors/mod.ts";
import {
  closestWords,
  MAX_COMPARED_LENGTH,
  orList,
  quotePrefix,
  textPrefix,
  thrownText,
} from "./suggest.ts";

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
    refuseUnknownKeys(what, options, known);
    for (const key of known) read[key] = (options as Record<string, unknown>)[key];
  } catch (error) {
    if (error instanceof AcsTypeError) throw error;
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: reading the options threw ${thrownText(error)}`,
      { parameter: "options", cause: error },
    );
  }
  return read;
}

/**
 * Refuses the first own enumerable key of `options` that is not one of
 * `known` (see {@linkcode unknownOption}).
 *
 * @param what The action, for messages.
 * @param options The options object; reading its keys may throw (a revoked
 * Proxy), which the caller handles.
 * @param known The option names.
 * @throws {AcsTypeError} `invalid-option` naming the unknown key.
 */
export function refuseUnknownKeys(what: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw unknownOption(what, key, known);
  }
}

/**
 * The error for an option key that is not one of `known`: `Cannot <what>:
 * unknown option "<key>"; did you mean "<near>"?`, or the options listed when
 * none is near. A key of more than 64 code units (no typo of an option is
 * that long) is quoted by its first 64 and lists nothing; `parameter` holds
 * at most those 64 units (see `textPrefix`), so that the error stays small
 * whatever the key.
 *
 * @param what The action, for messages.
 * @param key The key refused.
 * @param known The option names, in the order to list them.
 */
export function unknownOption(what: string, key: string, known: readonly string[]): AcsTypeError {
  let hint = "";
  if (key.length <= MAX_COMPARED_LENGTH) {
    const lower = key.toLowerCase();
    const sameLetters = known.find((name) => name.toLowerCase() === lower);
    const near = sameLetters === undefined ? closestWords(key, known, 1) : [sameLetters];
    hint = near.length > 0
      ? `; did you mean "${near[0]}"?`
      : known.length === 1
      ? `; the only option is "${known[0]}"`
      : `; the options are ${orList(known.map((name) => `"${name}"`))}`;
  }
  return new AcsTypeError(
    "invalid-option",
    `Cannot ${what}: unknown option ${quotePrefix(key)}${hint}`,
    { parameter: textPrefix(key) },
  );
}

/**
 * The names of an options interface `T`, in the order given, from a record
 * that names each exactly once: the compiler refuses a record that leaves a
 * field of `T` out or names one `T` does not have, so a list made this way
 * cannot drift from its interface.
 *
 * @param names Every option of `T`, each `true`.
 * @returns The names.
 */
export function optionNames<T extends object>(
  names: { readonly [K in keyof T]-?: true },
): readonly (keyof T & string)[] {
  return Object.keys(names) as (keyof T & string)[];
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
