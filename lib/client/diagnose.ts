/**
 * The doctor: explains `SignatureDoesNotMatch` and `InvalidTimeStamp.Expired`
 * answers.
 *
 * @module
 */

import { decodeOrUndefined } from "../_internal/encode.ts";
import { AcsTypeError } from "../errors/mod.ts";
import { compareQuery, parseQuery } from "./_diagnose_query.ts";
import { diagnoseV3, isV3Message } from "./_diagnose_v3.ts";

/** What {@linkcode diagnose} looks at. */
export interface DiagnoseInput {
  /** The error code of the answer. */
  readonly code: string;
  /** The error message of the answer. */
  readonly message: string;
  /** The string to sign the client signed (from {@linkcode signRequest}). */
  readonly stringToSign?: string | undefined;
  /** For signature V3: the canonical request the client signed (from `signRequestV3`). */
  readonly canonicalRequest?: string | undefined;
  /** The `Timestamp` the client signed. */
  readonly timestamp?: Date | undefined;
  /** The answer's `Date` header: the server's clock. */
  readonly serverDate?: string | null | undefined;
}

/** What {@linkcode diagnose} found. */
export interface Diagnosis {
  /** What went wrong and the usual causes, in a few sentences. */
  readonly summary: string;
  /**
   * The first parameter (in signing order) whose signed form differs between
   * client and server, when the strings to sign were compared.
   */
  readonly parameter: string | undefined;
  /** The local clock minus the server's, in seconds, for an expired timestamp. */
  readonly clockSkewSeconds: number | undefined;
}

const SERVER_STRING_TO_SIGN = /server string to sign is:\s*(\S+)/;
const USUAL_CAUSES =
  'the usual causes are "+" for a space (write "%20"), "!\'()*" left unencoded, ' +
  'lower-case hex such as "%2f", an encoded "~" ("%7E"), and white space around the secret';

interface ParsedStringToSign {
  readonly method: string;
  readonly pairs: ReadonlyMap<string, string>;
}

/** Splits `METHOD&%2F&encoded-query` into the method and the signed pairs. */
function parseStringToSign(text: string): ParsedStringToSign | undefined {
  const parts = text.split("&");
  if (parts.length !== 3) return undefined;
  const query = decodeOrUndefined(parts[2]!);
  if (query === undefined) return undefined;
  return { method: parts[0]!, pairs: parseQuery(query) };
}

function compare(
  ours: ParsedStringToSign,
  theirs: ParsedStringToSign,
): { parameter: string | undefined; finding: string } | undefined {
  const difference = compareQuery(ours.pairs, theirs.pairs);
  if (difference !== undefined) return difference;
  if (ours.method !== theirs.method) {
    return {
      parameter: undefined,
      finding: `the request was signed as ${ours.method} but sent as ${theirs.method}`,
    };
  }
  return undefined;
}

function diagnoseSignature(input: DiagnoseInput): Diagnosis {
  const serverText = SERVER_STRING_TO_SIGN.exec(input.message)?.[1];
  const server = serverText === undefined ? undefined : parseStringToSign(serverText);
  const ours = input.stringToSign === undefined ? undefined : parseStringToSign(input.stringToSign);
  if (server === undefined || ours === undefined) {
    return {
      summary:
        `The server computed a different signature; the answer gives no string to sign to compare, but ${USUAL_CAUSES}`,
      parameter: undefined,
      clockSkewSeconds: undefined,
    };
  }
  const difference = compare(ours, server);
  if (difference === undefined) {
    return {
      summary:
        "The server computed a different signature from the same string to sign, so the secret differs: " +
        "check the AccessKeySecret for white space or a copying error, and that it belongs to the AccessKeyId",
      parameter: undefined,
      clockSkewSeconds: undefined,
    };
  }
  return {
    summary:
      `The string to sign differs from the server's; the first difference: ${difference.finding}`,
    parameter: difference.parameter,
    clockSkewSeconds: undefined,
  };
}

function describeSeconds(seconds: number): string {
  const total = Math.abs(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} h`);
  if (minutes > 0) parts.push(`${minutes} min`);
  if (rest > 0 || parts.length === 0) parts.push(`${rest} s`);
  return parts.join(" ");
}

function diagnoseClock(input: DiagnoseInput): Diagnosis {
  const serverTime = input.serverDate == null ? Number.NaN : Date.parse(input.serverDate);
  if (input.timestamp === undefined || Number.isNaN(serverTime)) {
    return {
      summary:
        "The request's Timestamp is more than 15 minutes from the server's clock; the answer has no Date header to measure by how much, so check the local clock",
      parameter: undefined,
      clockSkewSeconds: undefined,
    };
  }
  const skew = Math.round((input.timestamp.getTime() - serverTime) / 1000);
  return {
    summary: `The local clock is ${describeSeconds(skew)} ${
      skew >= 0 ? "ahead of" : "behind"
    } the server's (Date: ${input.serverDate}), more than the 15 minutes allowed; set it right, for example with NTP`,
    parameter: undefined,
    clockSkewSeconds: skew,
  };
}

