// aliyun-sdk (the legacy JavaScript SDK) through conformance/PROTOCOL.md. Run
// by Deno with the version pinned in deno.json:
//   deno run -A conformance/adapters/aliyun_sdk.mjs
//
// aliyun-sdk signs ECS requests in ALY.ServiceInterface.Pop.populateBody
// (lib/service_interface/pop.js): always POST, always Format=JSON, no security
// token, `Timestamp` from Date#toISOString (with milliseconds). The adapter
// calls populateBody with a request object holding the case's parameters.
// Pinned: the clock (ALY.util.date.getDate, its own clock hook, returns the
// case's instant) and the nonce (populateBody writes
// `String(date.getTime()) + four random digits` straight into the body, so the
// body's SignatureNonce property ignores that write and keeps the case's
// nonce). The string to sign is read by wrapping ALY.util.crypto.hmac; the
// canonical query is its third field, percent-decoded once. The URL is composed
// by the HTTP layer, so no `url` stage is answered.

import * as imported from "aliyun-sdk";
import { createRequire } from "node:module";
import { refuseURIError as refuse, serve, Skip, text } from "./_protocol.mjs";

const ALY = imported.default ?? imported;
const require = createRequire(import.meta.resolve("aliyun-sdk"));
const { version } = require("./package.json");

let lastStringToSign = null;
const realHmac = ALY.util.crypto.hmac;
ALY.util.crypto.hmac = (key, string, digest, fn) => {
  lastStringToSign = string;
  return realHmac(key, string, digest, fn);
};
let instant = null;
ALY.util.date.getDate = () => new Date(instant);

await serve({
  name: "aliyun-sdk",
  version,
  operations: ["encode", "sign"],
  features: ["utf16-text", "post", "custom-version"],
}, (operation, input) => {
  switch (operation) {
    case "encode":
      return { encoded: refuse(() => ALY.util.popEscape(text(input.text))) };
    case "sign": {
      if (input.method !== "POST") throw new Skip("aliyun-sdk signs ECS requests with POST only");
      if (input.format !== "JSON") throw new Skip("aliyun-sdk always sends Format=JSON");
      if (input.securityToken != null) throw new Skip("aliyun-sdk has no security token for ECS");
      const body = { Action: input.action };
      for (const [n, v] of input.params) {
        const name = text(n);
        if (Object.hasOwn(body, name)) throw new Skip("aliyun-sdk takes parameters as an object");
        body[name] = text(v);
      }
      Object.defineProperty(body, "SignatureNonce", {
        enumerable: true,
        get: () => input.nonce,
        set: () => {},
      });
      const req = {
        params: body,
        httpRequest: { headers: {} },
        service: {
          api: { apiVersion: input.version },
          config: {
            accessKeyId: text(input.accessKeyId),
            secretAccessKey: text(input.accessKeySecret),
          },
        },
      };
      instant = Date.parse(input.clock ?? input.timestamp);
      lastStringToSign = null;
      refuse(() => ALY.ServiceInterface.Pop.populateBody(req));
      return {
        canonicalQuery: decodeURIComponent(lastStringToSign.split("&")[2]),
        stringToSign: lastStringToSign,
        signature: body.Signature,
        body: req.httpRequest.body,
      };
    }
    default:
      throw new Skip(`aliyun-sdk has no ${operation}`);
  }
});
