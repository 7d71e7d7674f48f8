// Internal: the canonical query and the string to sign, built in one pass
// over the sorted pairs. mod.ts never re-exports this file.

import { encodedTwice, encodeTwice } from "../_internal/encode.ts";

/**
 * A parameter to canonicalize: its name and value, or, for a common parameter
 * whose encoding is known (an unreserved name, a value checked or cached),
 * also the value encoded once and twice, so that nothing is encoded again.
 */
export type Entry =
  | readonly [name: string, value: string]
  | readonly [name: string, value: string, encoded: string, encodedTwice: string];

/** An entry for a common parameter whose name and value are both unreserved. */
export function unreserved(name: string, value: string): Entry {
  return [name, value, value, value];
}

/** Below this many pairs, an insertion sort without a comparator call beats Array#sort. */
const INSERTION_SORT_MAX = 24;

function byName(a: { readonly 0: string }, b: { readonly 0: string }): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** byName for distinct names: one string comparison instead of two. */
function byDistinctName(a: { readonly 0: string }, b: { readonly 0: string }): number {
  return a[0] < b[0] ? -1 : 1;
}

/**
 * Sorts pairs in place by name, in UTF-16 code unit order of the unencoded
 * name (what `<` compares), keeping pairs of equal names in their order.
 * `distinct` says no two names are equal (signRequest's pairs).
 */
export function sortByName<T extends { readonly 0: string }>(pairs: T[], distinct = false): void {
  const length = pairs.length;
  if (length > INSERTION_SORT_MAX) {
    pairs.sort(distinct ? byDistinctName : byName);
    return;
  }
  for (let i = 1; i < length; i++) {
    const pair = pairs[i]!;
    const name = pair[0];
    let j = i - 1;
    while (j >= 0 && pairs[j]![0] > name) {
      pairs[j + 1] = pairs[j]!;
      j--;
    }
    pairs[j + 1] = pair;
  }
}

/** What {@linkcode canonicalQueryAndStringToSign} returns. */
export interface Canonical {
  readonly canonicalQuery: string;
  readonly stringToSign: string;
}

/**
 * Sorts `pairs` (in place; their names are distinct) and writes both the
 * canonical query and the string to sign: each name and value is encoded
 * once, and that encoding encoded again for the string to sign (only `%`
 * changes, to `%25`), instead of encoding the whole query a second time.
 */
export function canonicalQueryAndStringToSign(
  method: "GET" | "POST",
  pairs: Entry[],
): Canonical {
  sortByName(pairs, true);
  let canonicalQuery = "";
  let stringToSign = method + "&%2F&";
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    const name = pair[0];
    if (i > 0) {
      canonicalQuery += "&";
      stringToSign += "%26";
    }
    if (pair.length === 4) {
      canonicalQuery += name + "=" + pair[2];
      stringToSign += name + "%3D" + pair[3];
      continue;
    }
    const encodedName = encodeTwice(name, "parameter name", name);
    const nameTwice = encodedTwice;
    const encodedValue = encodeTwice(pair[1], "parameter", name);
    canonicalQuery += encodedName + "=" + encodedValue;
    stringToSign += nameTwice + "%3D" + encodedTwice;
  }
  return { canonicalQuery, stringToSign };
}
