/**
 * Signs the documentation's example request and prints every stage.
 *
 * ```sh
 * deno run scripts/example.ts
 * ```
 *
 * @module
 */

import { signRequest } from "../mod.ts";

const request = signRequest({
  action: "DescribeRegions",
  format: "XML",
  credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
  timestamp: new Date("2016-02-23T12:46:24Z"),
  nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
});

console.log(`canonical query:\n  ${request.canonicalQuery}\n`);
console.log(`string to sign:\n  ${request.stringToSign}\n`);
console.log(`signature:\n  ${request.signature}\n`);
console.log(`URL:\n  ${request.url}`);
if (request.signature !== "OLeaidS1JvxuMvnyHOwuJ+uX5qY=") {
  console.error("The signature differs from the documentation's OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  Deno.exit(1);
}
