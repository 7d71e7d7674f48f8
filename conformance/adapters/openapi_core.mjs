// @alicloud/openapi-core (the Darabonba-2 generic client that the current
// @alicloud/<product><version> SDKs are generated against) through
// conformance/PROTOCOL.md. Run by Deno with the version pinned in deno.json:
//   deno run -A conformance/adapters/openapi_core.mjs
//
// Only `sign-v3`: with no signatureAlgorithm, Client#callApi runs doRequest,
// which signs with ACS3-HMAC-SHA256 (its default), with the same header set as
// openapi-client (see openapi_client.mjs). openapi-core does not call
// @alicloud/openapi-util: its dist/utils.js is its own copy (encode,
// getAuthorization with node:crypto), so it is a separate implementation of
// the same lineage; @darabonba/typescript builds the URL.
//
// What the adapter pins: the clock (getTimestamp formats `new Date()`:
// _clock.mjs); the nonce (OpenApiUtil.getNonce, replaced on the class
// openapi-core exports); the transport (httpx.request on the httpx module
// @darabonba/typescript resolves). The canonical request and string to sign
// are read by wrapping OpenApiUtil.hash and OpenApiUtil.signatureMethod.
// Credentials come from an explicit credential object without a providerName
// (the default provider would add a signed x-acs-credentials-provider header).

import { createRequire } from "node:module";
import { Buffer } from "node:buffer";
import { pinClock, unpinClock } from "./_clock.mjs";
import { Refused, serve, Skip, text } from "./_protocol.mjs";
import { bodyOf, bytesOf, fakeResponse, lowerKeys, objectOf } from "./_tea.mjs";

const SDK = "openapi-core";
const coreRequire = createRequire(import.meta.resolve("@alicloud/openapi-core"));
const daraRequire = createRequire(coreRequire.resolve("@darabonba/typescript"));
const httpx = daraRequire("httpx");
const core = coreRequire("@alicloud/openapi-core");
const Client = core.default;
const OpenApiUtil = core.OpenApiUtil;
const { Config, Params, OpenApiRequest } = core.$OpenApiUtil;
const $dara = daraRequire("@darabonba/typescript");
const { version } = coreRequire("@alicloud/openapi-core/package.json");

let nonce = "nonce";
let captured = null;
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
    captured.stringToSign = source;
    captured.signature = Buffer.from(signature).toString("hex");
  }
  return signature;
};
httpx.request = (url, opts) => {
  Object.assign(captured, {
    url,
    headers: lowerKeys(opts.headers),
    rawBody: opts.data,
  });
  return Promise.resolve(fakeResponse());
};

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
  const request = { query: objectOf(input.params, "query parameters", SDK) };
  if ((input.headers ?? []).length) request.headers = objectOf(input.headers, "headers", SDK);
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
    captured = null;
  }
}

await serve({
  name: SDK,
  version,
  operations: ["sign-v3"],
  features: ["utf16-text", "post", "security-token", "custom-version"],
}, (operation, input) => {
  if (operation === "sign-v3") return signV3(input);
  throw new Skip(`${SDK} has no ${operation} of its own`);
});