function invalidInput(parameter: string, problem: string, cause?: unknown): AcsTypeError {
  return new AcsTypeError("invalid-option", `Cannot diagnose: ${problem}`, {
    parameter,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The input, each field read once and checked, and a timestamp's own time. */
function readInput(input: unknown): DiagnoseInput {
  if (typeof input !== "object" || input === null) {
    throw invalidInput(
      "input",
      `expected an object, got ${input === null ? "null" : typeof input}`,
    );
  }
  let read: Record<keyof DiagnoseInput, unknown>;
  try {
    const { code, message, stringToSign, canonicalRequest, timestamp, serverDate } =
      input as Record<keyof DiagnoseInput, unknown>;
    read = { code, message, stringToSign, canonicalRequest, timestamp, serverDate };
  } catch (error) {
    throw invalidInput(
      "input",
      `reading it threw ${error instanceof Error ? error.name : typeof error}`,
      error,
    );
  }
  for (const name of ["code", "message"] as const) {
    if (typeof read[name] !== "string") {
      throw invalidInput(name, `"${name}" must be a string, got ${typeof read[name]}`);
    }
  }
  for (const name of ["stringToSign", "canonicalRequest"] as const) {
    if (read[name] !== undefined && typeof read[name] !== "string") {
      throw invalidInput(name, `"${name}" must be a string or undefined, got ${typeof read[name]}`);
    }
  }
  if (read.serverDate != null && typeof read.serverDate !== "string") {
    throw invalidInput("serverDate", `"serverDate" must be a string, null or undefined`);
  }
  if (read.timestamp !== undefined) {
    let time = Number.NaN;
    try {
      // The Date's own time: a subclass's getTime() cannot say another.
      time = Date.prototype.getTime.call(read.timestamp);
    } catch {
      // Not a Date at all: refused below.
    }
    if (Number.isNaN(time)) {
      throw invalidInput("timestamp", '"timestamp" must be a valid Date or undefined');
    }
    read.timestamp = new Date(time);
  }
  return read as unknown as DiagnoseInput;
}

/**
 * Explains an error answer when it can: for `SignatureDoesNotMatch` it
 * compares the server's string to sign (quoted in the message) with the one
 * the client signed and names the first parameter that differs and why (a
 * `+` for a space, `!'()*` unencoded, lower-case hex, an encoded `~`), or
 * says that the secret differs when the strings match (for signature V3, whose
 * server quotes its canonical request instead, it compares that with
 * `canonicalRequest` and names the first differing parameter, header, or a
 * body changed after signing); for
 * `InvalidTimeStamp.Expired` it reads the server's `Date` header and says how
 * far off the local clock is. Secrets are never shown: the value of a
 * `SecurityToken`, a password or key material is not quoted.
 *
 * @param input The error code and message, the string to sign and timestamp
 * of the request, and the answer's `Date` header.
 * @returns The diagnosis, or `undefined` for any other code.
 * @throws {AcsTypeError} `invalid-option` naming the field for a `code` or
 * `message` that is not a string, another field of the wrong type, a
 * `timestamp` that is not a valid `Date`, or an input that is not an object
 * or cannot be read (`input`).
 *
 * @example Finding a space written as "+"
 * ```ts
 * import { diagnose } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const diagnosis = diagnose({
 *   code: "SignatureDoesNotMatch",
 *   message: "Specified signature is not matched with our calculation. " +
 *     "server string to sign is:GET&%2F&Action%3DDescribeRegions%26Name%3Da%2520b",
 *   stringToSign: "GET&%2F&Action%3DDescribeRegions%26Name%3Da%2Bb",
 * });
 * assert.equal(diagnosis?.parameter, "Name");
 * assert.match(diagnosis?.summary ?? "", /a space was written as "\+"/);
 * ```
 */
export function diagnose(input: DiagnoseInput): Diagnosis | undefined {
  input = readInput(input);
  if (input.code === "SignatureDoesNotMatch") {
    if (!isV3Message(input.message)) return diagnoseSignature(input);
    const v3 = diagnoseV3(input.message, input.canonicalRequest, input.stringToSign);
    return { ...v3, clockSkewSeconds: undefined };
  }
  if (input.code === "InvalidTimeStamp.Expired") return diagnoseClock(input);
  return undefined;
}
