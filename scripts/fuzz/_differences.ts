// Where the optimized pipeline (lib/) may differ from the oracle
// (scripts/fuzz/oracle/, the pipeline as of e85dd03), each on purpose, with
// the reason. The differential fuzzer accepts a difference only when one of
// these explains it; anything else is a failure.

import { isSensitiveName } from "../../lib/_internal/sensitive.ts";
import { isJsonParam } from "../../lib/signature/json.ts";

/** The outcome of one call: a result, a coded error, or a raw (uncoded) error. */
export type Outcome =
  | { readonly kind: "ok"; readonly value: unknown }
  | {
    readonly kind: "coded";
    readonly errorClass: string;
    readonly code: string;
    readonly parameter: string | undefined;
  }
  | { readonly kind: "raw"; readonly errorClass: string; readonly message: string };

/** Runs `call` and says how it ended. */
export function outcome(call: () => unknown): Outcome {
  try {
    return { kind: "ok", value: call() };
  } catch (error) {
    const e = error as { name?: unknown; code?: unknown; parameter?: unknown; message?: unknown };
    if ((e?.name === "AcsTypeError" || e?.name === "AcsRangeError") && typeof e.code === "string") {
      return {
        kind: "coded",
        errorClass: e.name,
        code: e.code,
        parameter: typeof e.parameter === "string" ? e.parameter : undefined,
      };
    }
    return {
      kind: "raw",
      errorClass: error instanceof Error ? error.name : typeof error,
      message: error instanceof Error ? error.message.slice(0, 200) : "",
    };
  }
}

/** The documented differences: an id, why, and whether it explains a pair of outcomes. */
export interface Difference {
  readonly id: string;
  readonly reason: string;
}

export const DIFFERENCES = {
  rawErrorsCoded: {
    id: "raw-errors-coded",
    reason:
      "issue 16 item 7: where the oracle threw a raw TypeError or RangeError (revoked Proxies, a Proxy whose ownKeys repeats a name, a throwing getter or toString, a Proxy of a Map, a fake Date, canonicalize({}), nesting that overflows the stack), lib/ throws an AcsTypeError or AcsRangeError with a code",
  },
  unknownOption: {
    id: "unknown-option",
    reason:
      'issue 16 item 10: signRequest refuses an option key it does not know ("regionID") with invalid-option, before anything else; the oracle ignored it',
  },
  secretInJson: {
    id: "secret-in-json-over-http",
    reason:
      "issue 16 item 10: over plain HTTP, signRequest refuses a json() value with a secret-bearing key (Password, …) with insecure-protocol; the oracle sent it",
  },
  depth: {
    id: "nesting-depth",
    reason:
      "issue 16 item 7: objects and arrays nested more than 100 levels (in parameters or inside json()) are refused with AcsRangeError unsupported-value; the oracle flattened them, or overflowed the stack",
  },
  hostCase: {
    id: "endpoint-host-lower-case",
    reason:
      "issue 16 item 6: the host of an endpoint is sent as a URL parser reads it, in lower case (ECS.AliYunCS.com is sent as ecs.aliyuncs.com); the oracle sent it as written",
  },
  nameLabel: {
    id: "object-name-label",
    reason:
      "issue 16 item 7: a parameter name that is an object is labelled by what it is, never by calling its toString (which may throw); the oracle called String(name)",
  },
} as const satisfies Record<string, Difference>;

/** Whether `value`, at any depth, holds a json() value with a secret-bearing key. */
export function hasSecretInJson(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value !== "object" || value === null || seen.has(value)) return false;
  seen.add(value);
  try {
    if (isJsonParam(value)) return jsonHasSecretKey(value.value, new Set());
    if (value instanceof Map) {
      return [...value.values()].some((item) => hasSecretInJson(item, seen));
    }
    return Object.values(value).some((item) => hasSecretInJson(item, seen));
  } catch {
    return false;
  }
}

function jsonHasSecretKey(value: unknown, seen: Set<unknown>): boolean {
  if (typeof value !== "object" || value === null || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.some((item) => jsonHasSecretKey(item, seen));
  return Object.entries(value).some(([key, item]) =>
    isSensitiveName(key) || jsonHasSecretKey(item, seen)
  );
}

/** How deep objects and arrays nest in `value` (json() values included), up to `limit`. */
export function depthOf(value: unknown, limit = 200, seen = new Set<unknown>()): number {
  if (typeof value !== "object" || value === null || seen.has(value)) return 0;
  seen.add(value);
  try {
    const inner = isJsonParam(value)
      ? [value.value]
      : value instanceof Map
      ? [...value.values()]
      : Object.values(value);
    let deepest = 0;
    for (const item of inner) {
      deepest = Math.max(deepest, depthOf(item, limit, seen));
      if (deepest >= limit) break;
    }
    seen.delete(value);
    return (isJsonParam(value) ? 0 : 1) + deepest;
  } catch {
    return 0;
  }
}
