// @alicloud/sts-sdk (Alibaba Cloud's hand-written STS client for Node) through
// conformance/PROTOCOL.md.   node adapters/sts_sdk.mjs   (PROTOTYPE, scratch)
//
// Its own signer, independent of pop-core and the Tea packages:
// lib/sts_base.js StsBase#__getQuery(query, request) sets the common
// parameters (Format='json', Version=config.apiVersion, AccessKeyId,
// SignatureMethod, Timestamp=new Date().toISOString(), SignatureVersion,
// SignatureNonce=uuid/v4(), SecurityToken), drops every falsy value, sorts
// Object.entries(query) with the default sort (the "name,value" strings),
// canonicalizes with node:querystring.stringify, signs
// METHOD&%2F&encodeURIComponent(canonical) with createHmac('sha1'). The URL is
// built by @alicloud/http-core-sdk's $send (querystring again, '' dropped).
// Its public methods (AssumeRole, GetCallerIdentity, …) all send POST over
// https with every parameter in the URL query and no body.
//
// Drive: POST + https cases run StsClient#AssumeRole(query, runtime) itself
// (it takes any query, Action included); other cases run the same two calls
// AssumeRole makes, `__getQuery(query, request)` then `$send(request)`, with
// the case's method and protocol (request = {protocol, method, pathname: '/',
// headers: {host}} as AssumeRole builds it).
// Pinned: the clock (toISOString of `new Date()`: _clock.mjs), the nonce
// (sts_base.js captures require('uuid/v4') when it loads: the adapter puts a
// stub in the require cache for that module first), the transport (httpx.request
// on the httpx module http-core-sdk resolves: nothing is sent). The string to
// sign is read by wrapping node:crypto's createHmac (sts_base.js calls it on the
// module object); the signature is what the HMAC returns.

import { createRequire } from "node:module";
import { objectOf, Refused, serve, Skip, text } from "./_protocol.mjs";
import { pinClock, unpinClock } from "./_clock.mjs";
import {
  canonicalQueryOf,
  captureHmacSha1,
  DEFAULT_REQUEST,
  fakeResponse,
  fieldValue,
  withoutFields,
} from "./_capture.mjs";

const stsRequire = createRequire(import.meta.resolve("@alicloud/sts-sdk/lib/sts_base.js"));
const coreRequire = createRequire(stsRequire.resolve("@alicloud/http-core-sdk"));

let nonce = "nonce";
const uuidPath = stsRequire.resolve("uuid/v4");
stsRequire(uuidPath);
stsRequire.cache[uuidPath].exports = () => nonce;

let captured = null;
captureHmacSha1(stsRequire("crypto"), () => captured);
const httpx = coreRequire("httpx");
httpx.request = (url, opts) => {
  Object.assign(captured, { url, method: opts.method, body: opts.data ?? null });
  return Promise.resolve(fakeResponse());
};
httpx.read = () => Promise.resolve(Buffer.from("{}"));

const StsClient = stsRequire("./sts.js");
const { $send } = stsRequire("@alicloud/http-core-sdk");
const { version } = stsRequire("../package.json");

// The names __getQuery writes itself (a case cannot set them).
const COMMON = new Set([
  "Format",
  "Version",
  "AccessKeyId",
  "SignatureMethod",
  "Timestamp",
  "SignatureVersion",
  "SignatureNonce",
  "SecurityToken",
  "BearerToken",
]);

function paramsOf(pairs) {
  return objectOf(pairs, "parameters", "sts-sdk", (name) => {
    if (COMMON.has(name)) throw new Skip(`sts-sdk writes ${name} itself`);
  });
}

async function request(input, params) {
  if (input.format !== "JSON") throw new Skip("sts-sdk always sends Format=json");
  captured = {};
  nonce = input.nonce;
  pinClock(input.clock ?? input.timestamp);
  try {
    const securityToken = input.securityToken == null ? undefined : text(input.securityToken);
    const config = { endpoint: input.endpoint, apiVersion: input.version };
    if (securityToken !== undefined) {
      // The config takes an STS token only through a credential object.
      const accessKeyId = text(input.accessKeyId);
      const accessKeySecret = text(input.accessKeySecret);
      config.credential = {
        getCredential: () => Promise.resolve({ accessKeyId, accessKeySecret, securityToken }),
      };
    } else {
      config.accessKeyId = text(input.accessKeyId);
      config.accessKeySecret = text(input.accessKeySecret);
    }
    const client = new StsClient(config);
    const query = { Action: input.action, ...params };
    if (input.method === "POST" && input.protocol === "https") {
      await client.AssumeRole(query, {});
    } else {
      const req = {
        protocol: input.protocol,
        method: input.method,
        pathname: "/",
        headers: { host: input.endpoint },
      };
      req.query = await client.__getQuery(query, req);
      await $send(req, {});
    }
  } catch (error) {
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    if (/accessKeyId|accessKeySecret/.test(String(error?.message))) {
      throw new Refused("invalid-credentials", error.message);
    }
    throw new Refused("unknown", String(error?.message ?? error));
  } finally {
    unpinClock();
  }
  captured.canonicalQuery = canonicalQueryOf(captured.stringToSign);
  const result = captured;
  captured = null;
  return result;
}

await serve({
  name: "sts-sdk",
  version,
  operations: ["encode", "canonicalize", "sign"],
  features: ["utf16-text", "post", "security-token", "custom-version"],
}, async (operation, input) => {
  switch (operation) {
    case "sign": {
      const r = await request(input, paramsOf(input.params));
      return {
        canonicalQuery: r.canonicalQuery,
        stringToSign: r.stringToSign,
        signature: r.signature,
        url: r.url,
        body: r.body ?? null,
      };
    }
    case "encode": {
      const value = text(input.text);
      if (value === "") throw new Skip("sts-sdk drops empty values before signing");
      const { canonicalQuery } = await request(DEFAULT_REQUEST, { Value: value });
      return { encoded: fieldValue(canonicalQuery, "Value") };
    }
    case "canonicalize": {
      const params = paramsOf(input.pairs);
      if ("Action" in params) throw new Skip("the adapter sets Action");
      const { canonicalQuery } = await request(DEFAULT_REQUEST, params);
      return { canonicalQuery: withoutFields(canonicalQuery, new Set([...COMMON, "Action"])) };
    }
    default:
      throw new Skip(`sts-sdk has no ${operation}`);
  }
});
