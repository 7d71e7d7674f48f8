import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { inspect } from "node:util";
import { hmac as nobleHmac } from "npm:@noble/hashes@1.8.0/hmac";
import { sha1 as nobleSha1 } from "npm:@noble/hashes@1.8.0/sha1";
import { sha256 as nobleSha256 } from "npm:@noble/hashes@1.8.0/sha2";
import {
  hmacSha1,
  HmacSha1Key,
  hmacSha1Key,
  hmacSha256,
  HmacSha256Key,
  hmacSha256Key,
} from "./hmac.ts";
import { toBase64, toHex } from "./bytes.ts";
import { block, state } from "./merkle_damgard.ts";
import {
  encodedDuring,
  KEY_LENGTHS,
  LENGTHS,
  LONG_LENGTH,
  NON_ASCII,
  randomAscii,
  randomBytes,
} from "./_test_inputs.ts";

const utf8 = new TextEncoder();
const bytesOf = (value: string | Uint8Array) =>
  typeof value === "string" ? utf8.encode(value) : value;

/** Each HMAC with its independent references. */
const HMACS = [
  {
    name: "hmacSha1",
    node: "sha1",
    noble: nobleSha1,
    mac: (key: string | Uint8Array, message: string | Uint8Array) =>
      hmacSha1(hmacSha1Key(key), message),
    keyed: (key: string | Uint8Array) => {
      const keyed = hmacSha1Key(key);
      return (message: string | Uint8Array) => hmacSha1(keyed, message);
    },
  },
  {
    name: "hmacSha256",
    node: "sha256",
    noble: nobleSha256,
    mac: (key: string | Uint8Array, message: string | Uint8Array) =>
      hmacSha256(hmacSha256Key(key), message),
    keyed: (key: string | Uint8Array) => {
      const keyed = hmacSha256Key(key);
      return (message: string | Uint8Array) => hmacSha256(keyed, message);
    },
  },
] as const;

const repeat = (byte: number, length: number) => new Uint8Array(length).fill(byte);
/** 0x01, 0x02, … 0x19: the 25-byte key of RFC 2202 and RFC 4231 test case 4. */
const COUNTING = new Uint8Array(25).map((_, i) => i + 1);

