/**
 * The canonicalized query string that an RPC signature covers.
 *
 * @module
 */

import { encodeText } from "../_internal/encode.ts";
import { thrownText } from "../_internal/suggest.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { sortByName } from "./_canonical.ts";

/** The pair's name and value, each read once, once checked. */
function checkPair(pair: unknown, index: number): readonly [string, string] {
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot canonicalize parameters: entry ${index} is not a [name, value] pair`,
      { parameter: "pairs" },
    );
  }
  const name: unknown = pair[0];
  const value: unknown = pair[1];
  if (typeof name !== "string" || name === "") {
    throw new AcsTypeError(
      "invalid-parameter-name",
      `Cannot canonicalize parameters: entry ${index} has no name`,
      { parameter: "pairs" },
    );
  }
  if (typeof value !== "string") {
    throw new AcsTypeError(
      "unsupported-value",
      `Cannot canonicalize parameter "${name}": expected a string value, got ${typeof value}`,
      { parameter: name },
    );
  }
  return [name, value];
}

/**
 * Builds the canonicalized query string: the pairs sorted by name in UTF-16
 * code unit order of the unencoded name (as the official SDKs and the server
 * do), each written `percentEncode(name)=percentEncode(value)`, joined with
 * `&`.
 *
 * Sorting the unencoded names matters: `A_b` sorts before `Ab` by code unit
 * (`_` is 0x5F, `b` is 0x62), and so does `A-b`.
 *
 * @param pairs Flat name/value pairs, such as {@linkcode flattenParams}
 * returns. Every value must already be a string.
 * @returns The canonicalized query string.
 * @throws {AcsTypeError} `duplicate-parameter` when a name occurs twice;
 * `invalid-unicode` when a name or value holds a lone surrogate;
 * `invalid-parameter-name` for an empty name; `unsupported-value` for a value
 * that is not a string; `invalid-option` for an entry that is not a pair,
 * for `pairs` that are not iterable (`{}`, `null`), and when reading them
 * throws (a revoked `Proxy`, a throwing iterator; the cause is kept).
 *
 * @example Sorting and encoding
 * ```ts
 * import { canonicalize } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   canonicalize([["Name", "a b"], ["Action", "DescribeRegions"], ["Empty", ""]]),
 *   "Action=DescribeRegions&Empty=&Name=a%20b",
 * );
 * ```
 */
export function canonicalize(
  pairs: Iterable<readonly [name: string, value: string]>,
): string {
  const sorted: (readonly [string, string])[] = [];
  try {
    if (typeof pairs !== "object" || pairs === null || !(Symbol.iterator in pairs)) {
      throw new AcsTypeError(
        "invalid-option",
        `Cannot canonicalize parameters: expected an iterable of [name, value] pairs, got ${
          pairs === null
            ? "null"
            : typeof pairs === "object"
            ? "an object that is not iterable"
            : typeof pairs
        }`,
        { parameter: "pairs" },
      );
    }
    let index = 0;
    for (const pair of pairs) {
      sorted.push(checkPair(pair, index++));
    }
  } catch (error) {
    if (error instanceof AcsTypeError || error instanceof AcsRangeError) throw error;
    throw new AcsTypeError(
      "invalid-option",
      `Cannot canonicalize parameters: reading them threw ${thrownText(error)}`,
      { parameter: "pairs", cause: error },
    );
  }
  sortByName(sorted);
  let query = "";
  for (let i = 0; i < sorted.length; i++) {
    const pair = sorted[i]!;
    const name = pair[0];
    if (i > 0) {
      if (sorted[i - 1]![0] === name) {
        throw new AcsTypeError(
          "duplicate-parameter",
          `Cannot canonicalize parameter "${name}": the name is given more than once`,
          { parameter: name },
        );
      }
      query += "&";
    }
    query += encodeText(name, "parameter name", name) + "=" +
      encodeText(pair[1], "parameter", name);
  }
  return query;
}
