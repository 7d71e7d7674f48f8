// Internal: "did you mean" suggestions and quoting of text a caller got wrong,
// with bounded cost whatever the length of that text. Shared by the signers
// (unknown option keys), resolveEndpoint (unknown region ids) and the
// client's option checks (the edit distance); and what a caller's getter or
// Proxy threw, as the option readers, the flattener and canonicalize show it.
// mod.ts never re-exports this file.

/** Words longer than this are never compared: no typo of a short word is that long. */
export const MAX_COMPARED_LENGTH = 64;
/** How much of a caller's text an error message quotes at most. */
const MAX_QUOTED_LENGTH = 64;

/**
 * `text`, or its first `max` code units (one fewer where the last would be
 * the first half of a surrogate pair): what an error's `parameter` holds of
 * a key a caller got wrong, whatever its length.
 */
export function textPrefix(text: string, max: number = MAX_QUOTED_LENGTH): string {
  if (text.length <= max) return text;
  // Never cut a surrogate pair in two: JSON.stringify would show half of it.
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/**
 * `JSON.stringify(text)`, or of its first {@linkcode MAX_QUOTED_LENGTH} code
 * units (see {@linkcode textPrefix}) followed by `…` and the full length, so
 * that a message stays short and cheap whatever the caller passed (a 4 MB
 * region id quotes 64 units).
 */
export function quotePrefix(text: string, max: number = MAX_QUOTED_LENGTH): string {
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(textPrefix(text, max))}… (${text.length} UTF-16 code units)`;
}

/**
 * A value as an error message shows it, never throwing and bounded in
 * length: a primitive as `String()` writes it (long text by a prefix, as
 * {@linkcode quotePrefix} quotes it), an object only by its kind, since
 * converting a hostile one (a revoked Proxy, a throwing `toString`) throws.
 */
export function printable(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value.length <= MAX_QUOTED_LENGTH ? value : quotePrefix(value);
    case "number":
    case "boolean":
    case "bigint":
    case "undefined":
      return String(value);
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
  }
  if (value === null) return "null";
  try {
    return Array.isArray(value) ? "an array" : "an object";
  } catch {
    return "an object";
  }
}

/**
 * What a value is, for a message: `null`, `array`, or its `typeof`. Never
 * throws: `Array.isArray` does for a revoked Proxy, which is then an
 * `object`.
 */
export function kindOf(value: unknown): string {
  try {
    return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  } catch {
    return typeof value;
  }
}

/**
 * What a caller's code threw (a Proxy trap, a getter, an iterator), as an
 * error message shows it after "threw": `Name: message` for an `Error`, else
 * only its `typeof`; at most 200 code units.
 */
export function thrownText(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : typeof error).slice(0, 200);
}

/**
 * The Damerau–Levenshtein distance (optimal string alignment): insertions,
 * deletions, substitutions and swaps of two neighbouring characters. Callers
 * keep both words short (see {@linkcode MAX_COMPARED_LENGTH}): the cost is the
 * product of the lengths.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, before[j - 2]! + 1);
      }
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidates nearest to `word` (all at the same, smallest distance, in the
 * order given, at most `limit`), or none when even the nearest is too far to
 * be a typo: about one edit in three characters, and at least two. A word
 * longer than {@linkcode MAX_COMPARED_LENGTH} gets no suggestion, so the cost
 * is bounded by the candidates, not by the word.
 */
export function closestWords(
  word: string,
  candidates: readonly string[],
  limit: number,
): string[] {
  if (word.length > MAX_COMPARED_LENGTH) return [];
  const distances = candidates.map((candidate) => editDistance(word, candidate));
  const nearest = Math.min(...distances);
  if (nearest > Math.max(2, Math.floor(word.length / 3))) return [];
  return candidates.filter((_, i) => distances[i] === nearest).slice(0, limit);
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
