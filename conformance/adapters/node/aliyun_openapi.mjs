// aliyun-openapi (codit.run's small ESM client for Aliyun RPC APIs: SMS,
// DirectMail, any action through AliyunClient#send) through
// conformance/PROTOCOL.md.   node adapters/aliyun_openapi.mjs   (PROTOTYPE)
//
// Its own signer, independent of every other peer (dist/core/client.js):
// the parameters are a URLSearchParams (common ones first, then the action's
// options, which may override them), sign() calls params.sort() (stable, by
// UTF-16 code units of the names), serializes with URLSearchParams#toString
// (application/x-www-form-urlencoded: space '+', '*' kept, '~' as %7E) and
// patches that into RFC 3986 with replaceAll('+','%20'), ('*','%2A'),
// ('%7E','~'); string to sign 'POST&%2F&' + encodeURIComponent(canonical);
// createHmac('sha1'). The request is always POST to https://<endpoint> with the
// URLSearchParams as the body (fetch serializes it: URLSearchParams#toString).
// Timestamp = new Date().toISOString() without milliseconds, SignatureNonce =
// randomBytes(8).toString('hex'), Format 'JSON'.
//
// Pinned: the clock (_clock.mjs); the nonce (node:crypto's randomBytes is
// replaced while a case runs and module.syncBuiltinESMExports() pushes that to
// the ESM binding client.js imported); the transport (globalThis.fetch, which
// dist/core/fetcher.js calls, is replaced: nothing is sent, URL and body are
// captured). The string to sign is read the same way, by wrapping createHmac.
// GET and plain-http cases are skipped (it cannot send them). SecurityToken has
// no option of its own: it is passed as an action parameter, as its users must.

import { syncBuiltinESMExports } from "node:module";
import { readFileSync } from "node:fs";
import nodeCrypto from "node:crypto";
import { pinClock, unpinClock } from "../_clock.mjs";
import { objectOf, Refused, serve, Skip, text } from "../_protocol.mjs";
import {
  canonicalQueryOf,
  captureHmacSha1,
  DEFAULT_REQUEST,
  fieldValue,
  withoutFields,
} from "../_capture.mjs";

// package.json is not in the package's "exports": read it next to the entry.
const { version } = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.resolve("aliyun-openapi")), "utf8"),
);

let captured = null;
let nonce = "nonce";
captureHmacSha1(nodeCrypto, () => captured);
const realRandomBytes = nodeCrypto.randomBytes;
nodeCrypto.randomBytes = function (size, ...rest) {
  // Only while a case runs: the 8 random bytes client.js turns into hex.
  if (captured && size === 8 && rest.length === 0) return { toString: () => nonce };
  return realRandomBytes.call(this, size, ...rest);
};
syncBuiltinESMExports();
globalThis.fetch = (url, init) => {
  // fetch requests the parsed URL: "https://host" goes out as "https://host/";
  // a URLSearchParams body goes out as its toString().
  Object.assign(captured, {
    url: new URL(String(url)).href,
    method: init.method,
    body: String(init.body),
  });
  return Promise.resolve({ ok: true, json: () => Promise.resolve({ Code: "OK" }) });
};

const { AliyunClient } = await import("aliyun-openapi");

const COMMON = [
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "SignatureMethod",
  "SignatureNonce",
  "SignatureVersion",
  "Timestamp",
];

async function request(input, options) {
  if (input.method !== "POST") throw new Skip("aliyun-openapi sends POST only");
  if (input.protocol !== "https") throw new Skip("aliyun-openapi sends https only");
  captured = {};
  nonce = input.nonce;
  pinClock(input.clock ?? input.timestamp);
  try {
    const client = new AliyunClient({
      accessKeyId: text(input.accessKeyId),
      accessKeySecret: text(input.accessKeySecret),
      version: input.version,
      endpoint: input.endpoint,
    });
    const extra = { Format: input.format };
    if (input.securityToken != null) extra.SecurityToken = text(input.securityToken);
    await client.send(input.action, { ...extra, ...options });
    captured.canonicalQuery = canonicalQueryOf(captured.stringToSign);
    return captured;
  } catch (error) {
    if (error instanceof URIError) throw new Refused("invalid-unicode", error.message);
    throw new Refused("unknown", String(error?.message ?? error));
  } finally {
    captured = null;
    unpinClock();
  }
}

// It sends POST only.
const DEFAULTS = { ...DEFAULT_REQUEST, method: "POST" };

await serve({
  name: "aliyun-openapi",
  version,
  operations: ["encode", "canonicalize", "sign"],
  features: ["utf16-text", "post", "security-token", "xml-format", "custom-version"],
}, async (operation, input) => {
  switch (operation) {
    case "sign": {
      const r = await request(input, objectOf(input.params, "options", "aliyun-openapi"));
      return {
        canonicalQuery: r.canonicalQuery,
        stringToSign: r.stringToSign,
        signature: r.signature,
        url: r.url,
        body: r.body,
      };
    }
    case "encode": {
      const { canonicalQuery } = await request(DEFAULTS, { Value: text(input.text) });
      return { encoded: fieldValue(canonicalQuery, "Value") };
    }
    case "canonicalize": {
      const options = objectOf(input.pairs, "options", "aliyun-openapi");
      const { canonicalQuery } = await request(DEFAULTS, options);
      const added = new Set(COMMON.filter((name) => !Object.hasOwn(options, name)));
      return { canonicalQuery: withoutFields(canonicalQuery, added) };
    }
    default:
      throw new Skip(`aliyun-openapi has no ${operation}`);
  }
});
