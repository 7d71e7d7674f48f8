// Internal: the doctor's comparison of two signed queries, shared by the RPC
// string to sign (diagnose.ts) and the V3 canonical request
// (_diagnose_v3.ts): reading the pairs, finding the first parameter that
// differs, and saying why. mod.ts never re-exports this file.

import { decodeOrUndefined, encodeText } from "../_internal/encode.ts";
import { isSensitiveName } from "../_internal/sensitive.ts";

/** What differs first: the parameter, and a sentence about it. */
export interface QueryDifference {
  readonly parameter: string;
  readonly finding: string;
}

/**
 * The pairs of an encoded query (`a=1&b=2`), by decoded name, each value as
 * signed (still encoded); the last of a repeated name wins.
 */
export function parseQuery(query: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const field of query === "" ? [] : query.split("&")) {
    const equals = field.indexOf("=");
    const name = equals === -1 ? field : field.slice(0, equals);
    pairs.set(decodeOrUndefined(name) ?? name, equals === -1 ? "" : field.slice(equals + 1));
  }
  return pairs;
}

/** Splits encoded text into `%XX` escapes and single characters. */
function units(text: string): string[] {
  return text.match(/%[0-9A-Fa-f]{2}|[\s\S]/g) ?? [];
}

/** Says how one signed value differs from the server's form of it. */
function explainValue(name: string, ours: string, theirs: string): string {
  const a = units(ours);
  const b = units(theirs);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const mine = a[i];
  const server = b[i];
  const where = `parameter "${name}"`;
  if (mine === "+" && server === "%20") {
    return `${where}: a space was written as "+"; the server reads it as a space and signs "%20", so write "%20"`;
  }
  if (
    mine !== undefined && mine.length === 1 && "!'()*".includes(mine) &&
    encodeText(mine, "text") === server
  ) {
    return `${where}: "${mine}" was left unencoded; the server signs it as "${server}"`;
  }
  if (
    mine !== undefined && server !== undefined && mine !== server &&
    mine.toUpperCase() === server
  ) {
    return `${where}: the hex escape "${mine}" is in lower case; the server signs "${server}"`;
  }
  if (mine?.toUpperCase() === "%7E" && server === "~") {
    return `${where}: "~" was encoded as "${mine}"; it is unreserved and the server signs it as "~"`;
  }
  if (isSensitiveName(name)) {
    return `${where}: the signed value differs from the value the server received (not shown: it is a credential)`;
  }
  return `${where}: signed as ${JSON.stringify(ours)}, but the server signs ${
    JSON.stringify(theirs)
  }; check its encoding and that nothing between client and server rewrites it`;
}

/**
 * The first parameter, in signing order, whose signed value differs between
 * the client's query and the server's (or that only one of them has), and
 * why; `undefined` when the queries agree.
 */
export function compareQuery(
  ours: ReadonlyMap<string, string>,
  theirs: ReadonlyMap<string, string>,
): QueryDifference | undefined {
  // Array#sort compares strings by UTF-16 code unit, as the canonical query does.
  const names = [...new Set([...ours.keys(), ...theirs.keys()])].sort();
  for (const name of names) {
    const mine = ours.get(name);
    const server = theirs.get(name);
    if (mine === server) continue;
    return {
      parameter: name,
      finding: server === undefined
        ? `parameter "${name}" was signed, but the server did not receive it`
        : mine === undefined
        ? `the server received parameter "${name}", which was not signed`
        : explainValue(name, mine, server),
    };
  }
  return undefined;
}
