// Internal: the checks the fake STS and metadata services share for their
// options (read once by readOptions, which refuses unknown keys first).

import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";

/**
 * Checks the options a fake service uses before it listens: the port and the
 * clock.
 *
 * @throws {AcsRangeError} `invalid-option` for a port out of 0–65535.
 * @throws {AcsTypeError} `invalid-option` for a clock that is not a function.
 */
export function checkFakeOptions(
  what: string,
  options: { readonly port?: unknown; readonly now?: unknown },
): void {
  const { port, now } = options;
  if (
    port !== undefined &&
    !(typeof port === "number" && Number.isInteger(port) && port >= 0 && port <= 65535)
  ) {
    throw new AcsRangeError("invalid-option", `Cannot ${what}: "port" must be 0 to 65535`, {
      parameter: "port",
    });
  }
  if (now !== undefined && typeof now !== "function") {
    throw new AcsTypeError("invalid-option", `Cannot ${what}: "now" must be a function`, {
      parameter: "now",
    });
  }
}
