// Property-based differential tests against the official SDKs (issue 16):
// well-formed random parameter sets (names and values over all of Unicode,
// repeat lists, lists of objects) signed by acs-rpc, by @alicloud/openapi-util
// 0.3.3 (getRPCSignature, as @alicloud/openapi-client drives it) and by
// @alicloud/pop-core 1.8.0 (RPCClient#request with its clock, nonce and
// transport pinned) agree on the canonical query and the signature.
//
// The inputs stay inside what those peers handle by the rules. Their
// documented deviations (conformance/expectations/openapi-util.txt and
// pop-core.txt) are left out, each for its listed reason:
//   - empty names (error-flatten-empty-name, error-canonicalize-empty-name)
//   - common parameters among the API parameters, in any case
//     (error-sign-reserved-*)
//   - two parameters with one name after flattening, which an object cannot
//     hold (error-flatten-duplicate-after-flattening): names have no dot
//   - nested objects outside a repeat list, and null values (pop-core's
//     flatten-nested-object, flatten-object-in-object, flatten-null-omitted)
//   - padded or empty credentials, plain HTTP with secrets, other methods and
//     formats, invalid actions (error-sign-*): the options are valid
// and lone surrogates, which no UTF-8 form has (the peers throw URIError;
// acs-rpc's coded refusal is checked by the malformed-input properties).
// `__proto__` is left out too: assigning it to the peers' plain objects would
// set a prototype instead of a parameter; and objects without a prototype,
// which openapi-util's query() cannot read (its toMap returns undefined).

import fc from "fast-check";
import assert from "node:assert/strict";
import RPCClient from "@alicloud/pop-core";
import OpenApiUtilModule from "@alicloud/openapi-util";
import httpx from "httpx";
import kitx from "kitx";
import { COMMON_PARAMETERS } from "../../lib/_internal/common_params.ts";
import { signRequest } from "../../lib/signature/mod.ts";
import { text } from "./_arbitraries.ts";

interface OpenApiUtil {
  getRPCSignature(signedParams: Record<string, string>, method: string, secret: string): string;
  query(filter: Record<string, unknown>): Record<string, string>;
}
const OpenApiUtil = ((OpenApiUtilModule as unknown as { default?: OpenApiUtil }).default ??
  OpenApiUtilModule) as unknown as OpenApiUtil;

interface KitxLike {
  makeNonce: () => string;
  sha1: (data: string, key: string, encoding: string) => string;
}
interface HttpxLike {
  request: (url: string, opts: { data?: string }) => Promise<unknown>;
  read: (response: unknown, encoding: string) => Promise<string>;
}
const kit = kitx as unknown as KitxLike;
const transport = httpx as unknown as HttpxLike;

const NONCE = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
const RESERVED = new Set(COMMON_PARAMETERS.map((n) => n.toLowerCase()));

/** A name the peers treat by the rules: see the file comment. */
const peerName = text.filter((n) =>
  n !== "" && !n.includes(".") && n !== "__proto__" && !RESERVED.has(n.toLowerCase())
);

/** Flat objects of text, as items of a repeat list (Tag.1.Key, …). */
const listItem = fc.oneof(
  { weight: 3, arbitrary: text },
  {
    weight: 1,
    arbitrary: fc.dictionary(peerName, text, { minKeys: 1, maxKeys: 3, noNullPrototype: true }),
  },
);

/** Parameters: text values and repeat lists, names unique after flattening. */
export const peerParams: fc.Arbitrary<
  Record<string, string | (string | Record<string, string>)[]>
> = fc.dictionary(
  peerName,
  fc.oneof({ weight: 4, arbitrary: text }, {
    weight: 1,
    arbitrary: fc.array(listItem, { maxLength: 4 }),
  }),
  { maxKeys: 8, noNullPrototype: true },
);

const credentialText = text.filter((s) => s !== "" && !/^\s|\s$/.test(s));
const credentials = fc.record(
  { accessKeyId: credentialText, accessKeySecret: credentialText, securityToken: credentialText },
  { requiredKeys: ["accessKeyId", "accessKeySecret"] },
);

