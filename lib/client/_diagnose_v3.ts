// Internal: the doctor's reading of a V3 (ACS3-HMAC-SHA256)
// SignatureDoesNotMatch. The server quotes its string to sign and its
// canonical request in brackets ("server StringToSign is [ACS3-HMAC-SHA256\n…]
// server CanonicalRequest is [POST\n/\n…]") rather than the RPC
// "server string to sign is:"; this compares that canonical request with the
// client's, part by part. diagnose.ts dispatches here. mod.ts never
// re-exports this file.

import { isSensitiveName } from "../_internal/sensitive.ts";
import { compareQuery, parseQuery } from "./_diagnose_query.ts";

/** What the doctor found, without the clock field diagnose.ts adds. */
export interface V3Finding {
  readonly summary: string;
  readonly parameter: string | undefined;
}

const SERVER_STRING_TO_SIGN = /server StringToSign is \[([\s\S]*?)\]/;
const SERVER_CANONICAL_REQUEST = /server CanonicalRequest is \[([\s\S]*)\]/;
/** Headers whose value is a credential: never quoted. */
const SECRET_HEADERS = new Set(["x-acs-security-token", "x-acs-bearer-token"]);
const SAME_REQUEST =
  "The server computed a different signature from the same canonical request, so the secret differs: " +
  "check the AccessKeySecret for white space or a copying error, and that it belongs to the AccessKeyId " +
  '(V3 keys HMAC-SHA256 with the bare secret, without the "&" of the RPC signature)';
const USUAL_CAUSES =
  'the usual causes are a "host" that differs from the one sent (a port, a proxy), an x-acs-* header ' +
  "changed or added on the way, a body changed after signing, the query encoded differently from the " +
  'canonical query ("+" for a space, "!\'()*" left unencoded, lower-case hex), and white space around the secret';

/** Whether an error message is a V3 server's: it quotes its string to sign in brackets. */
export function isV3Message(message: string): boolean {
  return SERVER_STRING_TO_SIGN.test(message) || SERVER_CANONICAL_REQUEST.test(message);
}

interface ParsedCanonicalRequest {
  readonly method: string;
  readonly query: ReadonlyMap<string, string>;
  readonly headers: ReadonlyMap<string, string>;
  readonly signedHeaders: string;
  readonly payload: string;
}

/** A quoted text as written, with escaped newlines turned back into newlines. */
function unescape(text: string): string {
  return text.includes("\n") ? text : text.replaceAll("\\n", "\n");
}

function parseCanonicalRequest(text: string): ParsedCanonicalRequest | undefined {
  const lines = unescape(text).split("\n");
  if (lines.length < 6 || lines.at(-3) !== "") return undefined;
  const headers = new Map<string, string>();
  for (const line of lines.slice(3, -3)) {
    const colon = line.indexOf(":");
    if (colon === -1) return undefined;
    headers.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return {
    method: lines[0]!,
    query: parseQuery(lines[2]!),
    headers,
    signedHeaders: lines.at(-2)!,
    payload: lines.at(-1)!,
  };
}

/** The first signed header that differs between the client and the server, and how. */
function compareHeaders(
  ours: ParsedCanonicalRequest,
  theirs: ParsedCanonicalRequest,
): string | undefined {
  const names = [...new Set([...ours.headers.keys(), ...theirs.headers.keys()])].sort();
  for (const name of names) {
    const mine = ours.headers.get(name);
    const server = theirs.headers.get(name);
    if (mine === server) continue;
    if (server === undefined) return `header "${name}" was signed, but the server did not sign it`;
    if (mine === undefined) {
      return `the server signed header "${name}", which was not signed: something between client and server added it`;
    }
    if (SECRET_HEADERS.has(name) || isSensitiveName(name)) {
      return `header "${name}": the signed value differs from the value the server received (not shown: it is a credential)`;
    }
    if (name === "host") {
      return `the request was signed for host ${JSON.stringify(mine)}, but the server received ${
        JSON.stringify(server)
      }: sign for the host the request is sent to (a port, a proxy or a CNAME changes it)`;
    }
    return `header "${name}" was signed as ${JSON.stringify(mine)}, but the server received ${
      JSON.stringify(server)
    }; check that nothing between client and server rewrites it`;
  }
  return undefined;
}

/**
 * Compares the server's canonical request (quoted in `message`) with the
 * client's, and names the first difference: the method, a query parameter
 * (with the RPC query's encoding rules, _diagnose_query.ts), a signed header, or the body.
 */
export function diagnoseV3(
  message: string,
  canonicalRequest: string | undefined,
  stringToSign: string | undefined,
): V3Finding {
  const serverRequest = SERVER_CANONICAL_REQUEST.exec(message)?.[1];
  const theirs = serverRequest === undefined ? undefined : parseCanonicalRequest(serverRequest);
  const ours = canonicalRequest === undefined ? undefined : parseCanonicalRequest(canonicalRequest);
  if (theirs === undefined || ours === undefined) {
    const serverStringToSign = SERVER_STRING_TO_SIGN.exec(message)?.[1];
    if (
      serverStringToSign !== undefined && stringToSign !== undefined &&
      unescape(serverStringToSign) === stringToSign
    ) {
      return { summary: SAME_REQUEST, parameter: undefined };
    }
    return {
      summary:
        `The server computed a different signature; the answer gives no canonical request to compare, but ${USUAL_CAUSES}`,
      parameter: undefined,
    };
  }
  const first = (finding: string): string =>
    `The canonical request differs from the server's; the first difference: ${finding}`;
  if (ours.method !== theirs.method) {
    return {
      summary: first(`the request was signed as ${ours.method} but sent as ${theirs.method}`),
      parameter: undefined,
    };
  }
  const query = compareQuery(ours.query, theirs.query);
  if (query !== undefined) return { summary: first(query.finding), parameter: query.parameter };
  const header = compareHeaders(ours, theirs);
  if (header !== undefined) return { summary: first(header), parameter: undefined };
  if (ours.signedHeaders !== theirs.signedHeaders) {
    return {
      summary: first(
        `the signed header names differ: ${JSON.stringify(ours.signedHeaders)} here, ${
          JSON.stringify(theirs.signedHeaders)
        } on the server`,
      ),
      parameter: undefined,
    };
  }
  if (ours.payload !== theirs.payload) {
    return {
      summary: first(
        `the body the server received hashes to ${theirs.payload}, not to the signed x-acs-content-sha256 ${ours.payload}: ` +
          "the body was changed after signing, or another body was sent",
      ),
      parameter: undefined,
    };
  }
  return { summary: SAME_REQUEST, parameter: undefined };
}
