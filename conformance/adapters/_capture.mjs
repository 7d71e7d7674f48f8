// Helpers shared by the adapters that run a peer SDK with its transport and
// crypto stubbed: a fake response and the captured body (httpx-based
// transports), the string to sign and signature read off node:crypto's
// createHmac, and reading `encode` and `canonicalize` answers out of a whole
// request (for the SDKs that have no function of their own for them).

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

/**
 * Wraps `createHmac` on the node:crypto module object the SDK calls it on:
 * while `target()` returns an object, a SHA-1 HMAC records there the text it
 * is fed (`stringToSign`) and its digest (`signature`, Base64 unless the SDK
 * asks for an encoding).
 */
export function captureHmacSha1(crypto, target) {
  const realCreateHmac = crypto.createHmac;
  crypto.createHmac = function (algorithm, key, ...rest) {
    const hmac = realCreateHmac.call(this, algorithm, key, ...rest);
    const captured = target();
    if (captured && algorithm === "sha1") {
      const update = hmac.update.bind(hmac);
      const digest = hmac.digest.bind(hmac);
      hmac.update = (data, encoding) => {
        captured.stringToSign = String(data);
        update(data, encoding);
        return hmac;
      };
      hmac.digest = (encoding) => {
        const out = digest(encoding);
        captured.signature = typeof out === "string" ? out : Buffer.from(out).toString("base64");
        return out;
      };
    }
    return hmac;
  };
}

/** The canonical query in a string to sign (`METHOD&%2F&…`): its third field, decoded once. */
export function canonicalQueryOf(stringToSign) {
  return decodeURIComponent(stringToSign.split("&")[2]);
}

/** The `sign` input a whole request runs with to answer `encode` and `canonicalize`. */
export const DEFAULT_REQUEST = Object.freeze({
  action: "DescribeRegions",
  method: "GET",
  format: "JSON",
  version: "2014-05-26",
  timestamp: "2016-02-23T12:46:24Z",
  nonce: "conformance",
  accessKeyId: "testid",
  accessKeySecret: "testsecret",
  securityToken: null,
  endpoint: "ecs.aliyuncs.com",
  protocol: "https",
});

/** A `name=value` field as [name, value], split at its first `=`. */
export function splitField(field) {
  const eq = field.indexOf("=");
  return [field.slice(0, eq), field.slice(eq + 1)];
}

/** The (still encoded) value of the field `name` of a query. */
export function fieldValue(query, name) {
  return splitField(query.split("&").find((f) => f.startsWith(`${name}=`)))[1];
}

/** A query without the fields whose names are in `names`. */
export function withoutFields(query, names) {
  return query.split("&").filter((f) => !names.has(splitField(f)[0])).join("&");
}