// RFC 2202 §3, test cases 1–7, written out.
const RFC_2202: [string, Uint8Array, string | Uint8Array, string][] = [
  ["1", repeat(0x0b, 20), "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"],
  [
    "2",
    utf8.encode("Jefe"),
    "what do ya want for nothing?",
    "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
  ],
  ["3", repeat(0xaa, 20), repeat(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"],
  ["4", COUNTING, repeat(0xcd, 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da"],
  ["5", repeat(0x0c, 20), "Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"],
  [
    "6",
    repeat(0xaa, 80),
    "Test Using Larger Than Block-Size Key - Hash Key First",
    "aa4ae5e15272d00e95705637ce8a3b55ed402112",
  ],
  [
    "7",
    repeat(0xaa, 80),
    "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
    "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
  ],
];

// RFC 4231 §4.2–§4.8, test cases 1–7, written out. Case 5's MAC is truncated
// to 128 bits in the RFC, so only that prefix is compared.
const RFC_4231: [string, Uint8Array, string | Uint8Array, string][] = [
  [
    "1",
    repeat(0x0b, 20),
    "Hi There",
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
  ],
  [
    "2",
    utf8.encode("Jefe"),
    "what do ya want for nothing?",
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  ],
  [
    "3",
    repeat(0xaa, 20),
    repeat(0xdd, 50),
    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
  ],
  [
    "4",
    COUNTING,
    repeat(0xcd, 50),
    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
  ],
  ["5", repeat(0x0c, 20), "Test With Truncation", "a3b6167473100ee06e0c796c2955552b"],
  [
    "6",
    repeat(0xaa, 131),
    "Test Using Larger Than Block-Size Key - Hash Key First",
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
  ],
  [
    "7",
    repeat(0xaa, 131),
    "This is a test using a larger than block-size key and a larger than block-size data. " +
    "The key needs to be hashed before being used by the HMAC algorithm.",
    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
  ],
];

test("hmacSha1() matches the RFC 2202 test cases", () => {
  for (const [id, key, data, digest] of RFC_2202) {
    assert.equal(toHex(hmacSha1(hmacSha1Key(key), data)), digest, `case ${id}`);
    assert.equal(toHex(hmacSha1(hmacSha1Key(key), bytesOf(data))), digest, `case ${id}, bytes`);
  }
});

test("hmacSha256() matches the RFC 4231 test cases", () => {
  for (const [id, key, data, digest] of RFC_4231) {
    const mac = toHex(hmacSha256(hmacSha256Key(key), data));
    assert.equal(mac.slice(0, digest.length), digest, `case ${id}`);
    assert.equal(mac.length, 64, `case ${id}: a full 32-byte MAC`);
  }
});

test("hmacSha1() signs the documentation's worked example", () => {
  const stringToSign = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions" +
    "%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
    "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf" +
    "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z" +
    "%26Version%3D2014-05-26";
  const keyed = hmacSha1Key("testsecret&");
  assert.equal(toBase64(hmacSha1(keyed, stringToSign)), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
});

for (const { name, node, noble, mac, keyed } of HMACS) {
  const assertAgrees = (key: string | Uint8Array, message: string | Uint8Array, what: string) => {
    const ours = toHex(mac(key, message));
    assert.equal(ours, createHmac(node, key).update(message).digest("hex"), `${what}: node:crypto`);
    assert.equal(
      ours,
      toHex(nobleHmac(noble, bytesOf(key), bytesOf(message))),
      `${what}: @noble/hashes`,
    );
  };

  test(`${name}() agrees with node:crypto and @noble/hashes for keys of 0–200 bytes and messages of 0–300`, () => {
    for (const keyLength of KEY_LENGTHS) {
      const keyBytes = randomBytes(7000 + keyLength, keyLength);
      const keyText = randomAscii(8000 + keyLength, keyLength);
      for (const length of LENGTHS) {
        const what = `key of ${keyLength}, message of ${length}`;
        assertAgrees(keyBytes, randomBytes(length, length), `${what}: random bytes`);
        assertAgrees(keyText, randomAscii(length, length), `${what}: ASCII strings`);
      }
    }
  });

  test(`${name}() agrees with node:crypto and @noble/hashes on 3 MiB + 7 bytes`, () => {
    assertAgrees("key&", randomBytes(9, LONG_LENGTH), "random bytes");
    assertAgrees(randomBytes(10, 100), randomAscii(11, LONG_LENGTH), "ASCII string");
  });

  test(`${name}() reads non-ASCII keys and messages as UTF-8`, () => {
    for (const { text, utf8: bytes } of NON_ASCII) {
      const what = JSON.stringify(text);
      const expected = toHex(mac(new Uint8Array(bytes), new Uint8Array(bytes)));
      assert.equal(toHex(mac(text, text)), expected, what);
      assertAgrees(text, text, what);
      // Long enough to be hashed first, with the non-ASCII part past the block.
      assertAgrees("k".repeat(63) + text, "m".repeat(130) + text, `padded ${what}`);
    }
  });

  test(`${name}() reads a lone surrogate as U+FFFD, as TextEncoder does`, () => {
    assert.equal(toHex(mac("k\ud800", "m\udc00")), toHex(mac("k\ufffd", "m\ufffd")));
    const long = "k".repeat(70);
    assert.equal(toHex(mac(long + "\ud800", "")), toHex(mac(long + "\ufffd", "")));
  });

  test(`${name}() gives the same MACs from one keyed state as from fresh keying`, () => {
    for (const keyLength of KEY_LENGTHS) {
      const key = randomBytes(12 + keyLength, keyLength);
      const reuse = keyed(key);
      const messages = LENGTHS.map((length) => randomAscii(13 + length, length));
      // Twice over, so a state changed by use would show on the second pass.
      for (const message of [...messages, ...messages]) {
        const reused = reuse(message);
        assert.deepEqual(reused, mac(key, message), `key of ${keyLength}`);
      }
    }
  });
}

test("hmacSha1Key() and hmacSha256Key() expose nothing of the key", () => {
  const secret = "very-secret-key&";
  assert.ok(hmacSha1Key(secret) instanceof HmacSha1Key);
  assert.ok(hmacSha256Key(secret) instanceof HmacSha256Key);
  for (const keyed of [hmacSha1Key(secret), hmacSha256Key(secret)]) {
    assert.deepEqual(Reflect.ownKeys(keyed), []);
    assert.equal(JSON.stringify(keyed), "{}");
    const shown = inspect(keyed, { showHidden: true, depth: Infinity });
    assert.doesNotMatch(shown, /very-secret|Int32Array|\d{4}/, shown);
    assert.equal(String(keyed), "[object Object]");
  }
});

test("hmacSha1Key() and hmacSha256Key() keep no reference to the key's bytes", () => {
  const key = randomBytes(14, 40);
  const long = randomBytes(15, 100);
  const sha1Keyed = hmacSha1Key(key);
  const sha256Keyed = hmacSha256Key(long);
  const before = [toHex(hmacSha1(sha1Keyed, "m")), toHex(hmacSha256(sha256Keyed, "m"))];
  key.fill(0);
  long.fill(0);
  assert.deepEqual([toHex(hmacSha1(sha1Keyed, "m")), toHex(hmacSha256(sha256Keyed, "m"))], before);
});

test("hmacSha1Key() and hmacSha256Key() do not change the key's bytes", () => {
  for (const length of KEY_LENGTHS) {
    const key = randomBytes(16, length);
    const copy = key.slice();
    hmacSha1Key(key);
    hmacSha256Key(key);
    assert.deepEqual(key, copy);
  }
});

test("the HMACs leave the scratch block and state zeroed", () => {
  const calls: [string, () => unknown][] = [
    ["hmacSha1Key(short)", () => hmacSha1Key("short&")],
    ["hmacSha1Key(long)", () => hmacSha1Key("密钥".repeat(40))],
    ["hmacSha256Key(long bytes)", () => hmacSha256Key(randomBytes(17, 200))],
    ["hmacSha1()", () => hmacSha1(hmacSha1Key("k"), randomAscii(18, 579))],
    ["hmacSha256()", () => hmacSha256(hmacSha256Key("k"), "中".repeat(300))],
  ];
  for (const [what, call] of calls) {
    call();
    assert.ok(block.every((word) => word === 0), `${what}: block`);
    assert.ok(state.every((word) => word === 0), `${what}: state`);
  }
});

test("hmacSha1Key() and hmacSha256Key() zero their UTF-8 copy of a string key", () => {
  const copies = encodedDuring(() => {
    hmacSha1Key("é&");
    hmacSha256Key("密钥&");
    hmacSha1Key("密钥".repeat(40));
    hmacSha256Key("😀".repeat(40));
    hmacSha1Key("k".repeat(20000));
  });
  // Each key is encoded once, even one that is hashed first.
  assert.equal(copies.length, 5);
  for (const copy of copies) {
    assert.ok(copy.length > 0 && copy.every((byte) => byte === 0), `${copy.length} bytes`);
  }
});

test("hmacSha1() and hmacSha256() reject a keyed state of the other kind", () => {
  const wrong: [string, () => unknown][] = [
    ["hmacSha1(HmacSha256Key)", () => hmacSha1(hmacSha256Key("k") as unknown as HmacSha1Key, "m")],
    [
      "hmacSha256(HmacSha1Key)",
      () => hmacSha256(hmacSha1Key("k") as unknown as HmacSha256Key, "m"),
    ],
    ["hmacSha1({})", () => hmacSha1({} as HmacSha1Key, "m")],
  ];
  for (const [what, call] of wrong) {
    assert.throws(call, TypeError, what);
  }
});
