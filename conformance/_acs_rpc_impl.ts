// acs-rpc as a conformance implementation: maps each operation of
// PROTOCOL.md onto the library's public API. The library is a parameter, so
// that conformance_test.ts can run the suite against a deliberately broken
// copy of it; acs_rpc.ts (the stdio adapter) and run.ts pass ../mod.ts.

import type * as Mod from "../mod.ts";
import { type Answer, type Case, decodeText, type Profile, type Text } from "./_suite.ts";

/** The library as the in-process implementation sees it. */
export type AcsRpcApi = typeof Mod;

/** An implementation that answers cases in process. */
export interface InProcessImplementation {
  readonly name: string;
  readonly version: string;
  readonly operations: readonly string[];
  readonly features: readonly string[];
  /** The profiles it claims: acs-rpc validates its input, so both. */
  readonly profiles: readonly Profile[];
  run(testCase: Pick<Case, "id" | "operation" | "input">): Answer;
}

type ResolveEndpoint = (
  regionId: string,
  options?: { network?: "public" | "vpc" },
) => string;

class Skip extends Error {}

function toParamValue(value: unknown, api: AcsRpcApi): unknown {
  if (Array.isArray(value)) return value.map((v) => toParamValue(v, api));
  if (typeof value === "object" && value !== null) {
    if (Object.keys(value).length === 1 && "$json" in value) {
      return api.json((value as { $json: unknown }).$json);
    }
    if ("utf16" in value) return decodeText(value as Text);
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, toParamValue(v, api)]),
    );
  }
  return value;
}

/**
 * The moment a signing case pins: the signers take the moment, not its text,
 * so a case whose `timestamp` text (`field` on the wire) is not what
 * formatTimestamp writes for that moment cannot be expressed.
 */
function clockOf(input: Record<string, unknown>, api: AcsRpcApi, field: string): Date {
  const timestamp = String(input.timestamp);
  const clock = new Date(String(input.clock ?? timestamp));
  let formatted: string;
  try {
    formatted = api.formatTimestamp(clock);
  } catch {
    throw new Skip(`acs-rpc cannot express ${field} ${timestamp}`);
  }
  if (formatted !== timestamp) {
    throw new Skip(`acs-rpc writes ${formatted}, not ${timestamp}`);
  }
  return clock;
}

function pairsOf(params: unknown): [string, string][] {
  return (params as [Text, Text][]).map((
    [name, value],
  ) => [decodeText(name), decodeText(value)] as [string, string]);
}

function credentialsOf(input: Record<string, unknown>) {
  const token = input.securityToken;
  return {
    accessKeyId: decodeText(input.accessKeyId as Text),
    accessKeySecret: decodeText(input.accessKeySecret as Text),
    ...(token === null || token === undefined ? {} : { securityToken: decodeText(token as Text) }),
  };
}

function signOutput(input: Record<string, unknown>, api: AcsRpcApi) {
  const clock = clockOf(input, api, "timestamp");
  const request = api.signRequest({
    action: String(input.action),
    params: pairsOf(input.params),
    method: input.method as "GET" | "POST",
    format: input.format as "JSON" | "XML",
    version: String(input.version),
    timestamp: clock,
    nonce: String(input.nonce),
    endpoint: String(input.endpoint),
    protocol: input.protocol as "https" | "http",
    credentials: credentialsOf(input),
  });
  return {
    canonicalQuery: request.canonicalQuery,
    stringToSign: request.stringToSign,
    signature: request.signature,
    url: request.url,
    body: request.body,
  };
}

/** A `sign-v3` case's body: none, text (sent as UTF-8), or raw bytes in Base64. */
type BodyInput = null | { text: Text } | { base64: string };

function bodyOf(body: BodyInput | undefined): string | Uint8Array | undefined {
  if (body === null || body === undefined) return undefined;
  if ("text" in body) return decodeText(body.text);
  return Uint8Array.from(atob(body.base64), (char) => char.charCodeAt(0));
}

function base64Of(body: string | Uint8Array | null): string | null {
  if (body === null) return null;
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return btoa(String.fromCharCode(...bytes));
}

function signV3Output(input: Record<string, unknown>, api: AcsRpcApi) {
  const clock = clockOf(input, api, "x-acs-date");
  const body = bodyOf(input.body as BodyInput | undefined);
  const request = api.signRequestV3({
    action: String(input.action),
    params: pairsOf(input.params),
    headers: input.headers as [string, string][],
    method: input.method as "GET" | "POST",
    version: String(input.version),
    timestamp: clock,
    nonce: String(input.nonce),
    endpoint: String(input.endpoint),
    protocol: input.protocol as "https" | "http",
    credentials: credentialsOf(input),
    ...(body === undefined ? {} : { body }),
  });
  return {
    canonicalRequest: request.canonicalRequest,
    stringToSign: request.stringToSign,
    signature: request.signature,
    authorization: request.headers.authorization,
    headers: request.headers,
    url: request.url,
    body: base64Of(request.body),
  };
}

/**
 * Makes the in-process implementation of acs-rpc from the library's module.
 *
 * @param api The library (`../mod.ts`, or a copy of it under test).
 * @param version The version to report.
 */
export function createAcsRpcImplementation(
  api: AcsRpcApi,
  version: string,
): InProcessImplementation {
  // resolveEndpoint joins the suite once mod.ts re-exports it.
  const resolveEndpoint = (api as Record<string, unknown>).resolveEndpoint as
    | ResolveEndpoint
    | undefined;
  const operations = ["encode", "canonicalize", "sign", "flatten"];
  // signRequestV3 joins the suite once mod.ts exports it (a copy under test may predate it).
  if (typeof (api as Record<string, unknown>).signRequestV3 === "function") {
    operations.push("sign-v3");
  }
  if (typeof resolveEndpoint === "function") operations.push("endpoint");

  function output(
    operation: string,
    input: Record<string, unknown>,
  ): Record<string, unknown> {
    switch (operation) {
      case "encode":
        return { encoded: api.percentEncode(decodeText(input.text as Text)) };
      case "canonicalize":
        return {
          canonicalQuery: api.canonicalize(
            (input.pairs as [Text, Text][]).map((
              [name, value],
            ) => [decodeText(name), decodeText(value)] as [string, string]),
          ),
        };
      case "sign":
        return signOutput(input, api);
      case "flatten":
        return {
          pairs: api.flattenParams(
            toParamValue(input.params, api) as Mod.Params,
          ),
        };
      case "endpoint":
        return {
          host: resolveEndpoint!(String(input.regionId), {
            network: input.network as "public" | "vpc",
          }),
        };
      case "sign-v3":
        return signV3Output(input, api);
      default:
        throw new Skip(`acs-rpc has no operation "${operation}"`);
    }
  }

  return {
    name: "acs-rpc",
    version,
    operations,
    features: [
      "utf16-text",
      "post",
      "security-token",
      "xml-format",
      "custom-version",
      "json-params",
    ],
    profiles: ["core", "strict"],
    run({ id, operation, input }): Answer {
      try {
        return { id, status: "ok", output: output(operation, input) };
      } catch (error) {
        if (error instanceof Skip) {
          return { id, status: "skipped", reason: error.message };
        }
        const code = (error as { code?: unknown }).code;
        if (typeof code === "string") {
          return {
            id,
            status: "error",
            code,
            message: (error as Error).message,
          };
        }
        return {
          id,
          status: "internal",
          message: String((error as Error)?.message ?? error),
        };
      }
    },
  };
}
