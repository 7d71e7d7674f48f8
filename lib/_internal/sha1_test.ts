import { sha1 as nobleSha1 } from "npm:@noble/hashes@1.8.0/sha1";
import { sha1 } from "./sha1.ts";
import { testHash } from "./_test_inputs.ts";

// FIPS 180-2 Appendix A (A.1, A.2, A.3) and RFC 3174 §7.3, written out.
const VECTORS: [string, string][] = [
  ["", "da39a3ee5e6b4b0d3255bfef95601890afd80709"],
  ["abc", "a9993e364706816aba3e25717850c26c9cd0d89d"],
  [
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
  ],
  ["a".repeat(1_000_000), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"],
  [
    "0123456701234567012345670123456701234567012345670123456701234567".repeat(10),
    "dea356a2cddd90c7a7ecedc5ebb563934f460452",
  ],
];

testHash({
  name: "sha1",
  hash: sha1,
  node: "sha1",
  noble: nobleSha1,
  length: 20,
  source: "FIPS 180-2 and RFC 3174",
  vectors: VECTORS,
  abc: "a9993e364706816aba3e25717850c26c9cd0d89d",
});
