// RedisNonceStore against a real redis-server (Debian's `redis-server`, which
// .ci/run installs), started here on 127.0.0.1 with a random port and stopped
// after, through the node-redis client (`redis` on npm). Without redis-server
// these tests fail, naming the command that installs it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "redis";
import { RedisNonceStore } from "../../lib/server/redis_nonce_store.ts";
import { verifyRequest } from "../../lib/server/verify_request.ts";
import { signRequest } from "../../lib/signature/sign_request.ts";
import { type RedisServer, startRedisServer } from "./_redis_server.ts";

function newClient(url: string) {
  return createClient({
    url,
    // Give up reconnecting quickly once the server is stopped.
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500) },
  });
}
type Client = ReturnType<typeof newClient>;

let redis: RedisServer;
const clients: Client[] = [];

before(async () => {
  redis = await startRedisServer();
});

after(async () => {
  for (const client of clients) client.destroy();
  await redis?.stop();
});

/** A connected node-redis client; the tests destroy it at the end. */
async function connect(server: RedisServer = redis): Promise<Client> {
  const client = newClient(server.url);
  // node-redis throws an unhandled error event without a listener.
  client.on("error", () => {});
  clients.push(client);
  await client.connect();
  return client;
}

let counter = 0;
function record(accessKeyId: string, nonce = `n-${++counter}`, ttlMs = 960_000) {
  const now = new Date();
  return { accessKeyId, nonce, now, expiresAt: new Date(now.getTime() + ttlMs) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("RedisNonceStore on redis-server: SET NX PX records a nonce once, until its expiry", async () => {
  const client = await connect();
  for (const maxEntriesPerKey of [Infinity, 100]) {
    const store = new RedisNonceStore({ client, maxEntriesPerKey, keyPrefix: "t1:" });
    const first = record("testid", `n-${maxEntriesPerKey}`, 300);
    assert.equal(await store.add(first), "recorded");
    assert.equal(await store.add(first), "used");
    // The same nonce of another key is another key.
    assert.equal(await store.add({ ...first, accessKeyId: "other" }), "recorded");
    const ttl = await client.sendCommand(["PTTL", `t1:{testid}:n-${maxEntriesPerKey}`]);
    assert.ok(typeof ttl === "number" && ttl > 0 && ttl <= 300, String(ttl));
    await sleep(400);
    assert.equal(await store.add(record("testid", `n-${maxEntriesPerKey}`)), "recorded");
  }
});

test("RedisNonceStore on redis-server: a key at its quota gets key-quota, other keys are unaffected", async () => {
  const client = await connect();
  const store = new RedisNonceStore({ client, maxEntriesPerKey: 3, keyPrefix: "t2:" });
  const first = record("greedy", "n0", 300);
  assert.equal(await store.add(first), "recorded");
  assert.equal(await store.add(record("greedy", "n1", 300)), "recorded");
  assert.equal(await store.add(record("greedy", "n2", 5_000)), "recorded");
  for (let i = 3; i < 10; i++) {
    assert.equal(await store.add(record("greedy", `n${i}`)), "key-quota");
  }
  assert.equal(await store.add(first), "used"); // a replay is still a replay
  for (let i = 0; i < 3; i++) assert.equal(await store.add(record("other")), "recorded");
  // Refused nonces were not recorded, and expired ones free their slots.
  assert.equal(await client.sendCommand(["EXISTS", "t2:{greedy}:n3"]), 0);
  await sleep(400);
  assert.equal(await store.add(record("greedy", "n3")), "recorded");
  assert.equal(await store.add(record("greedy", "n4")), "recorded");
  assert.equal(await store.add(record("greedy", "n5")), "key-quota");
  assert.equal(await client.sendCommand(["ZCARD", "t2:{greedy}"]), 3);
});

test("RedisNonceStore on redis-server: EVALSHA of the cached script, EVAL once after SCRIPT FLUSH", async () => {
  const client = await connect();
  const sent: string[][] = [];
  const spy = {
    sendCommand: (args: string[]) => {
      sent.push(args);
      return client.sendCommand(args);
    },
  };
  const store = new RedisNonceStore({ client: spy, keyPrefix: "t5:" });
  await client.sendCommand(["SCRIPT", "FLUSH"]);
  assert.equal(await store.add(record("testid")), "recorded");
  assert.equal(await store.add(record("testid")), "recorded");
  assert.deepEqual(sent.map((args) => args[0]), ["EVALSHA", "EVAL", "EVALSHA"]);
  // The SHA-1 the store sends is the one Redis computes for its script.
  assert.equal(await client.sendCommand(["SCRIPT", "LOAD", sent[1]![1]!]), sent[0]![1]);
});

test("RedisNonceStore on redis-server: of 50 concurrent adds of one nonce, exactly one records it", async () => {
  const first = await connect();
  const second = await connect();
  for (const maxEntriesPerKey of [Infinity, 1000]) {
    const stores = [first, second].map((client) =>
      new RedisNonceStore({ client, maxEntriesPerKey, keyPrefix: "t3:" })
    );
    const one = record("testid");
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => stores[i % 2]!.add(one)),
    );
    assert.equal(results.filter((result) => result === "recorded").length, 1);
    assert.equal(results.filter((result) => result === "used").length, 49);
  }
});

