// Internal: validation of an explicit endpoint, shared by resolveEndpoint and
// signRequest. mod.ts never re-exports this file.

import { AcsRangeError, AcsTypeError } from "./errors.ts";

// Host names by RFC 1123 labels, or a bracketed IPv6 address, then a port.
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/** Returns `endpoint` if it is a bare host name with an optional port; throws otherwise. */
export function checkEndpoint(endpoint: unknown): string {
  if (typeof endpoint !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot use endpoint: expected a string, got ${
        endpoint === null ? "null" : Array.isArray(endpoint) ? "array" : typeof endpoint
      }`,
      { parameter: "endpoint" },
    );
  }
  const match = HOST.exec(endpoint);
  const port = match?.[1];
  if (
    match === null ||
    (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535))
  ) {
    throw new AcsRangeError(
      "invalid-option",
      `Cannot use endpoint ${
        JSON.stringify(endpoint)
      }: expected a host name with an optional port, without scheme or path`,
      { parameter: "endpoint" },
    );
  }
  return endpoint;
}
