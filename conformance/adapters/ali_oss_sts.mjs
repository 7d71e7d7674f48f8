// ali-oss's STS client (lib/sts.js, shipped in the OSS SDK for its
// assumeRole) through conformance/PROTOCOL.md.
//   node adapters/ali_oss_sts.mjs        (PROTOTYPE, scratch area)
//
// ali-oss signs its one RPC call with its own code, independent of pop-core
// and the Tea packages: STS.prototype._escape (encodeURIComponent plus
// ! ' ( ) * -> %21 %27 %28 %29 %2A) and STS.prototype._getSignature(method,
// params, secret) (Object.keys(params).sort(), escape(name)=escape(value)
// joined with '&', METHOD&%2F&escape(canonical), createHmac('sha1', secret+'&')).
// Functions used: _escape (encode), _getSignature (canonicalize, sign).
// assumeRole itself is fixed to POST Action=AssumeRole with Timestamp =
// new Date().toISOString() (milliseconds) and SignatureNonce = Math.random(), and
// its body is node:querystring.stringify(params); it cannot express these
// cases, so the adapter plays assumeRole's part: it builds the parameter
// object the way assumeRole does (Format, Version, AccessKeyId, SignatureMethod,
// SignatureVersion, SignatureNonce, Timestamp, then the API parameters) from
// the case's text, and calls _getSignature. So Timestamp is the case's text:
// a case that pins a clock reading (`clock`) is skipped. No url or body stage.
// The string to sign is read by wrapping node:crypto's createHmac (sts.js calls
// it on the module object).

import { createRequire } from "node:module";
import { objectOf, Refused, refuseURIError as refuse, serve, Skip, text } from "./_protocol.mjs";
import { canonicalQueryOf, captureHmacSha1 } from "./_capture.mjs";

const stsRequire = createRequire(import.meta.resolve("ali-oss/lib/sts.js"));

let captured = null;
captureHmacSha1(stsRequire("crypto"), () => captured);

const STS = stsRequire("./sts.js");
const { version } = stsRequire("../package.json");

const paramsOf = (pairs) => objectOf(pairs, "parameters", "ali-oss");

function signParams(sts, method, params, secret) {
  captured = {};
  try {
    const signature = refuse(() => sts._getSignature(method, params, secret));
    const stringToSign = captured.stringToSign;
    return {
      canonicalQuery: canonicalQueryOf(stringToSign),
      stringToSign,
      signature,
    };
  } finally {
    captured = null;
  }
}

function client(accessKeyId, accessKeySecret) {
  try {
    return new STS({ accessKeyId, accessKeySecret });
  } catch (error) {
    throw new Refused("invalid-credentials", error.message);
  }
}

await serve({
  name: "ali-oss-sts",
  version,
  operations: ["encode", "canonicalize", "sign"],
  features: ["utf16-text", "post", "security-token", "xml-format", "custom-version"],
}, (operation, input) => {
  switch (operation) {
    case "encode":
      return { encoded: refuse(() => STS.prototype._escape(text(input.text))) };
    case "canonicalize":
      return {
        canonicalQuery: signParams(client("id", "secret"), "GET", paramsOf(input.pairs), "secret")
          .canonicalQuery,
      };
    case "sign": {
      if (input.clock !== undefined) {
        throw new Skip(
          "the adapter passes the Timestamp text (assumeRole would write toISOString())",
        );
      }
      const accessKeyId = text(input.accessKeyId);
      const accessKeySecret = text(input.accessKeySecret);
      const sts = client(accessKeyId, accessKeySecret);
      const opts = sts.options;
      // The common parameters as assumeRole writes them, from the case.
      const params = {
        Action: input.action,
        Format: input.format,
        Version: input.version,
        AccessKeyId: opts.accessKeyId,
        SignatureMethod: opts.sigMethod,
        SignatureVersion: opts.sigVersion,
        SignatureNonce: input.nonce,
        Timestamp: input.timestamp,
      };
      if (input.securityToken != null) params.SecurityToken = text(input.securityToken);
      const api = paramsOf(input.params);
      return signParams(sts, input.method, { ...params, ...api }, opts.accessKeySecret);
    }
    default:
      throw new Skip(`ali-oss has no ${operation}`);
  }
});
