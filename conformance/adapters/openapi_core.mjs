// @alicloud/openapi-core (the Darabonba-2 generic client that the current
// @alicloud/<product><version> SDKs are generated against) through
// conformance/PROTOCOL.md, in its RPC signature version 1.0 mode and in its
// default, signature V3 (`sign-v3`).
// Run by Deno with the version pinned in deno.json:
//   deno run -A conformance/adapters/openapi_core.mjs
//
// openapi-core does not call @alicloud/openapi-util: dist/utils.js is its own
// copy of it (encode, flatMap, normalize, canonicalize, getRPCSignature with
// node:crypto's createHmac instead of kitx, getNonce, getTimestamp with
// padStart). Same lineage as openapi-util and rpc-util, so its signature is
// weak independent evidence; what it adds is a separately maintained copy on
// the code path the generated SDKs run, and its own URL composition
// (@darabonba/typescript's doAction, with node:querystring).
//
// Code paths:
// - `sign`: Client#callApi with Config.signatureAlgorithm "v2" runs
//   doRPCRequest; every API parameter goes in OpenApiRequest.query, as the
//   generated SDKs call it, so a POST has an empty body;
// - `encode`, `canonicalize`: OpenApiUtil.getRPCSignature on the pairs alone;
// - `flatten`: OpenApiUtil.query, and arrayToStringWithSpecifiedStyle(…, "json")
//   for a {"$json": value} parameter.
// What the adapter pins: the clock (getTimestamp formats `new Date()`:
// _clock.mjs), the nonce (OpenApiUtil.getNonce, replaced on the class
// openapi-core exports), the transport (httpx.request on the httpx module
// @darabonba/typescript resolves: nothing is sent, the URL and body are
// captured). The string to sign is read by wrapping node:crypto's createHmac,
// which getRPCSignature calls on the module object.
//
// `sign-v3`: with no signatureAlgorithm, Client#callApi runs doRequest,
// which signs with ACS3-HMAC-SHA256, with the same header set as
// openapi-client (see openapi_client.mjs). The canonical request and string
// to sign are read by wrapping OpenApiUtil.hash and
// OpenApiUtil.signatureMethod. Credentials come from an explicit credential
// object without a providerName (the default provider would add a signed
// x-acs-credentials-provider header).

import { createRequire } from "node:module";
import { Buffer } from "node:buffer";
import { pinClock, unpinClock } from "./_clock.mjs";
import { Refused, serve, Skip, text } from "./_protocol.mjs";
import { bodyOf, bytesOf, fakeResponse, lowerKeys, objectOf as teaObjectOf } from "./_tea.mjs";

const coreRequire = createRequire(import.meta.resolve("@alicloud/openapi-core"));
const daraRequire = createRequire(coreRequire.resolve("@darabonba/typescript"));
const httpx = daraRequire("httpx");
const crypto = coreRequire("crypto");

let captured = null;
let nonce = "nonce";

const realCreateHmac = crypto.createHmac;
crypto.createHmac = function (algorithm, key, ...rest) {
  const hmac = realCreateHmac.call(this, algorithm, key, ...rest);
  if (captured && algorithm === "sha1") {
    const update = hmac.update.bind(hmac);
    hmac.update = (data, encoding) => {
      captured.stringToSign = String(data);
      return update(data, encoding);
    };
  }
  return hmac;
};
httpx.request = (url, opts) => {
  Object.assign(captured, {
    url,
    method: opts.method,
    headers: lowerKeys(opts.headers),
    rawBody: opts.data,
  });
  return Promise.resolve(fakeResponse());
};

const core = coreRequire("@alicloud/openapi-core");
const Client = core.default;
const OpenApiUtil = core.OpenApiUtil;
const { Config, Params, OpenApiRequest } = core.$OpenApiUtil;
const $dara = daraRequire("@darabonba/typescript");
const { version } = coreRequire("@alicloud/openapi-core/package.json");

OpenApiUtil.getNonce = () => nonce;
const realHash = OpenApiUtil.hash;
OpenApiUtil.hash = (raw, algorithm) => {
  if (captured) captured.lastHashed = Buffer.from(raw).toString("utf8");
  return realHash(raw, algorithm);
};
const realSignatureMethod = OpenApiUtil.signatureMethod;
OpenApiUtil.signatureMethod = (secret, source, algorithm) => {
  const signature = realSignatureMethod(secret, source, algorithm);
  if (captured) {
    captured.canonicalRequest = captured.lastHashed;
    captured.stringToSignV3 = source;
    captured.signatureV3 = Buffer.from(signature).toString("hex");
  }
  return signature;
};