/** A verifying endpoint on 127.0.0.1 with its own client and RedisNonceStore. */
async function startEndpoint(maxEntriesPerKey: number) {
  const store = new RedisNonceStore({
    client: await connect(),
    maxEntriesPerKey,
    keyPrefix: "t4:",
    timeoutMs: 500,
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const result = await verifyRequest(request, {
        lookupSecret: (id) => (id === "testid" ? "testsecret" : undefined),
        nonceStore: store,
      });
      return result.ok
        ? Response.json({ RequestId: "R", Action: result.accepted.action })
        : Response.json({ RequestId: "R", Code: result.error.code }, {
          status: result.error.status,
        });
    },
  );
  return { host: `127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

async function send(url: string): Promise<{ status: number; code: string | undefined }> {
  const response = await fetch(url);
  const body = await response.json();
  return { status: response.status, code: body.Code };
}

function signedFor(host: string, nonce: string): string {
  return signRequest({
    action: "DescribeRegions",
    credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
    endpoint: host,
    protocol: "http",
    nonce,
  }).url;
}

test("two endpoints sharing one Redis refuse a nonce replayed from one to the other, and fail closed when Redis stops", async () => {
  // Its own redis-server, since this test stops it.
  const own = await startRedisServer();
  const previous = redis;
  redis = own;
  try {
    for (const maxEntriesPerKey of [Infinity, 1000]) {
      const a = await startEndpoint(maxEntriesPerKey);
      const b = await startEndpoint(maxEntriesPerKey);
      try {
        // The signature covers the method and the query, not the host: the
        // same URL is replayed to the other endpoint.
        const nonce = crypto.randomUUID();
        const toA = signedFor(a.host, nonce);
        const replayToB = toA.replace(a.host, b.host);
        assert.deepEqual(await send(toA), { status: 200, code: undefined });
        assert.deepEqual(await send(replayToB), { status: 400, code: "SignatureNonceUsed" });
        assert.deepEqual(await send(toA), { status: 400, code: "SignatureNonceUsed" });
        const other = signedFor(b.host, crypto.randomUUID());
        assert.deepEqual(await send(other), { status: 200, code: undefined });
        assert.deepEqual(await send(other.replace(b.host, a.host)), {
          status: 400,
          code: "SignatureNonceUsed",
        });
      } finally {
        await a.close();
        await b.close();
      }
    }
    // Redis goes away: every request is refused with the retryable code.
    const a = await startEndpoint(1000);
    const b = await startEndpoint(Infinity);
    try {
      assert.equal((await send(signedFor(a.host, crypto.randomUUID()))).status, 200);
      await own.stop();
      for (const endpoint of [a, b, a]) {
        const fresh = signedFor(endpoint.host, crypto.randomUUID());
        assert.deepEqual(await send(fresh), { status: 503, code: "ServiceUnavailable" });
      }
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    redis = previous;
    await own.stop();
  }
});
