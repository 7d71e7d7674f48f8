// @alicloud/openapi-util (the RPC signature functions of the official Tea SDK)
// through conformance/PROTOCOL.md. Run by Deno with the version pinned in
// deno.json:  deno run -A conformance/adapters/openapi_util.mjs
//
// Functions used: getEncodeParam (encode), getRPCSignature (canonicalize,
// sign), getTimestamp (the Timestamp text, with the clock pinned by
// _clock.mjs), query (flatten) and arrayToStringWithSpecifiedStyle(…, "json")
// (JSON-valued parameters). getRPCSignature returns only the signature: the
// adapter wraps kitx.sha1 on openapi-util's own kitx module object to read the
// string to sign it passes, and takes the canonical query as the third field of
// that string, percent-decoded once (getRPCSignature percent-encodes it once).
// The Tea SDK composes the URL and form body in other packages, so this
// adapter answers no `url` or `body` stage.

import { createRequire } from "node:module";
import * as imported from "@alicloud/openapi-util";
import { pinClock, unpinClock } from "./_clock.mjs";
import { refuseURIError as refuse, serve, Skip, text } from "./_protocol.mjs";

const OpenApiUtil = imported.default?.default ?? imported.default;
const require = createRequire(import.meta.resolve("@alicloud/openapi-util"));
const kitx = require("kitx");
const { version } = require("../package.json");

let lastStringToSign = null;
const realSha1 = kitx.sha1;
kitx.sha1 = (data, key, encoding) => {
  lastStringToSign = data;
  return realSha1(data, key, encoding);
};

function objectOf(pairs) {
  const params = {};
  for (const [n, v] of pairs) {
    const name = text(n);
    if (Object.hasOwn(params, name)) {
      throw new Skip("openapi-util takes parameters as an object, which cannot hold a name twice");
    }
    params[name] = text(v);
  }
  return params;
}

function signParams(params, method, secret) {
  lastStringToSign = null;
  const signature = refuse(() => OpenApiUtil.getRPCSignature(params, method, secret));
  const stringToSign = lastStringToSign;
  const canonicalQuery = decodeURIComponent(stringToSign.split("&")[2]);
  return { canonicalQuery, stringToSign, signature };
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

await serve({
  name: "openapi-util",
  version,
  operations: ["encode", "canonicalize", "sign", "flatten"],
  features: ["utf16-text", "post", "security-token", "xml-format", "custom-version", "json-params"],
}, (operation, input) => {
  switch (operation) {
    case "encode":
      return { encoded: refuse(() => OpenApiUtil.getEncodeParam(text(input.text))) };
    case "canonicalize":
      return { canonicalQuery: signParams(objectOf(input.pairs), "GET", "secret").canonicalQuery };
    case "sign": {
      pinClock(input.clock ?? input.timestamp);
      let timestamp;
      try {
        timestamp = OpenApiUtil.getTimestamp();
      } finally {
        unpinClock();
      }
      const params = {
        Action: input.action,
        Format: input.format,
        Version: input.version,
        Timestamp: timestamp,
        SignatureNonce: input.nonce,
        SignatureMethod: "HMAC-SHA1",
        SignatureVersion: "1.0",
        AccessKeyId: text(input.accessKeyId),
      };
      if (input.securityToken != null) params.SecurityToken = text(input.securityToken);
      const api = objectOf(input.params);
      return signParams({ ...params, ...api }, input.method, text(input.accessKeySecret));
    }
    case "flatten": {
      const flat = OpenApiUtil.query(structured(input.params));
      return { pairs: Object.entries(flat) };
    }
    default:
      throw new Skip(`openapi-util has no ${operation}`);
  }
});
