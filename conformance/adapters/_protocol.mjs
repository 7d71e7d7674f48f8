// The adapter side of conformance/PROTOCOL.md for JavaScript adapters, in
// plain JavaScript so that it runs unchanged under Deno and Node: it answers
// the handshake, then reads one case a line and writes one answer a line.
// Logs go to stderr; stdout carries protocol messages only.

import process from "node:process";

/** Turns a case's Text (a string or {"utf16": [...]}) into a JS string. */
export function text(value) {
  if (typeof value === "string") return value;
  if (value && Array.isArray(value.utf16)) {
    return String.fromCharCode(...value.utf16);
  }
  throw new TypeError(`not a Text value: ${JSON.stringify(value)}`);
}

/** The answer for an input the implementation cannot express. */
export class Skip extends Error {}

/**
 * A case's pairs as the object an SDK takes (names and values as text). A
 * name given twice cannot be expressed; `check(name)`, when given, may refuse
 * other names by throwing.
 */
export function objectOf(pairs, what, sdk, check) {
  const out = {};
  for (const [n, v] of pairs ?? []) {
    const name = text(n);
    if (Object.hasOwn(out, name)) {
      throw new Skip(`${sdk} takes ${what} as an object, which cannot hold a name twice`);
    }
    check?.(name);
    out[name] = text(v);
  }
  return out;
}

/** The answer for an input the implementation refused, with its stable code. */
export class Refused extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * Runs `fn`, answering a `URIError` (JavaScript's encoders refuse lone
 * surrogates with it) as an `invalid-unicode` refusal.
 */
export function refuseURIError(fn) {
  try {
    return fn();
  } catch (error) {
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    throw error;
  }
}

// Lines end at "\n" only: node:readline would also break at U+2028 and
// U+2029, which JSON strings may hold unescaped.
async function* readLines(stream) {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of stream) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline;
    while ((newline = buffer.indexOf("\n")) !== -1) {
      yield buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
    }
  }
  buffer += decoder.decode();
  if (buffer !== "") yield buffer;
}

/**
 * Serves the protocol on stdin/stdout.
 *
 * @param {{name: string, version: string, operations: string[], features: string[], profiles?: string[]}} hello
 * @param {(operation: string, input: any) => Promise<object> | object} run
 *   returns the output, throws Skip or Refused, and anything else it throws
 *   is reported as an internal (adapter) failure.
 */
export async function serve(hello, run) {
  const write = (message) => process.stdout.write(JSON.stringify(message) + "\n");
  let greeted = false;
  for await (const line of readLines(process.stdin)) {
    if (line.trim() === "") continue;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      process.stderr.write(`adapter: not JSON: ${line.slice(0, 200)}\n`);
      continue;
    }
    if (message.type === "hello") {
      write({ type: "hello", protocol: 1, ...hello });
      if (message.protocol !== 1) break;
      greeted = true;
      continue;
    }
    if (message.type !== "case" || !greeted) {
      write({ id: message.id ?? null, status: "internal", message: "expected a hello first" });
      continue;
    }
    const { id } = message;
    try {
      const output = await run(message.operation, message.input);
      write({ id, status: "ok", output });
    } catch (error) {
      if (error instanceof Skip) {
        write({ id, status: "skipped", reason: error.message });
      } else if (error instanceof Refused) {
        write({ id, status: "error", code: error.code, message: error.message });
      } else {
        process.stderr.write(`adapter: case ${id}: ${error?.stack ?? error}\n`);
        write({ id, status: "internal", message: String(error?.message ?? error) });
      }
    }
  }
  process.exit(0);
}
