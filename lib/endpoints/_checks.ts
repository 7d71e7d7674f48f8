// Internal: the argument checks resolveEndpoint and productEndpoint share,
// with the same codes and messages. mod.ts never re-exports this file.

import { AcsTypeError } from "../errors/mod.ts";

/** What a value is, for a message: `null`, `array`, or its `typeof`. */
export function describe(value: unknown): string {
  try {
    return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  } catch {
    // Array.isArray throws for a revoked Proxy.
    return typeof value;
  }
}

/** Checks that the region id (or the product) is a string. */
export function checkString(
  value: unknown,
  parameter: "regionId" | "product",
): asserts value is string {
  if (typeof value !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot resolve endpoint: expected the ${
        parameter === "regionId" ? "region id" : "product"
      } to be a string, got ${describe(value)}`,
      { parameter },
    );
  }
}

/** Checks that the options are an object. */
export function checkOptions(options: unknown): asserts options is object {
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot resolve endpoint: expected the options to be an object, got ${describe(options)}`,
      { parameter: "options" },
    );
  }
}
