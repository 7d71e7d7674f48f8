// waliyun (willin's "ALL Aliyun APIs" client: a Proxy per service whose every
// property is an action) through conformance/PROTOCOL.md.
//   node adapters/waliyun.mjs        (PROTOTYPE, scratch area)
//
// Its own signer, independent of every other peer (src/request.js): escaper =
// encodeURIComponent plus * ' ! " ( ) -> %2A %27 %21 %22 %28 %29 (and a
// non-global /\+/ replace that never matches), getSignature = Object.keys(params)
// .sort(), escaper(name)=escaper(value) joined with '&',
// METHOD&%2F&escaper(canonical), createHmac('sha1'), and the signature is
// returned ALREADY escaped. GET: `${api}?${canonical}&Signature=${signature}`;
// POST: params.Signature = the escaped signature, then the `request` package's
// `form` option encodes the fields again (qs.stringify), so the body carries
// the signature encoded twice. SignatureNonce = Math.random(), Timestamp =
// new Date().toISOString() (milliseconds), Format 'json' unless the caller
// passes Format; the method comes from the service's settings table
// (settings.actions[action], default 'get').
//
// Drive: waliyun.ECS({AccessKeyId, AccessKeySecret})[action]({Version, Format,
// ...params}). Pinned / configured: the clock (_clock.mjs); the nonce
// (Math.random returns the case's nonce while the action runs); the endpoint
// (the ECS settings module's `api` is set to the case's endpoint: passing the
// documented `Api` option would also put Api=<url> among the SIGNED parameters,
// a waliyun bug noted in the report); the method (for a POST case the action
// is entered as 'post' in the ECS settings' `actions` table, as waliyun's own
// settings files do for their POST actions); the transport (the `request`
// package's Request.prototype.start is replaced: the request object is fully
// built — URL, form body — and nothing is sent). The string to sign is read by
// wrapping node:crypto's createHmac.

import { createRequire } from "node:module";
import { pinClock, unpinClock } from "./_clock.mjs";
import { objectOf, Refused, serve, Skip, text } from "./_protocol.mjs";
import {
  canonicalQueryOf,
  captureHmacSha1,
  DEFAULT_REQUEST,
  fieldValue,
  withoutFields,
} from "./_capture.mjs";

const wRequire = createRequire(import.meta.resolve("waliyun/src/request.js"));
const { version } = wRequire("../package.json");

let captured = null;
captureHmacSha1(wRequire("crypto"), () => captured);

const requestLib = wRequire("request");
requestLib.Request.prototype.start = function () {
  this._started = true;
  captured.url = this.uri.href;
  captured.method = this.method;
  captured.body = this.body === undefined ? null : String(this.body);
  this.req = { write() {}, end() {}, on() {}, abort() {}, setHeader() {} };
  setImmediate(() => this.callback(null, { statusCode: 200, body: "{}" }, "{}"));
};

const waliyun = wRequire("./index.js");
const ecsSettings = wRequire("./settings/ecs.js");

function paramsOf(pairs) {
  return objectOf(pairs, "parameters", "waliyun", (name) => {
    if (name === "method" || name === "AccessKeySecret") {
      throw new Skip(`waliyun takes "${name}" as an option, not a parameter`);
    }
  });
}

const realRandom = Math.random;

async function request(input, params) {
  captured = {};
  pinClock(input.clock ?? input.timestamp);
  const action = input.action;
  const key = action.toLowerCase();
  const hadMethod = Object.hasOwn(ecsSettings.actions, key);
  const savedApi = ecsSettings.api;
  try {
    ecsSettings.api = `${input.protocol}://${input.endpoint}/`;
    if (input.method === "POST") ecsSettings.actions[key] = "post";
    else if (input.method !== "GET") ecsSettings.actions[key] = input.method.toLowerCase();
    const ecs = waliyun.ECS({
      AccessKeyId: text(input.accessKeyId),
      AccessKeySecret: text(input.accessKeySecret),
    });
    const opts = { Version: input.version, Format: input.format, ...params };
    // waliyun has no token option: SecurityToken is an ordinary parameter.
    if (input.securityToken != null) opts.SecurityToken = text(input.securityToken);
    Math.random = () => input.nonce;
    let promise;
    try {
      promise = ecs[action](opts);
    } finally {
      Math.random = realRandom;
    }
    await promise;
  } catch (error) {
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    throw new Refused("unknown", String(error?.message ?? error));
  } finally {
    Math.random = realRandom;
    ecsSettings.api = savedApi;
    if (!hadMethod) delete ecsSettings.actions[key];
    unpinClock();
  }
  captured.canonicalQuery = canonicalQueryOf(captured.stringToSign);
  const result = captured;
  captured = null;
  return result;
}

const COMMON = new Set([
  "Action",
  "Format",
  "Version",
  "Timestamp",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "AccessKeyId",
]);

await serve({
  name: "waliyun",
  version,
  operations: ["encode", "canonicalize", "sign"],
  features: ["utf16-text", "post", "security-token", "xml-format", "custom-version"],
}, async (operation, input) => {
  switch (operation) {
    case "sign": {
      const r = await request(input, paramsOf(input.params));
      return {
        canonicalQuery: r.canonicalQuery,
        stringToSign: r.stringToSign,
        signature: r.signature,
        url: r.url,
        body: input.method === "POST" ? r.body : null,
      };
    }
    case "encode": {
      const { canonicalQuery } = await request(DEFAULT_REQUEST, { Value: text(input.text) });
      return { encoded: fieldValue(canonicalQuery, "Value") };
    }
    case "canonicalize": {
      const params = paramsOf(input.pairs);
      for (const name of ["Timestamp", "SignatureNonce"]) {
        if (Object.hasOwn(params, name)) throw new Skip(`waliyun writes ${name} itself`);
      }
      const { canonicalQuery } = await request(DEFAULT_REQUEST, params);
      const added = new Set([...COMMON].filter((name) => !Object.hasOwn(params, name)));
      return { canonicalQuery: withoutFields(canonicalQuery, added) };
    }
    default:
      throw new Skip(`waliyun has no ${operation}`);
  }
});
