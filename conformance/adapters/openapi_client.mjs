// @alicloud/openapi-client (the Tea SDK's generic client, the base of the
// generated @alicloud/<product><version> SDKs) through conformance/PROTOCOL.md.
// Run by Deno with the version pinned in deno.json:
//   deno run -A conformance/adapters/openapi_client.mjs
//
// Only `sign-v3`: with no signatureAlgorithm, Client#callApi runs doRequest,
// which signs with ACS3-HMAC-SHA256 (its default). doRequest sets host,
// x-acs-version, x-acs-action, user-agent, x-acs-date, x-acs-signature-nonce
// and accept, merges the case's headers, hashes the body (a form:
// OpenApiUtil.toForm; raw bytes: as they are, reqBodyType "byte"), sends
// x-acs-content-sha256, adds x-acs-accesskey-id and x-acs-security-token for
// STS credentials, and signs with @alicloud/openapi-util's getAuthorization;
// @alicloud/tea-typescript builds the URL. Every API parameter goes in
// `query`, as the generated SDKs send RPC parameters. (Its RPC signature path,
// signatureAlgorithm "v2", is openapi-util's getRPCSignature, which the
// openapi-util adapter already runs.)
//
// What the adapter pins (nothing of the SDK is re-implemented): the clock
// (OpenApiUtil.getTimestamp formats `new Date()`: _clock.mjs); the nonce
// (tea-util's Util.getNonce, replaced on the class openapi-client resolves);
// the transport (httpx.request on the httpx module tea-typescript resolves:
// nothing is sent, the URL, headers and body are captured). The canonical
// request and string to sign are read by wrapping OpenApiUtil.hash and
// OpenApiUtil.signatureMethod. Credentials come from an explicit credential
// object (getCredential() without a providerName): with accessKeyId and
// accessKeySecret in the Config, @alicloud/credentials reports the provider
// "static_ak" and doRequest adds a signed x-acs-credentials-provider header
// that is no part of the signature's rules.

import { createRequire } from "node:module";
import { serve, Skip } from "./_protocol.mjs";
import { fakeResponse, lowerKeys } from "./_capture.mjs";
import { callV3, captureV3 } from "./_tea.mjs";

const SDK = "openapi-client";
const clientRequire = createRequire(import.meta.resolve("@alicloud/openapi-client"));
const teaRequire = createRequire(clientRequire.resolve("@alicloud/tea-typescript"));
const httpx = teaRequire("httpx");
const Util = clientRequire("@alicloud/tea-util").default;
const $Util = clientRequire("@alicloud/tea-util");
const OpenApiUtil = clientRequire("@alicloud/openapi-util").default;
const { default: Client, Config, Params, OpenApiRequest } = clientRequire(
  "@alicloud/openapi-client",
);
const { version } = clientRequire("@alicloud/openapi-client/package.json");

let nonce = "nonce";
let captured = null;
Util.getNonce = () => nonce;
captureV3(OpenApiUtil, () => captured);
httpx.request = (url, opts) => {
  Object.assign(captured, {
    url,
    headers: lowerKeys(opts.headers),
    rawBody: opts.data,
  });
  return Promise.resolve(fakeResponse());
};

const sdk = {
  name: SDK,
  Client,
  Config,
  Params,
  OpenApiRequest,
  RuntimeOptions: $Util.RuntimeOptions,
  begin(input) {
    nonce = input.nonce;
    return captured = {};
  },
  end() {
    captured = null;
  },
};

await serve({
  name: SDK,
  version,
  operations: ["sign-v3"],
  features: ["utf16-text", "post", "security-token", "custom-version"],
}, (operation, input) => {
  if (operation === "sign-v3") return callV3(input, sdk);
  throw new Skip(`${SDK} has no ${operation} of its own`);
});
