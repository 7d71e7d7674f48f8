import { sha256 as nobleSha256 } from "npm:@noble/hashes@1.8.0/sha2";
import { sha256 } from "./sha256.ts";
import { testHash } from "./_test_inputs.ts";

// FIPS 180-2 Appendix B (B.1, B.2, B.3) and RFC 6234 §8.5 (TEST4), written out.
const VECTORS: [string, string][] = [
  ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
  ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  [
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  ],
  ["a".repeat(1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"],
  [
    "0123456701234567012345670123456701234567012345670123456701234567".repeat(10),
    "594847328451bdfa85056225462cc1d867d877fb388df0ce35f25ab5562bfbb5",
  ],
];

testHash({
  name: "sha256",
  hash: sha256,
  node: "sha256",
  noble: nobleSha256,
  length: 32,
  source: "FIPS 180-2 and RFC 6234",
  vectors: VECTORS,
  abc: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
});
