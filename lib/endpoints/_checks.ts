// Internal: the argument checks resolveEndpoint and productEndpoint share,
// with the same codes and messages. mod.ts never re-exports this file.

import { AcsTypeError } from "../errors/mod.ts";
import { kindOf } from "../_internal/suggest.ts";

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
      } to be a string, got ${kindOf(value)}`,
      { parameter },
    );
  }
}

/** Checks that the options are an object. */
export function checkOptions(options: unknown): asserts options is object {
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot resolve endpoint: expected the options to be an object, got ${kindOf(options)}`,
      { parameter: "options" },
    );
  }
}
