// Internal to the command line: the V3 example and the --explain output of a
// V3 request. main.ts uses both. No entry re-exports this file.

import type { SignedRequestV3 } from "../v3/mod.ts";

/** Where the command line writes (the part of CliIo this needs). */
interface Out {
  readonly stdout: (line: string) => void;
}

/**
 * The worked example of Alibaba Cloud's "Request syntax and signature method
 * V3" page (RunInstances on ecs.cn-shanghai, empty body).
 */
export const DEMO_V3 = {
  credentials: { accessKeyId: "YourAccessKeyId", accessKeySecret: "YourAccessKeySecret" },
  timestamp: "2023-10-26T10:22:32Z",
  nonce: "3156853299f313e23d1673dc12e1703d",
  action: "RunInstances",
  method: "POST",
  endpoint: "ecs.cn-shanghai.aliyuncs.com",
  params: [
    ["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
    ["RegionId", "cn-shanghai"],
  ],
} as const;

/** Prints each stage of a V3 request; the secret is never shown. */
export function explainV3(io: Out, signed: SignedRequestV3, demo: boolean): void {
  if (demo) {
    io.stdout(
      "Demo: the V3 signature page's example request, signed with its test credentials (YourAccessKeyId/YourAccessKeySecret)",
    );
    io.stdout("");
  }
  io.stdout("Canonical request:");
  // The empty line after the headers is part of it: printed empty, not padded.
  for (const line of signed.canonicalRequest.split("\n")) io.stdout(line && `  ${line}`);
  io.stdout("String to sign (ACS3-HMAC-SHA256 and the SHA-256 of the canonical request):");
  for (const line of signed.stringToSign.split("\n")) io.stdout(`  ${line}`);
  io.stdout("Signature (hex of HMAC-SHA256, keyed with the bare secret; the secret is not shown):");
  io.stdout(`  ${signed.signature}`);
  io.stdout("Authorization:");
  io.stdout(`  ${signed.headers.authorization}`);
  io.stdout(`URL (${signed.method}):`);
  io.stdout(`  ${signed.url}`);
  io.stdout("Headers:");
  for (const [name, value] of Object.entries(signed.headers)) io.stdout(`  ${name}: ${value}`);
  if (signed.body !== null) {
    io.stdout(`Body (${signed.headers["content-type"] ?? "no content type"}):`);
    io.stdout(
      `  ${typeof signed.body === "string" ? signed.body : `${signed.body.byteLength} bytes`}`,
    );
  }
}
