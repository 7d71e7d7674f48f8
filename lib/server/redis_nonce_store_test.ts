// The store's commands and failure handling, against scripted clients. The
// tests against a real redis-server are in scripts/redis/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AcsRangeError, AcsTypeError } from "../errors/errors.ts";
import { RedisNonceStore } from "./redis_nonce_store.ts";
import { verifyRequest } from "./verify_request.ts";
import { signRequest } from "../signature/sign_request.ts";

const NOW = new Date("2016-02-23T12:46:24Z");
const record = (nonce = "n-1", accessKeyId = "testid", expiresMs = 960_000) => ({
  accessKeyId,
  nonce,
  expiresAt: new Date(NOW.getTime() + expiresMs),
  now: NOW,
});

/** A client that answers each command from a script and records what it was sent. */
function scripted(...replies: (unknown | ((args: string[]) => Promise<unknown>))[]) {
  const sent: string[][] = [];
  return {
    sent,
    sendCommand(args: string[]): Promise<unknown> {
      sent.push(args);
      const reply = replies.shift();
      return typeof reply === "function" ? reply(args) : Promise.resolve(reply);
    },
  };
}

test("RedisNonceStore.add() sends SET key 1 NX PX <ms> without a quota", async () => {
  const client = scripted("OK", null);
  const store = new RedisNonceStore({ client, maxEntriesPerKey: Infinity });
  assert.equal(await store.add(record()), "recorded");
  assert.equal(await store.add(record()), "used");
  assert.deepEqual(client.sent, [
    ["SET", "acs-rpc:nonce:{testid}:n-1", "1", "NX", "PX", "960000"],
    ["SET", "acs-rpc:nonce:{testid}:n-1", "1", "NX", "PX", "960000"],
  ]);
});

test("RedisNonceStore.add() keeps keys apart per access key, whatever they contain", async () => {
  const client = scripted("OK", "OK", "OK");
  const store = new RedisNonceStore({ client, maxEntriesPerKey: Infinity, keyPrefix: "p:" });
  await store.add(record("c", "a}:b"));
  await store.add(record("b}:c", "a"));
  await store.add(record("x", "{é}"));
  assert.deepEqual(client.sent.map((args) => args[1]), [
    "p:{a%7D%3Ab}:c",
    "p:{a}:b}:c",
    "p:{%7B%C3%A9%7D}:x",
  ]);
});

test("RedisNonceStore.add() runs the quota script, and reads its answers", async () => {
  const client = scripted(1, 0, -1, 1n);
  const store = new RedisNonceStore({ client, maxEntriesPerKey: 5 });
  assert.equal(await store.add(record()), "recorded");
  assert.equal(await store.add(record()), "used");
  assert.equal(await store.add(record()), "key-quota");
  assert.equal(await store.add(record()), "recorded");
  const [command, sha1, keyCount, ...rest] = client.sent[0]!;
  assert.equal(command, "EVALSHA");
  assert.match(sha1!, /^[0-9a-f]{40}$/);
  assert.equal(keyCount, "2");
  assert.deepEqual(rest, [
    "acs-rpc:nonce:{testid}:n-1",
    "acs-rpc:nonce:{testid}",
    "960000",
    "5",
    "n-1",
  ]);
});

test("RedisNonceStore.add() sends the whole script when Redis has not cached it, under its SHA-1", async () => {
  const noScript = () => Promise.reject(new Error("NOSCRIPT No matching script. Please use EVAL."));
  const client = scripted(noScript, 1, 0);
  const store = new RedisNonceStore({ client });
  assert.equal(await store.add(record()), "recorded");
  assert.equal(await store.add(record()), "used");
  const [evalsha, evaluate, cached] = client.sent;
  assert.deepEqual(evalsha!.slice(2), evaluate!.slice(2));
  assert.equal(evaluate![0], "EVAL");
  assert.match(evaluate![1]!, /redis\.call\('SET', KEYS\[1\], '1', 'NX', 'PX', ttl\)/);
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-1", new TextEncoder().encode(evaluate![1]!)),
  );
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  assert.equal(evalsha![1], hex);
  assert.equal(cached![0], "EVALSHA");
});

