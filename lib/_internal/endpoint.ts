// Internal: reading an explicit endpoint, shared by the signers (RPC and V3)
// and resolveEndpoint. No public module re-exports this file.

import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";
import { kindOf } from "./suggest.ts";

/** The central ECS endpoint, for a request with neither region nor endpoint. */
export const CENTRAL_HOST = "ecs.aliyuncs.com";

/** An endpoint taken apart: the scheme when it was written, and the host with its port. */
export interface ParsedEndpoint {
  /** `http` or `https` when the endpoint was a URL; `undefined` for a bare host. */
  readonly protocol: "http" | "https" | undefined;
  /** The host name or IP literal, with `:port` when one was given. */
  readonly host: string;
}

const SCHEME = /^(https?):\/\//i;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/;
const PORT = /^[1-9]\d{0,4}$/;
// Longer than any host name (253) with a port and a scheme: never worth parsing.
const MAX_LENGTH = 300;

function invalid(endpoint: string, problem: string): AcsRangeError {
  const shown = endpoint.length > 80 ? `${JSON.stringify(endpoint.slice(0, 60))}…` : JSON.stringify(
    endpoint,
  );
  return new AcsRangeError(
    "invalid-option",
    `Cannot use endpoint ${shown}: ${problem}`,
    { parameter: "endpoint" },
  );
}

function isIpv4(host: string): boolean {
  const parts = host.split(".");
  return parts.length === 4 && parts.every((part) => IPV4_PART.test(part) && Number(part) <= 255);
}

/** Why `name` is not a host name we can send to, or undefined when it is one. */
function hostProblem(name: string): string | undefined {
  if (name.startsWith("[")) {
    if (!name.endsWith("]")) return "an IPv6 address needs its closing bracket";
    let parsed: string;
    try {
      parsed = new URL(`http://${name}/`).hostname;
    } catch {
      return "not a valid IPv6 address";
    }
    return parsed === name.toLowerCase()
      ? undefined
      : `write the IPv6 address as ${JSON.stringify(parsed)}`;
  }
  if (name.length > 253) return "a host name has at most 253 characters";
  const labels = name.split(".");
  if (labels.every((label) => /^\d+$/.test(label))) {
    return isIpv4(name) ? undefined : "not a valid IPv4 address (four numbers from 0 to 255)";
  }
  if (!labels.every((label) => LABEL.test(label))) {
    return "expected a host name (letters, digits and hyphens, between dots), an IPv4 address or a bracketed IPv6 address";
  }
  // A name whose last label is numeric (ecs.123, 0x7f.1) is read as an IP
  // address by URL parsers, and then as a different host than written.
  if (/^(?:\d+|0x[0-9a-f]*)$/i.test(labels.at(-1)!)) {
    return "the last label of a host name must not be a number";
  }
  return undefined;
}

// The last endpoint read and what it gave: signing many requests for one
// endpoint parses it once. Endpoints are not secret.
let lastEndpoint: string | undefined;
let lastParsed: ParsedEndpoint | undefined;

/**
 * Reads an explicit endpoint: a bare host (`ecs.aliyuncs.com`,
 * `127.0.0.1:8788`) or an `http://` or `https://` URL of a host with an
 * optional port and an optional final `/`, nothing else. The host is checked
 * by parsing: a URL parser must read back exactly the host that was written
 * (in lower case, which is how it is returned).
 */
export function parseEndpoint(endpoint: unknown): ParsedEndpoint {
  if (endpoint === lastEndpoint && lastParsed !== undefined) return lastParsed;
  const parsed = parse(endpoint);
  lastEndpoint = endpoint as string;
  lastParsed = parsed;
  return parsed;
}

function parse(endpoint: unknown): ParsedEndpoint {
  if (typeof endpoint !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot use endpoint: expected a string, got ${kindOf(endpoint)}`,
      { parameter: "endpoint" },
    );
  }
  if (endpoint.length > MAX_LENGTH) throw invalid(endpoint, "too long for a host name");
  const scheme = SCHEME.exec(endpoint);
  if (scheme === null && /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) {
    throw invalid(endpoint, 'expected "https://" or "http://", or a bare host name');
  }
  const protocol = scheme === null ? undefined : scheme[1]!.toLowerCase() as "http" | "https";
  let rest = scheme === null ? endpoint : endpoint.slice(scheme[0].length);
  if (scheme !== null && rest.endsWith("/")) rest = rest.slice(0, -1);
  if (/[/?#@\\\s]/.test(rest) || rest === "") {
    throw invalid(
      endpoint,
      "expected a host name with an optional port, without path, query, user or spaces",
    );
  }
  const colon = rest.lastIndexOf(":");
  const hasPort = colon !== -1 && (rest.startsWith("[") ? rest.lastIndexOf("]") < colon : true);
  const name = hasPort ? rest.slice(0, colon) : rest;
  const port = hasPort ? rest.slice(colon + 1) : undefined;
  const problem = hostProblem(name);
  if (problem !== undefined) throw invalid(endpoint, problem);
  if (port !== undefined) {
    if (!PORT.test(port) || Number(port) > 65535) {
      throw invalid(endpoint, "the port must be a number from 1 to 65535");
    }
  }
  // The round trip: whatever the checks above let through, a URL parser
  // must read as the same host, or the request would go elsewhere.
  const lower = name.toLowerCase();
  let read: string;
  try {
    read = new URL(`https://${lower}/`).hostname;
  } catch {
    read = "";
  }
  if (read !== lower) {
    throw invalid(endpoint, `a URL parser reads the host as ${JSON.stringify(read)}`);
  }
  return { protocol, host: port === undefined ? lower : `${lower}:${port}` };
}

/**
 * The scheme to use: the endpoint URL's, else the `protocol` option's, else
 * `https`. An endpoint URL and a `protocol` option that disagree are refused.
 */
export function chooseProtocol(
  endpoint: ParsedEndpoint,
  option: "http" | "https" | undefined,
): "http" | "https" {
  if (endpoint.protocol !== undefined && option !== undefined && option !== endpoint.protocol) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot use endpoint: it is an ${endpoint.protocol}:// URL but the "protocol" option is ${
        JSON.stringify(option)
      }; leave one of them out`,
      { parameter: "protocol" },
    );
  }
  return endpoint.protocol ?? option ?? "https";
}
