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
import { pinClock, unpinClock } from "./_clock.mjs";
import { objectOf, Refused, serve, Skip, text } from "./_protocol.mjs";
import {
  bytesOf,
  canonicalQueryOf,
  captureHmacSha1,
  fakeResponse,
  lowerKeys,
} from "./_capture.mjs";
import { callV3, captureV3, jsonParams } from "./_tea.mjs";

const coreRequire = createRequire(import.meta.resolve("@alicloud/openapi-core"));
const daraRequire = createRequire(coreRequire.resolve("@darabonba/typescript"));
const httpx = daraRequire("httpx");

let captured = null;
let nonce = "nonce";

captureHmacSha1(coreRequire("crypto"), () => captured);
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
captureV3(OpenApiUtil, () => captured);

const paramsOf = (pairs) => objectOf(pairs, "parameters", "openapi-core");

function credentialConfig(input) {
  return {
    accessKeyId: text(input.accessKeyId),
    accessKeySecret: text(input.accessKeySecret),
    ...(input.securityToken == null ? {} : { securityToken: text(input.securityToken) }),
  };
}

async function signV1(input) {
  const query = { Format: input.format, ...paramsOf(input.params) };
  captured = {};
  nonce = input.nonce;
  pinClock(input.clock ?? input.timestamp);
  try {
    const client = new Client(
      new Config({
        endpoint: input.endpoint,
        protocol: input.protocol,
        ...credentialConfig(input),
        signatureAlgorithm: "v2",
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
        reqBodyType: "formData",
        bodyType: "json",
      }),
      new OpenApiRequest({ query }),
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
  const { url, stringToSign } = captured;
  const bytes = await bytesOf(captured.rawBody);
  const signature = url.match(/[?&]Signature=([^&]*)/);
  return {
    canonicalQuery: canonicalQueryOf(stringToSign),
    stringToSign,
    signature: signature ? decodeURIComponent(signature[1]) : undefined,
    url,
    body: bytes && bytes.length > 0 ? bytes.toString("utf8") : null,
  };
}

function canonicalOf(params) {
  captured = {};
  try {
    OpenApiUtil.getRPCSignature(params, "GET", "secret");
  } catch (error) {
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    throw error;
  }
  const canonicalQuery = canonicalQueryOf(captured.stringToSign);
  captured = null;
  return canonicalQuery;
}

const sdk = {
  name: "openapi-core",
  Client,
  Config,
  Params,
  OpenApiRequest,
  RuntimeOptions: $dara.RuntimeOptions,
  begin(input) {
    nonce = input.nonce;
    return captured = {};
  },
  end() {
    captured = null;
  },
};

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
      return callV3(input, sdk);
    case "encode": {
      const query = canonicalOf({ Value: text(input.text) });
      return { encoded: query.slice(query.indexOf("=") + 1) };
    }
    case "canonicalize":
      return { canonicalQuery: canonicalOf(paramsOf(input.pairs)) };
    case "flatten":
      return { pairs: Object.entries(OpenApiUtil.query(jsonParams(input.params, OpenApiUtil))) };
    default:
      throw new Skip(`openapi-core has no ${operation}`);
  }
});
