// Helpers shared by the adapters of the Tea / Darabonba SDKs (openapi-util,
// openapi-client, openapi-core) for the `sign-v3` operation: a case's
// parameters, headers and body as those SDKs take them, a stand-in for the
// response their transport would read, and the bytes of the body they built.

import { Buffer } from "node:buffer";
import { Skip, text } from "./_protocol.mjs";

/** Pairs as the object the SDKs take; a name given twice cannot be expressed. */
export function objectOf(pairs, what, sdk) {
  const out = {};
  for (const [n, v] of pairs ?? []) {
    const name = text(n);
    if (Object.hasOwn(out, name)) {
      throw new Skip(`${sdk} takes ${what} as an object, which cannot hold a name twice`);
    }
    out[name] = text(v);
  }
  return out;
}

/** Whether the case sets a content-type header itself. */
export function hasContentType(input) {
  return (input.headers ?? []).some(([name]) => name.toLowerCase() === "content-type");
}

/**
 * The body of a `sign-v3` case as the SDKs send one: none; a form (a text
 * body without a content-type header: its fields, which the SDK encodes
 * itself with its own form encoder, as it does for `reqBodyType: "formData"`);
 * or bytes (raw bytes, or a text body whose content-type the case sets: the
 * SDK's `reqBodyType: "byte"`, which sends them as they are).
 */
export function bodyOf(input, sdk) {
  const body = input.body;
  if (body === null || body === undefined) return { kind: "none" };
  if (body.base64 !== undefined) {
    return { kind: "bytes", bytes: Buffer.from(body.base64, "base64") };
  }
  const value = text(body.text);
  if (hasContentType(input)) return { kind: "bytes", bytes: Buffer.from(value, "utf8") };
  const fields = {};
  for (const field of value === "" ? [] : value.split("&")) {
    const equals = field.indexOf("=");
    let name;
    let fieldValue;
    try {
      name = decodeURIComponent(equals === -1 ? field : field.slice(0, equals));
      fieldValue = equals === -1 ? "" : decodeURIComponent(field.slice(equals + 1));
    } catch {
      throw new Skip(`${sdk} takes a form body as fields; this body is not percent-encoded fields`);
    }
    if (Object.hasOwn(fields, name)) {
      throw new Skip(`${sdk} takes a form body as an object, which cannot hold a name twice`);
    }
    fields[name] = fieldValue;
  }
  return { kind: "form", fields };
}

// The transport stand-ins are the ones every httpx-based adapter shares.
export { bytesOf, fakeResponse, lowerKeys } from "./_capture.mjs";
