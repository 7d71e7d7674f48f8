// @alicloud/pop-core (the official Node RPC client) through conformance/PROTOCOL.md.
// Run by Deno with the version pinned in deno.json:
//   deno run -A conformance/adapters/pop_core.mjs
//
// What the adapter pins, and how (nothing of pop-core is re-implemented):
// - the clock: pop-core formats `new Date()` itself; _clock.mjs makes that the
//   case's instant;
// - the nonce: pop-core calls kitx.makeNonce() at request time; the adapter
//   replaces it on pop-core's own kitx module object;
// - the transport: pop-core calls httpx.request() and httpx.read(); both are
//   replaced on pop-core's own httpx module object, so nothing is sent and the
//   URL, body and headers pop-core built are captured;
// - the string to sign is read by wrapping kitx.sha1, which pop-core calls with
//   it; the signature is what kitx.sha1 returns.
// pop-core has no encode, canonicalize or flatten export: those operations run
// a whole request and read the field of interest out of the URL pop-core built.

import { createRequire } from "node:module";
import { Buffer } from "node:buffer";
import RPCClient from "@alicloud/pop-core";
import { pinClock, unpinClock } from "./_clock.mjs";
import { objectOf, Refused, serve, Skip, text } from "./_protocol.mjs";
import { DEFAULT_REQUEST, fieldValue, splitField, withoutFields } from "./_capture.mjs";

const require = createRequire(import.meta.resolve("@alicloud/pop-core"));
const kitx = require("kitx");
const httpx = require("httpx");
const { version } = require("./package.json");

let nonce = "nonce";
let captured = null;
kitx.makeNonce = () => nonce;
const realSha1 = kitx.sha1;
kitx.sha1 = (data, key, encoding) => {
  const signature = realSha1(data, key, encoding);
  captured.stringToSign = data;
  captured.signature = signature;
  return signature;
};
httpx.request = (url, opts) => {
  captured.url = url;
  captured.body = opts.data ?? null;
  return Promise.resolve({ statusCode: 200, headers: {}, req: { getHeaders: () => ({}) } });
};
httpx.read = () => Promise.resolve(Buffer.from("{}"));

const COMMON = [
  "Action",
  "Format",
  "Version",
  "Timestamp",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "AccessKeyId",
  "SecurityToken",
];

const paramsOf = (pairs) => objectOf(pairs, "parameters", "pop-core");

async function request(input, params) {
  captured = {};
  nonce = input.nonce;
  pinClock(input.clock ?? input.timestamp);
  try {
    const client = new RPCClient({
      endpoint: `${input.protocol}://${input.endpoint}`,
      apiVersion: input.version,
      accessKeyId: text(input.accessKeyId),
      accessKeySecret: text(input.accessKeySecret),
      ...(input.securityToken == null ? {} : { securityToken: text(input.securityToken) }),
    });
    await client.request(input.action, { Format: input.format, ...params }, {
      method: input.method,
      formatParams: false,
      formatAction: false,
    });
  } catch (error) {
    // Map pop-core's refusals to the protocol's codes: encodeURIComponent's
    // URIError (a lone surrogate) and its constructor's credential asserts.
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    if (/must pass "config\.(accessKeyId|accessKeySecret)"/.test(error?.message)) {
      throw new Refused("invalid-credentials", error.message);
    }
    throw new Refused("unknown", String(error?.message ?? error));
  } finally {
    unpinClock();
  }
  const query = input.method === "POST"
    ? captured.body
    : captured.url.slice(captured.url.indexOf("?") + 1);
  const fields = query.split("&");
  const last = fields.at(-1);
  const canonicalQuery = last.startsWith("Signature=") ? fields.slice(0, -1).join("&") : query;
  return { ...captured, canonicalQuery };
}

await serve({
  name: "pop-core",
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
      const { canonicalQuery } = await request(DEFAULT_REQUEST, { Value: text(input.text) });
      return { encoded: fieldValue(canonicalQuery, "Value") };
    }
    case "canonicalize": {
      const params = paramsOf(input.pairs);
      const { canonicalQuery } = await request(DEFAULT_REQUEST, params);
      // Drop the common parameters pop-core adds that the case did not give.
      const added = new Set(COMMON.filter((name) => !Object.hasOwn(params, name)));
      return { canonicalQuery: withoutFields(canonicalQuery, added) };
    }
    case "flatten": {
      const { canonicalQuery } = await request(DEFAULT_REQUEST, input.params);
      const added = new Set(COMMON);
      return {
        pairs: canonicalQuery.split("&").map(splitField).filter(([name]) => !added.has(name))
          .map(([name, value]) => [decodeURIComponent(name), decodeURIComponent(value)]),
      };
    }
    default:
      throw new Skip(`pop-core has no ${operation}`);
  }
});
