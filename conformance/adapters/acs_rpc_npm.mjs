// acs-rpc's npm build under Node: the same operations as acs_rpc.ts, but
// through npm/esm/mod.js, the package that npm users install. Build it first
// with `deno task build:npm`. Usage: node conformance/adapters/acs_rpc_npm.mjs

import { readFileSync } from "node:fs";
import { Buffer } from "node:buffer";
import process from "node:process";
import { Refused, serve, Skip, text } from "./_protocol.mjs";

const root = new URL("../../npm/", import.meta.url);
let api;
try {
  api = await import(new URL("esm/mod.js", root).href);
} catch (error) {
  process.stderr.write(
    `acs_rpc_npm: cannot load npm/esm/mod.js (run \`deno task build:npm\`): ${error}\n`,
  );
  process.exit(3);
}
let version = "unknown";
try {
  version = JSON.parse(readFileSync(new URL("package.json", root), "utf8")).version;
} catch { /* the build may not write a package.json next to esm/ */ }

function toParamValue(value) {
  if (Array.isArray(value)) return value.map(toParamValue);
  if (value !== null && typeof value === "object") {
    if (Object.keys(value).length === 1 && "$json" in value) return api.json(value.$json);
    if ("utf16" in value) return text(value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toParamValue(v)]));
  }
  return value;
}

function call(fn) {
  try {
    return fn();
  } catch (error) {
    if (typeof error?.code === "string") throw new Refused(error.code, error.message);
    throw error;
  }
}

const operations = ["encode", "canonicalize", "sign", "flatten"];
if (typeof api.resolveEndpoint === "function") operations.push("endpoint");
if (typeof api.signRequestV3 === "function") operations.push("sign-v3");

/** The pinned clock of a case, or a Skip when acs-rpc cannot write its timestamp text. */
function clockOf(input) {
  const clock = new Date(input.clock ?? input.timestamp);
  let formatted;
  try {
    formatted = api.formatTimestamp(clock);
  } catch {
    throw new Skip(`acs-rpc cannot express timestamp ${input.timestamp}`);
  }
  if (formatted !== input.timestamp) {
    throw new Skip(`acs-rpc writes ${formatted}, not ${input.timestamp}`);
  }
  return clock;
}

function credentialsOf(input) {
  const credentials = {
    accessKeyId: text(input.accessKeyId),
    accessKeySecret: text(input.accessKeySecret),
  };
  if (input.securityToken !== null && input.securityToken !== undefined) {
    credentials.securityToken = text(input.securityToken);
  }
  return credentials;
}

function signV3(input) {
  const options = {
    action: input.action,
    params: input.params.map(([n, v]) => [text(n), text(v)]),
    headers: input.headers,
    method: input.method,
    version: input.version,
    timestamp: clockOf(input),
    nonce: input.nonce,
    endpoint: input.endpoint,
    protocol: input.protocol,
    credentials: credentialsOf(input),
  };
  if (input.body?.text !== undefined) options.body = text(input.body.text);
  if (input.body?.base64 !== undefined) {
    options.body = new Uint8Array(Buffer.from(input.body.base64, "base64"));
  }
  const request = call(() => api.signRequestV3(options));
  const body = request.body === null ? null : Buffer.from(request.body).toString("base64");
  const { canonicalRequest, stringToSign, signature, headers, url } = request;
  return {
    canonicalRequest,
    stringToSign,
    signature,
    authorization: headers.authorization,
    headers,
    url,
    body,
  };
}

await serve({
  name: "acs-rpc-npm",
  version,
  operations,
  features: ["utf16-text", "post", "security-token", "xml-format", "custom-version", "json-params"],
  profiles: ["core", "strict"],
}, (operation, input) => {
  switch (operation) {
    case "encode":
      return { encoded: call(() => api.percentEncode(text(input.text))) };
    case "canonicalize":
      return {
        canonicalQuery: call(() =>
          api.canonicalize(input.pairs.map(([n, v]) => [text(n), text(v)]))
        ),
      };
    case "flatten":
      return { pairs: call(() => api.flattenParams(toParamValue(input.params))) };
    case "endpoint":
      return { host: call(() => api.resolveEndpoint(input.regionId, { network: input.network })) };
    case "sign-v3":
      return signV3(input);
    case "sign": {
      const clock = clockOf(input);
      const credentials = credentialsOf(input);
      const request = call(() =>
        api.signRequest({
          action: input.action,
          params: input.params.map(([n, v]) => [text(n), text(v)]),
          method: input.method,
          format: input.format,
          version: input.version,
          timestamp: clock,
          nonce: input.nonce,
          endpoint: input.endpoint,
          protocol: input.protocol,
          credentials,
        })
      );
      const { canonicalQuery, stringToSign, signature, url, body } = request;
      return { canonicalQuery, stringToSign, signature, url, body };
    }
    default:
      throw new Skip(`no operation ${operation}`);
  }
});
