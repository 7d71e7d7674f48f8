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
//
// sign-v3 (ACS3-HMAC-SHA256): getAuthorization (canonical request, string to
// sign, signature, Authorization header), hash and hexEncode (the payload
// hash), toForm (a form body) and getTimestamp (x-acs-date, the clock pinned).
// openapi-util does not compose requests, so the adapter builds the
// $tea.Request with the documented header set (host as the case's endpoint,
// x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce,
// x-acs-content-sha256, accept, content-type with a body, and
// x-acs-security-token for STS) and the case's own headers; every hash,
// encoding and signature is openapi-util's. The canonical request and string
// to sign are read by wrapping OpenApiUtil.hash and
// OpenApiUtil.signatureMethod, which getAuthorization calls through the class.
// No url (tea-typescript builds it; see openapi_client.mjs).

import { createRequire } from "node:module";
import { Buffer } from "node:buffer";
import * as imported from "@alicloud/openapi-util";
import { pinClock, unpinClock } from "./_clock.mjs";
import { objectOf, refuseURIError as refuse, serve, Skip, text } from "./_protocol.mjs";
import { canonicalQueryOf } from "./_capture.mjs";
import { bodyOf, captureV3, jsonParams } from "./_tea.mjs";

const OpenApiUtil = imported.default?.default ?? imported.default;
const require = createRequire(import.meta.resolve("@alicloud/openapi-util"));
const kitx = require("kitx");
const { version } = require("../package.json");
const $tea = require("@alicloud/tea-typescript");
const ALGORITHM = "ACS3-HMAC-SHA256";

let v3Captured = null;
captureV3(OpenApiUtil, () => v3Captured);

function signV3(input) {
  pinClock(input.clock ?? input.timestamp);
  let date;
  try {
    date = OpenApiUtil.getTimestamp();
  } finally {
    unpinClock();
  }
  const request = new $tea.Request();
  request.method = input.method;
  request.pathname = "/";
  request.query = objectOf(input.params, "query parameters", "openapi-util");
  request.headers = {
    host: input.endpoint,
    "x-acs-version": input.version,
    "x-acs-action": input.action,
    "x-acs-date": date,
    "x-acs-signature-nonce": input.nonce,
    accept: "application/json",
    ...objectOf(input.headers, "headers", "openapi-util"),
  };
  const body = bodyOf(input, "openapi-util");
  let bytes = Buffer.alloc(0);
  if (body.kind === "form") {
    bytes = Buffer.from(OpenApiUtil.toForm(body.fields));
    request.headers["content-type"] = "application/x-www-form-urlencoded";
  } else if (body.kind === "bytes") {
    bytes = body.bytes;
  }
  v3Captured = {};
  try {
    const payload = OpenApiUtil.hexEncode(OpenApiUtil.hash(bytes, ALGORITHM));
    request.headers["x-acs-content-sha256"] = payload;
    if (input.securityToken != null) {
      request.headers["x-acs-security-token"] = text(input.securityToken);
    }
    const authorization = refuse(() =>
      OpenApiUtil.getAuthorization(
        request,
        ALGORITHM,
        payload,
        text(input.accessKeyId),
        text(input.accessKeySecret),
      )
    );
    return {
      canonicalRequest: v3Captured.canonicalRequest,
      stringToSign: v3Captured.stringToSign,
      signature: authorization.slice(authorization.lastIndexOf("Signature=") + 10),
      authorization,
      headers: { ...request.headers, authorization },
      body: bytes.length === 0 ? null : bytes.toString("base64"),
    };
  } finally {
    v3Captured = null;
  }
}

let lastStringToSign = null;
const realSha1 = kitx.sha1;
kitx.sha1 = (data, key, encoding) => {
  lastStringToSign = data;
  return realSha1(data, key, encoding);
};

const paramsOf = (pairs) => objectOf(pairs, "parameters", "openapi-util");

function signParams(params, method, secret) {
  lastStringToSign = null;
  const signature = refuse(() => OpenApiUtil.getRPCSignature(params, method, secret));
  const stringToSign = lastStringToSign;
  const canonicalQuery = canonicalQueryOf(stringToSign);
  return { canonicalQuery, stringToSign, signature };
}

await serve({
  name: "openapi-util",
  version,
  operations: ["encode", "canonicalize", "sign", "flatten", "sign-v3"],
  features: ["utf16-text", "post", "security-token", "xml-format", "custom-version", "json-params"],
}, (operation, input) => {
  switch (operation) {
    case "encode":
      return { encoded: refuse(() => OpenApiUtil.getEncodeParam(text(input.text))) };
    case "canonicalize":
      return { canonicalQuery: signParams(paramsOf(input.pairs), "GET", "secret").canonicalQuery };
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
      const api = paramsOf(input.params);
      return signParams({ ...params, ...api }, input.method, text(input.accessKeySecret));
    }
    case "sign-v3":
      return refuse(() => signV3(input));
    case "flatten": {
      const flat = OpenApiUtil.query(jsonParams(input.params, OpenApiUtil));
      return { pairs: Object.entries(flat) };
    }
    default:
      throw new Skip(`openapi-util has no ${operation}`);
  }
});