/** The instant every implementation signs at (pop-core reads its clock: pinned). */
const INSTANT = "2016-02-23T12:46:24.789Z";

/** What pop-core would send, with its clock, nonce and transport pinned. */
async function popCore(
  action: string,
  params: Record<string, unknown>,
  method: "GET" | "POST",
  creds: { accessKeyId: string; accessKeySecret: string; securityToken?: string },
): Promise<{ url: string; body: string | undefined }> {
  const RealDate = Date;
  const FixedDate = class extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      super(...((args.length === 0 ? [INSTANT] : args) as [string]));
    }
  };
  const real = { request: transport.request, read: transport.read, makeNonce: kit.makeNonce };
  let captured: { url: string; body: string | undefined } | undefined;
  globalThis.Date = FixedDate as DateConstructor;
  kit.makeNonce = () => NONCE;
  transport.request = (url, opts) => {
    captured = { url, body: opts.data };
    return Promise.resolve({ req: { getHeaders: () => ({}) }, statusCode: 200, headers: {} });
  };
  transport.read = () => Promise.resolve('{"RequestId":"stub"}');
  try {
    const client = new RPCClient({
      endpoint: "https://ecs.aliyuncs.com",
      apiVersion: "2014-05-26",
      ...creds,
    });
    await client.request(action, params, { method, formatParams: false });
  } finally {
    globalThis.Date = RealDate;
    transport.request = real.request;
    transport.read = real.read;
    kit.makeNonce = real.makeNonce;
  }
  assert.ok(captured, "pop-core sent nothing");
  return captured;
}

/** openapi-util's signature and the string to sign it hashed (read through kitx.sha1). */
function openapiUtil(
  params: Record<string, unknown>,
  method: string,
  creds: { accessKeyId: string; accessKeySecret: string; securityToken?: string },
): { signature: string; stringToSign: string | undefined } {
  const signed: Record<string, string> = {
    Action: "DescribeInstances",
    Format: "JSON",
    Version: "2014-05-26",
    Timestamp: "2016-02-23T12:46:24Z",
    SignatureNonce: NONCE,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    AccessKeyId: creds.accessKeyId,
    ...(creds.securityToken === undefined ? {} : { SecurityToken: creds.securityToken }),
    ...OpenApiUtil.query(params),
  };
  let stringToSign: string | undefined;
  const realSha1 = kit.sha1;
  kit.sha1 = (data, key, encoding) => {
    stringToSign = data;
    return realSha1(data, key, encoding);
  };
  try {
    return {
      signature: OpenApiUtil.getRPCSignature(signed, method, creds.accessKeySecret),
      stringToSign,
    };
  } finally {
    kit.sha1 = realSha1;
  }
}

/** The properties, by name. */
export const properties = {
  "signRequest() = openapi-util and pop-core (well-formed parameters)": fc.asyncProperty(
    peerParams,
    fc.constantFrom("GET" as const, "POST" as const),
    credentials,
    async (params, method, creds) => {
      const ours = signRequest({
        action: "DescribeInstances",
        params,
        method,
        credentials: creds,
        timestamp: new Date(INSTANT),
        nonce: NONCE,
      });
      const util = openapiUtil(params, method, creds);
      if (util.stringToSign !== undefined) assert.equal(util.stringToSign, ours.stringToSign);
      assert.equal(util.signature, ours.signature, "openapi-util's signature");

      const theirs = await popCore("DescribeInstances", params, method, creds);
      const wire = method === "GET" ? new URL(theirs.url).search.slice(1) : theirs.body!;
      const at = wire.lastIndexOf("&Signature=");
      assert.equal(wire.slice(0, at), ours.canonicalQuery, "pop-core's canonical query");
      assert.equal(
        decodeURIComponent(wire.slice(at + "&Signature=".length)),
        ours.signature,
        "pop-core's signature",
      );
      assert.equal(theirs.url, ours.url);
      if (method === "POST") assert.equal(theirs.body, ours.body);
    },
  ),
} as const;
