// deno bench lib/_internal/hmac_bench.ts — our HMACs and SHA-256 beside
// @noble/hashes (what sign() uses today) and the native node:crypto floor, on
// the typical request's 579-byte string to sign (HMAC-SHA1, as sign() keys it)
// and a 700-byte signature-V3 canonical request (SHA-256, HMAC-SHA256).

import { createHash, createHmac } from "node:crypto";
import { hmac } from "npm:@noble/hashes@1.8.0/hmac";
import { sha1 as nobleSha1 } from "npm:@noble/hashes@1.8.0/sha1";
import { sha256 as nobleSha256 } from "npm:@noble/hashes@1.8.0/sha2";
import { hmacSha1, hmacSha1Key, hmacSha256, hmacSha256Key } from "./hmac.ts";
import { sha256 } from "./sha256.ts";
import { toBase64 } from "./bytes.ts";
import { signRequest } from "../endpoints/sign_request.ts";
import { CREDENTIALS, NONCE, SCENARIOS, TIMESTAMP } from "../../scripts/bench/scenarios.ts";

const utf8 = new TextEncoder();
const typical = SCENARIOS.find((scenario) => scenario.id === "typical")!;
const { stringToSign } = signRequest({
  action: typical.action,
  params: typical.params,
  regionId: typical.regionId,
  credentials: CREDENTIALS,
  timestamp: new Date(TIMESTAMP),
  nonce: NONCE,
});
const secret = CREDENTIALS.accessKeySecret + "&";

/** A signature-V3 canonical request of 700 bytes (a RunInstances query). */
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const headers = [
  "host:ecs.cn-hangzhou.aliyuncs.com",
  "x-acs-action:RunInstances",
  `x-acs-content-sha256:${EMPTY_SHA256}`,
  "x-acs-date:2016-02-23T12:46:24Z",
  `x-acs-signature-nonce:${NONCE}`,
  "x-acs-version:2014-05-26",
];
const query = "Amount=2&ImageId=aliyun_3_x64_20G_alibase_20240819.vhd" +
  "&InstanceName=web%20server%20%E6%9D%AD%E5%B7%9E-01&InstanceType=ecs.g7.large" +
  "&RegionId=cn-hangzhou&SecurityGroupId=sg-bp67acfmxazb4ph0a1b2&SystemDisk.Category=cloud_essd";
const signedHeaders = headers.map((line) => line.slice(0, line.indexOf(":"))).join(";");
const canonicalRequest = (userData: string) =>
  ["POST", "/", `${query}&UserData=${userData}`, ...headers, "", signedHeaders, EMPTY_SHA256]
    .join("\n");
const canonical700 = canonicalRequest("A".repeat(700 - canonicalRequest("").length));
if (stringToSign.length !== 579 || canonical700.length !== 700) {
  throw new Error(`inputs of ${stringToSign.length} and ${canonical700.length} bytes`);
}

const sha1Keyed = hmacSha1Key(secret);
const sha256Keyed = hmacSha256Key(secret);
const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
if (
  hex(hmacSha1(sha1Keyed, stringToSign)) !==
    createHmac("sha1", secret).update(stringToSign).digest("hex") ||
  hex(hmacSha256(sha256Keyed, canonical700)) !==
    createHmac("sha256", secret).update(canonical700).digest("hex")
) {
  throw new Error("our HMACs differ from node:crypto's");
}
let sink: Uint8Array = new Uint8Array(0);
let text = "";

const sha1Group = "HMAC-SHA1, 579 B";
Deno.bench({
  name: "ours hmacSha1, keyed state cached",
  group: sha1Group,
  baseline: true,
  fn: () => void (sink = hmacSha1(sha1Keyed, stringToSign)),
});
Deno.bench({
  name: "ours hmacSha1, keyed every call",
  group: sha1Group,
  fn: () => void (sink = hmacSha1(hmacSha1Key(secret), stringToSign)),
});
Deno.bench({
  name: "ours hmacSha1, keyed state cached, + toBase64",
  group: sha1Group,
  fn: () => void (text = toBase64(hmacSha1(sha1Keyed, stringToSign))),
});
Deno.bench({
  name: "@noble/hashes 1.8.0 hmac(sha1), as sign() calls it",
  group: sha1Group,
  fn: () => void (sink = hmac(nobleSha1, utf8.encode(secret), utf8.encode(stringToSign))),
});
Deno.bench({
  name: "node:crypto createHmac('sha1')",
  group: sha1Group,
  fn: () => void (sink = createHmac("sha1", secret).update(stringToSign).digest()),
});

const sha256Group = "HMAC-SHA256, 700 B";
Deno.bench({
  name: "ours hmacSha256, keyed state cached",
  group: sha256Group,
  baseline: true,
  fn: () => void (sink = hmacSha256(sha256Keyed, canonical700)),
});
Deno.bench({
  name: "ours hmacSha256, keyed every call",
  group: sha256Group,
  fn: () => void (sink = hmacSha256(hmacSha256Key(secret), canonical700)),
});
Deno.bench({
  name: "@noble/hashes 1.8.0 hmac(sha256)",
  group: sha256Group,
  fn: () => void (sink = hmac(nobleSha256, utf8.encode(secret), utf8.encode(canonical700))),
});
Deno.bench({
  name: "node:crypto createHmac('sha256')",
  group: sha256Group,
  fn: () => void (sink = createHmac("sha256", secret).update(canonical700).digest()),
});

const hashGroup = "SHA-256, 700 B";
Deno.bench({
  name: "ours sha256",
  group: hashGroup,
  baseline: true,
  fn: () => void (sink = sha256(canonical700)),
});
Deno.bench({
  name: "@noble/hashes 1.8.0 sha256",
  group: hashGroup,
  fn: () => void (sink = nobleSha256(utf8.encode(canonical700))),
});
Deno.bench({
  name: "node:crypto createHash('sha256')",
  group: hashGroup,
  fn: () => void (sink = createHash("sha256").update(canonical700).digest()),
});

globalThis.addEventListener("unload", () => {
  if (sink.length === 0 || text === "") throw new Error("the benchmarks computed nothing");
});
