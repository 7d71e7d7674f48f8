// Helpers shared by the scratch adapters that stub an httpx-based transport
// (Tea / Darabonba clients): a fake response, and reading the captured body.

import { Readable } from "node:stream";
import { Buffer } from "node:buffer";

/** A response object httpx.request could have returned: status 200, body `{}`. */
export function fakeResponse(body = "{}") {
  const response = Readable.from([Buffer.from(body)]);
  return Object.assign(response, {
    statusCode: 200,
    statusMessage: "OK",
    headers: { "content-type": "application/json" },
  });
}

/** The bytes of a body handed to httpx (string, Buffer, Readable or nothing). */
export async function bytesOf(body) {
  if (body == null) return null;
  if (typeof body === "string" || Buffer.isBuffer(body)) return Buffer.from(body);
  const chunks = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Header names in lower case, values as sent (as text). */
export function lowerKeys(headers) {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
}
