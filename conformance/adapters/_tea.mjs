// Helpers shared by the adapters of the Tea / Darabonba SDKs (openapi-util,
// openapi-client, openapi-core) for the `sign-v3` operation: a case's body as
// those SDKs take it, reading the canonical request and string to sign off
// OpenApiUtil, and running a case through a generic client's Client#callApi.

import { Buffer } from "node:buffer";
import { pinClock, unpinClock } from "./_clock.mjs";
import { objectOf, Refused, Skip, text } from "./_protocol.mjs";
import { bytesOf } from "./_capture.mjs";

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

/**
 * Wraps OpenApiUtil.hash and OpenApiUtil.signatureMethod, which
 * getAuthorization calls through the class: while `target()` returns an
 * object, signing records there the canonical request (the text hashed last),
 * the string to sign and the signature (hex).
 */
export function captureV3(OpenApiUtil, target) {
  const realHash = OpenApiUtil.hash;
  OpenApiUtil.hash = (raw, algorithm) => {
    const captured = target();
    if (captured) captured.lastHashed = Buffer.from(raw).toString("utf8");
    return realHash(raw, algorithm);
  };
  const realSignatureMethod = OpenApiUtil.signatureMethod;
  OpenApiUtil.signatureMethod = (secret, source, algorithm) => {
    const signature = realSignatureMethod(secret, source, algorithm);
    const captured = target();
    if (captured) {
      captured.canonicalRequest = captured.lastHashed;
      captured.stringToSign = source;
      captured.signature = Buffer.from(signature).toString("hex");
    }
    return signature;
  };
}

/**
 * A `flatten` case's parameters for OpenApiUtil.query: a `{"$json": value}`
 * parameter as OpenApiUtil.arrayToStringWithSpecifiedStyle(value, name,
 * "json") writes it, the others as they are.
 */
export function jsonParams(params, OpenApiUtil) {
  const plain = {};
  for (const [name, value] of Object.entries(params)) {
    if (
      value !== null && typeof value === "object" && !Array.isArray(value) &&
      Object.keys(value).length === 1 && "$json" in value
    ) {
      plain[name] = OpenApiUtil.arrayToStringWithSpecifiedStyle(value.$json, name, "json");
    } else {
      plain[name] = value;
    }
  }
  return plain;
}

/** A credential object with the case's keys (getCredential() without a providerName). */
function credentialOf(input) {
  const accessKeyId = text(input.accessKeyId);
  const accessKeySecret = text(input.accessKeySecret);
  const securityToken = input.securityToken == null ? undefined : text(input.securityToken);
  return {
    getCredential: () =>
      Promise.resolve({
        accessKeyId,
        accessKeySecret,
        securityToken,
        type: securityToken ? "sts" : "access_key",
      }),
  };
}

/**
 * Runs a `sign-v3` case through a generic client (openapi-client,
 * openapi-core): Client#callApi with no signatureAlgorithm, every API
 * parameter in `query` (as the generated SDKs send RPC parameters), the
 * case's headers, and the body as a form or bytes. `sdk` names the SDK and
 * gives its Client, Config, Params, OpenApiRequest and RuntimeOptions;
 * `sdk.begin(input)` starts capturing (the nonce pinned; it returns the
 * object the transport and signing stand-ins fill: canonicalRequest,
 * stringToSign, signature, url, headers, rawBody) and `sdk.end()` stops.
 */
export async function callV3(input, sdk) {
  const request = { query: objectOf(input.params, "query parameters", sdk.name) };
  if ((input.headers ?? []).length) {
    request.headers = objectOf(input.headers, "headers", sdk.name);
  }
  const body = bodyOf(input, sdk.name);
  let reqBodyType = "formData";
  if (body.kind === "form") request.body = body.fields;
  else if (body.kind === "bytes") {
    request.body = body.bytes;
    reqBodyType = "byte";
  }
  const captured = sdk.begin(input);
  pinClock(input.clock ?? input.timestamp);
  try {
    const client = new sdk.Client(
      new sdk.Config({
        endpoint: input.endpoint,
        protocol: input.protocol,
        credential: credentialOf(input),
      }),
    );
    await client.callApi(
      new sdk.Params({
        action: input.action,
        version: input.version,
        protocol: input.protocol,
        pathname: "/",
        method: input.method,
        authType: "AK",
        style: "RPC",
        reqBodyType,
        bodyType: "json",
      }),
      new sdk.OpenApiRequest(request),
      new sdk.RuntimeOptions({}),
    );
    const bytes = await bytesOf(captured.rawBody);
    return {
      canonicalRequest: captured.canonicalRequest,
      stringToSign: captured.stringToSign,
      signature: captured.signature,
      authorization: captured.headers.authorization,
      headers: captured.headers,
      url: captured.url,
      body: bytes && bytes.length > 0 ? bytes.toString("base64") : null,
    };
  } catch (error) {
    if (error instanceof Skip || error instanceof Refused) throw error;
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    throw new Refused("unknown", String(error?.message ?? error));
  } finally {
    unpinClock();
    sdk.end();
  }
}