test("RedisNonceStore.add() rejects on an error, a timeout or an unexpected reply", async () => {
  const cases: [unknown, RegExp][] = [
    [() => Promise.reject(new Error("ECONNREFUSED")), /^ECONNREFUSED$/],
    [() => Promise.reject(new Error("OOM command not allowed")), /^OOM command not allowed$/],
    [
      () => {
        throw new Error("The client is closed");
      },
      /^The client is closed$/,
    ],
    [() => new Promise(() => {}), /^Redis did not answer within 20 ms$/],
    ["QUEUED", /^Unexpected reply from Redis to EVAL: "QUEUED"$/],
    [null, /^Unexpected reply from Redis to EVAL: null$/],
    ["1", /^Unexpected reply from Redis to EVAL: "1"$/],
    [2, /^Unexpected reply from Redis to EVAL: 2$/],
  ];
  for (const [reply, message] of cases) {
    const store = new RedisNonceStore({ client: scripted(reply), timeoutMs: 20 });
    await assert.rejects(
      store.add(record()),
      (error: unknown) => error instanceof Error && message.test(error.message),
    );
  }
  const noQuota = new RedisNonceStore({ client: scripted(1), maxEntriesPerKey: Infinity });
  await assert.rejects(noQuota.add(record()), {
    message: "Unexpected reply from Redis to SET: 1",
  });
});

test("verifyRequest() with a RedisNonceStore that cannot reach Redis fails closed with ServiceUnavailable", async () => {
  const signed = signRequest({
    action: "DescribeRegions",
    credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
    timestamp: NOW,
    endpoint: "ecs.aliyuncs.com",
  });
  for (
    const reply of [() => Promise.reject(new Error("ECONNREFUSED")), () => new Promise(() => {})]
  ) {
    const result = await verifyRequest(new Request(signed.url), {
      lookupSecret: () => "testsecret",
      now: () => NOW,
      nonceStore: new RedisNonceStore({ client: scripted(reply), timeoutMs: 20 }),
    });
    assert.ok(!result.ok);
    assert.deepEqual(result.error, {
      code: "ServiceUnavailable",
      status: 503,
      message: "The request has failed due to a temporary failure of the server.",
      format: "JSON",
    });
  }
});

test("RedisNonceStore() refuses options of the wrong type", () => {
  const client = scripted();
  const cases: [unknown, string, typeof AcsTypeError | typeof AcsRangeError][] = [
    [undefined, "client", AcsTypeError],
    [{}, "client", AcsTypeError],
    [{ client: { set: () => {} } }, "client", AcsTypeError],
    [{ client, keyPrefix: 1 }, "keyPrefix", AcsTypeError],
    [{ client, maxEntriesPerKey: 0 }, "maxEntriesPerKey", AcsRangeError],
    [{ client, maxEntriesPerKey: 1.5 }, "maxEntriesPerKey", AcsRangeError],
    [{ client, timeoutMs: Infinity }, "timeoutMs", AcsRangeError],
    [{ client, timeoutMs: 0 }, "timeoutMs", AcsRangeError],
    [{ client, prefix: "p:" }, "prefix", AcsTypeError],
    [{ client, maxEntriesPerkey: 5 }, "maxEntriesPerkey", AcsTypeError],
  ];
  for (const [options, parameter, errorClass] of cases) {
    assert.throws(
      () => new RedisNonceStore(options as never),
      (error: unknown) =>
        error instanceof errorClass && error.code === "invalid-option" &&
        error.parameter === parameter,
      parameter,
    );
  }
});

test("RedisNonceStore.add() refuses invalid dates before sending anything", async () => {
  const client = scripted();
  const store = new RedisNonceStore({ client });
  await assert.rejects(
    store.add({ ...record(), now: new Date(Number.NaN) }),
    (error: unknown) => error instanceof AcsRangeError && error.parameter === "now",
  );
  assert.deepEqual(client.sent, []);
});