function objectOf(pairs, what = "parameters") {
  const params = {};
  for (const [n, v] of pairs) {
    const name = text(n);
    if (Object.hasOwn(params, name)) {
      throw new Skip(`openapi-core takes ${what} as an object, which cannot hold a name twice`);
    }
    params[name] = text(v);
  }
  return params;
}

function credentialConfig(input) {
  return {
    accessKeyId: text(input.accessKeyId),
    accessKeySecret: text(input.accessKeySecret),
    ...(input.securityToken == null ? {} : { securityToken: text(input.securityToken) }),
  };
}

async function call(input, { signatureAlgorithm, params, request, clock }) {
  captured = {};
  nonce = input.nonce;
  pinClock(clock);
  try {
    const client = new Client(
      new Config({
        endpoint: input.endpoint,
        protocol: input.protocol,
        ...credentialConfig(input),
        signatureAlgorithm,
      }),
    );
    await client.callApi(
      new Params(params),
      new OpenApiRequest(request),
      new $dara.RuntimeOptions({}),
    );
  } catch (error) {
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    if (/accessKeyId|accessKeySecret|credential/i.test(String(error?.message))) {
      throw new Refused("invalid-credentials", String(error.message));
    }
    throw new Refused("unknown", String(error?.message ?? error));
  } finally {
    unpinClock();
  }
  const bytes = await bytesOf(captured.rawBody);
  captured.bodyBytes = bytes && bytes.length > 0 ? bytes : null;
  return captured;
}

async function signV1(input) {
  const result = await call(input, {
    signatureAlgorithm: "v2",
    clock: input.clock ?? input.timestamp,
    params: {
      action: input.action,
      version: input.version,
      protocol: input.protocol,
      pathname: "/",
      method: input.method,
      authType: "AK",
      style: "RPC",
      reqBodyType: "formData",
      bodyType: "json",
    },
    request: { query: { Format: input.format, ...objectOf(input.params) } },
  });
  return {
    canonicalQuery: decodeURIComponent(result.stringToSign.split("&")[2]),
    stringToSign: result.stringToSign,
    signature: result.url.match(/[?&]Signature=([^&]*)/)
      ? decodeURIComponent(result.url.match(/[?&]Signature=([^&]*)/)[1])
      : undefined,
    url: result.url,
    body: result.bodyBytes ? result.bodyBytes.toString("utf8") : null,
  };
}

function canonicalOf(params) {
  captured = {};
  try {
    OpenApiUtil.getRPCSignature(params, "GET", "secret");
  } catch (error) {
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    throw error;
  } finally {
    // keep captured for the read below
  }
  const canonicalQuery = decodeURIComponent(captured.stringToSign.split("&")[2]);
  captured = null;
  return canonicalQuery;
}

function structured(params) {
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

async function signV3(input) {
  const SDK = "openapi-core";
  const request = { query: teaObjectOf(input.params, "query parameters", SDK) };
  if ((input.headers ?? []).length) request.headers = teaObjectOf(input.headers, "headers", SDK);
  const body = bodyOf(input, SDK);
  let reqBodyType = "formData";
  if (body.kind === "form") request.body = body.fields;
  else if (body.kind === "bytes") {
    request.body = body.bytes;
    reqBodyType = "byte";
  }
  captured = {};
  nonce = input.nonce;
  pinClock(input.clock ?? input.timestamp);
  try {
    const client = new Client(
      new Config({
        endpoint: input.endpoint,
        protocol: input.protocol,
        credential: credentialOf(input),
      }),
    );
    await client.callApi(
      new Params({
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
      new OpenApiRequest(request),
      new $dara.RuntimeOptions({}),
    );
    const bytes = await bytesOf(captured.rawBody);
    return {
      canonicalRequest: captured.canonicalRequest,
      stringToSign: captured.stringToSignV3,
      signature: captured.signatureV3,
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
    captured = null;
  }
}

await serve({
  name: "openapi-core",
  version,
  operations: ["encode", "canonicalize", "sign", "flatten", "sign-v3"],
  features: ["utf16-text", "post", "security-token", "xml-format", "custom-version", "json-params"],
}, (operation, input) => {
  switch (operation) {
    case "sign":
      return signV1(input);
    case "sign-v3":
      return signV3(input);
    case "encode": {
      const query = canonicalOf({ Value: text(input.text) });
      return { encoded: query.slice(query.indexOf("=") + 1) };
    }
    case "canonicalize":
      return { canonicalQuery: canonicalOf(objectOf(input.pairs)) };
    case "flatten":
      return { pairs: Object.entries(OpenApiUtil.query(structured(input.params))) };
    default:
      throw new Skip(`openapi-core has no ${operation}`);
  }
});
