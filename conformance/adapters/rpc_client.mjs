// @alicloud/rpc-client (the first-generation Tea RPC client, still the base of
// generated SDKs such as @alicloud/kms20160120) through conformance/PROTOCOL.md.
//   node adapters/rpc_client.mjs        (PROTOTYPE, scratch area)
//
// The signer is @alicloud/rpc-util's own code (src/client.ts: encode,
// flatMap/normalize, canonicalize, getSignatureV1), driven by rpc-client's
// Client#doRequest, which composes the request (common parameters, the query,
// the headers) and hands it to @alicloud/tea-typescript's doAction, which builds
// the URL with node:querystring and calls httpx.request.
//
// Lineage: rpc-util's encode/normalize/canonicalize are the same text as
// @alicloud/openapi-util's (the latter was copied from it); only flatMap
// differs (rpc-util keeps null/undefined as an empty value). The HMAC is
// kitx.sha1. So the signature is not independent evidence from openapi-util;
// the URL/body composition and the flattening are.
//
// What the adapter pins, and how (nothing is re-implemented):
// - the clock: RPCUtil.getTimestamp() formats `new Date()`; _clock.mjs pins it;
// - the nonce: rpc-client calls tea-util's Util.getNonce(); the adapter replaces
//   that static method on the tea-util class rpc-client resolves;
// - the transport: httpx.request on the httpx module tea-typescript resolves is
//   replaced, so nothing is sent and the URL and body doAction built are captured;
// - the string to sign: kitx.sha1 (on the kitx module rpc-util resolves) is
//   wrapped; the signature is what it returns.
// How the generated SDKs call doRequest (kms20160120): every API parameter in
// `query`, `body` null, even for POST; the adapter does the same, so a POST
// carries its parameters and the Signature in the URL query with an empty body.

import { createRequire } from "node:module";
import { pinClock, unpinClock } from "./_clock.mjs";
import { objectOf, Refused, serve, Skip, text } from "./_protocol.mjs";
import { bytesOf, canonicalQueryOf, fakeResponse, splitField } from "./_capture.mjs";

const clientRequire = createRequire(import.meta.resolve("@alicloud/rpc-client"));
const utilRequire = createRequire(clientRequire.resolve("@alicloud/rpc-util"));
const teaRequire = createRequire(clientRequire.resolve("@alicloud/tea-typescript"));
const httpx = teaRequire("httpx");
const kitx = utilRequire("kitx");
const Util = clientRequire("@alicloud/tea-util").default;

let nonce = "nonce";
let captured = null;
Util.getNonce = () => nonce;
const realSha1 = kitx.sha1;
kitx.sha1 = (data, key, encoding) => {
  const signature = realSha1(data, key, encoding);
  if (captured) {
    captured.stringToSign = data;
    captured.signature = signature;
  }
  return signature;
};
httpx.request = (url, opts) => {
  captured.url = url;
  captured.method = opts.method;
  captured.body = opts.data ?? null;
  return Promise.resolve(fakeResponse());
};

const { default: RPCClient, Config } = clientRequire("@alicloud/rpc-client");
const RPCUtil = utilRequire("@alicloud/rpc-util").default ??
  clientRequire("@alicloud/rpc-util").default;
const $Util = clientRequire("@alicloud/tea-util");
const { version } = clientRequire("@alicloud/rpc-client/package.json");

const paramsOf = (pairs) => objectOf(pairs, "parameters", "rpc-client");

async function request(input, params) {
  captured = {};
  nonce = input.nonce;
  pinClock(input.clock ?? input.timestamp);
  try {
    const client = new RPCClient(
      new Config({
        accessKeyId: text(input.accessKeyId),
        accessKeySecret: text(input.accessKeySecret),
        ...(input.securityToken == null ? {} : { securityToken: text(input.securityToken) }),
        endpoint: input.endpoint,
      }),
    );
    await client.doRequest(
      input.action,
      input.protocol,
      input.method,
      input.version,
      "AK",
      { Format: input.format, ...params },
      null,
      new $Util.RuntimeOptions({}),
    );
  } catch (error) {
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    if (
      /ParameterMissing|accessKeyId|accessKeySecret/.test(String(error?.code ?? error?.message))
    ) {
      throw new Refused("invalid-credentials", String(error?.message ?? error));
    }
    throw new Refused("unknown", String(error?.message ?? error));
  } finally {
    unpinClock();
  }
  const bytes = await bytesOf(captured.body);
  captured.body = bytes && bytes.length > 0 ? bytes.toString("utf8") : null;
  captured.canonicalQuery = canonicalQueryOf(captured.stringToSign);
  return captured;
}

// canonicalize and encode run getSignatureV1 (rpc-util's exported signer) on
// the pairs alone and read the canonical query out of the string to sign.
function canonicalOf(params) {
  captured = {};
  try {
    RPCUtil.getSignatureV1(params, "GET", "secret");
  } catch (error) {
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    throw error;
  }
  const canonicalQuery = canonicalQueryOf(captured.stringToSign);
  captured = null;
  return canonicalQuery;
}

await serve({
  name: "rpc-client",
  version,
  operations: ["encode", "canonicalize", "sign", "flatten"],
  features: ["utf16-text", "post", "security-token", "xml-format", "custom-version"],
}, async (operation, input) => {
  switch (operation) {
    case "sign": {
      const result = await request(input, paramsOf(input.params));
      return {
        canonicalQuery: result.canonicalQuery,
        stringToSign: result.stringToSign,
        signature: result.signature,
        url: result.url,
        body: result.body,
      };
    }
    case "encode": {
      const query = canonicalOf({ Value: text(input.text) });
      return { encoded: splitField(query)[1] };
    }
    case "canonicalize":
      return { canonicalQuery: canonicalOf(paramsOf(input.pairs)) };
    case "flatten":
      return { pairs: Object.entries(RPCUtil.query(input.params)) };
    default:
      throw new Skip(`rpc-client has no ${operation}`);
  }
});
