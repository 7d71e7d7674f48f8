// Internal: the doctor's reading of a V3 (ACS3-HMAC-SHA256)
// SignatureDoesNotMatch. The server quotes its string to sign and its
// canonical request in brackets ("server StringToSign is [ACS3-HMAC-SHA256\n…]
// server CanonicalRequest is [POST\n/\n…]") rather than the RPC
// "server string to sign is:"; this compares that canonical request with the
// client's, part by part. diagnose.ts dispatches here. mod.ts never
// re-exports this file.

import { decodeOrUndefined } from "../_internal/encode.ts";
import { isSensitiveName } from "../_internal/sensitive.ts";

/** What the doctor found, without the clock field diagnose.ts adds. */
export interface V3Finding {
  readonly summary: string;
  readonly parameter: string | undefined;
}

/** Explains how one signed query value differs (diagnose.ts's rules for the RPC query). */
export type ExplainValue = (name: string, ours: string, theirs: string) => string;

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
  const query = new Map<string, string>();
  for (const field of lines[2] === "" ? [] : lines[2]!.split("&")) {
    const equals = field.indexOf("=");
    const name = equals === -1 ? field : field.slice(0, equals);
    query.set(decodeOrUndefined(name) ?? name, equals === -1 ? "" : field.slice(equals + 1));
  }
  const headers = new Map<string, string>();
  for (const line of lines.slice(3, -3)) {
    const colon = line.indexOf(":");
    if (colon === -1) return undefined;
    headers.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return {
    method: lines[0]!,
    query,
    headers,
    signedHeaders: lines.at(-2)!,
    payload: lines.at(-1)!,
  };
}

function compareQuery(
  ours: ParsedCanonicalRequest,
  theirs: ParsedCanonicalRequest,
  explainValue: ExplainValue,
): V3Finding | undefined {
  // Array#sort compares by UTF-16 code unit, as the canonical query is sorted.
  const names = [...new Set([...ours.query.keys(), ...theirs.query.keys()])].sort();
  for (const name of names) {
    const mine = ours.query.get(name);
    const server = theirs.query.get(name);
    if (mine === server) continue;
    const finding = server === undefined
      ? `parameter "${name}" was signed, but the server did not receive it`
      : mine === undefined
      ? `the server received parameter "${name}", which was not signed`
      : explainValue(name, mine, server);
    return { summary: finding, parameter: name };
  }
  return undefined;
}

function compareHeaders(
  ours: ParsedCanonicalRequest,
  theirs: ParsedCanonicalRequest,
): V3Finding | undefined {
  const names = [...new Set([...ours.headers.keys(), ...theirs.headers.keys()])].sort();
  for (const name of names) {
    const mine = ours.headers.get(name);
    const server = theirs.headers.get(name);
    if (mine === server) continue;
    let finding: string;
    if (server === undefined) {
      finding = `header "${name}" was signed, but the server did not sign it`;
    } else if (mine === undefined) {
      finding =
        `the server signed header "${name}", which was not signed: something between client and server added it`;
    } else if (SECRET_HEADERS.has(name) || isSensitiveName(name)) {
      finding =
        `header "${name}": the signed value differs from the value the server received (not shown: it is a credential)`;
    } else if (name === "host") {
      finding = `the request was signed for host ${JSON.stringify(mine)}, but the server received ${
        JSON.stringify(server)
      }: sign for the host the request is sent to (a port, a proxy or a CNAME changes it)`;
    } else {
      finding = `header "${name}" was signed as ${JSON.stringify(mine)}, but the server received ${
        JSON.stringify(server)
      }; check that nothing between client and server rewrites it`;
    }
    return { summary: finding, parameter: undefined };
  }
  return undefined;
}

/**
 * Compares the server's canonical request (quoted in `message`) with the
 * client's, and names the first difference: the method, a query parameter
 * (with diagnose.ts's encoding rules), a signed header, or the body.
 */
export function diagnoseV3(
  message: string,
  canonicalRequest: string | undefined,
  stringToSign: string | undefined,
  explainValue: ExplainValue,
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
  const difference = compareQuery(ours, theirs, explainValue) ?? compareHeaders(ours, theirs);
  if (difference !== undefined) {
    return { summary: first(difference.summary), parameter: difference.parameter };
  }
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
