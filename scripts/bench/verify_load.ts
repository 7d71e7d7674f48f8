// Load figures of the verifier, for BENCHMARKS.md's "Verifier load" section:
// verifications per second in process and over HTTP (Deno.serve on
// 127.0.0.1, a load generator in a worker thread) at concurrency 50, with the
// memory store and the Redis store (a redis-server started on 127.0.0.1 with a
// random port, as the tests do); memory per stored nonce in each store; and
// what it costs to refuse oversized requests (issue 16, item 2). Every run is
// bounded by a request count; each figure is the median of interleaved
// rounds, next to a floor measured in the same round.
//
//   deno task bench:verify                # prints the section
//   deno task bench:verify --write FILE   # replaces the section in FILE (or appends it)
//   ... --quick                           # fewer requests and rounds, for a smoke run

import { MemoryNonceStore, type NonceStore } from "../../lib/server/nonce_store.ts";
import { RedisNonceStore } from "../../lib/server/redis_nonce_store.ts";
import { verifyRequest, type VerifyResult } from "../../lib/server/verify_request.ts";
import { signRequest } from "../../lib/signature/sign_request.ts";
import { createClient } from "redis";
import { type RedisServer, startRedisServer } from "../redis/_redis_server.ts";
import { writeFormatted } from "../_markdown.ts";

const BEGIN = "<!-- verify-load:begin (scripts/bench/verify_load.ts writes this section) -->";
const END = "<!-- verify-load:end -->";
const CONCURRENCY = 50;
const CREDENTIALS = { accessKeyId: "testid", accessKeySecret: "testsecret" };
const lookupSecret = (id: string) => (id === "testid" ? "testsecret" : undefined);

// --- the load generator, when this file runs as a worker -------------------

interface ClientJob {
  readonly urls: string[];
  readonly concurrency: number;
}
interface ClientResult {
  readonly ms: number;
  readonly statuses: Record<string, number>;
}

if ((globalThis as { name?: string }).name === "verify-load-client") {
  const scope = globalThis as unknown as {
    onmessage: (event: MessageEvent<ClientJob>) => void;
    postMessage: (result: ClientResult) => void;
  };
  scope.onmessage = async ({ data: { urls, concurrency } }) => {
    const statuses: Record<string, number> = {};
    let next = 0;
    const start = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const response = await fetch(urls[next++]!);
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }));
    scope.postMessage({ ms: performance.now() - start, statuses });
  };
} else if (Deno.args[0] === "--memory-child") {
  memoryChild(Deno.args[1]!);
} else {
  await main();
}

// --- helpers ----------------------------------------------------------------

/** A full GC before each timed run, when the task passes --expose-gc, so that one run's garbage is not collected in the next. */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

/** The kinds in a rotating order: round r starts with kind r. */
function rotated<T>(items: readonly T[], round: number): [number, T][] {
  return items.map((_, i) => {
    const index = (i + round) % items.length;
    return [index, items[index]!] as [number, T];
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function signUrls(count: number, endpoint: string): string[] {
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    urls.push(
      signRequest({
        action: "DescribeInstances",
        credentials: CREDENTIALS,
        endpoint,
        protocol: "http",
        params: { RegionId: "cn-hangzhou", PageSize: 50, InstanceName: "web-*" },
      }).url,
    );
  }
  return urls;
}

function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

function bytes(value: number): string {
  return `${Math.round(value)} B`;
}

function micros(ms: number): string {
  if (ms >= 1) return `${ms.toPrecision(3)} ms`;
  const us = ms * 1000;
  return us >= 100 ? `${Math.round(us)} µs` : `${us.toPrecision(3)} µs`;
}

// --- the stores ---------------------------------------------------------------

interface StoreKind {
  readonly name: string;
  /** A fresh store, and what to do after the run. */
  make(): Promise<{ store: NonceStore; close(): Promise<void> }>;
}

function redisClient(server: RedisServer) {
  const client = createClient({ url: server.url });
  client.on("error", () => {});
  return client;
}

function storeKinds(redis: RedisServer): StoreKind[] {
  const redisKind = (name: string, maxEntriesPerKey: number): StoreKind => ({
    name,
    async make() {
      const client = redisClient(redis);
      await client.connect();
      await client.sendCommand(["FLUSHALL"]);
      return {
        store: new RedisNonceStore({ client, maxEntriesPerKey }),
        close: () => Promise.resolve(client.destroy()),
      };
    },
  });
  return [
    {
      name: "none (a stand-in that takes every nonce): the reference",
      make: () =>
        Promise.resolve({ store: { add: () => "recorded" }, close: () => Promise.resolve() }),
    },
    {
      name: "MemoryNonceStore",
      make: () =>
        Promise.resolve({
          store: new MemoryNonceStore({ maxEntries: 1_000_000, maxEntriesPerKey: Infinity }),
          close: () => Promise.resolve(),
        }),
    },
    redisKind("RedisNonceStore, quota (EVALSHA)", 1_000_000),
    redisKind("RedisNonceStore, no quota (SET NX PX)", Infinity),
  ];
}

// --- in process ---------------------------------------------------------------

async function inProcess(urls: string[], store: NonceStore): Promise<number> {
  let next = 0;
  let accepted = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < urls.length) {
      const result: VerifyResult = await verifyRequest(new Request(urls[next++]!), {
        lookupSecret,
        nonceStore: store,
      });
      if (result.ok) accepted++;
    }
  }));
  const ms = performance.now() - start;
  if (accepted !== urls.length) {
    throw new Error(`Only ${accepted} of ${urls.length} requests were accepted in process`);
  }
  return urls.length / (ms / 1000);
}

// --- over HTTP ------------------------------------------------------------------

async function overHttp(
  count: number,
  store: NonceStore | "no verification",
): Promise<number> {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      if (store === "no verification") {
        await request.body?.cancel();
        return Response.json({ RequestId: "R" });
      }
      const result = await verifyRequest(request, { lookupSecret, nonceStore: store });
      return result.ok
        ? Response.json({ RequestId: "R" })
        : Response.json({ Code: result.error.code }, { status: result.error.status });
    },
  );
  const urls = signUrls(count, `127.0.0.1:${server.addr.port}`);
  collect();
  const worker = new Worker(import.meta.url, { type: "module", name: "verify-load-client" });
  try {
    const result = await new Promise<ClientResult>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<ClientResult>) => resolve(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message));
      };
      worker.postMessage({ urls, concurrency: CONCURRENCY } satisfies ClientJob);
    });
    if (result.statuses["200"] !== count) {
      throw new Error(
        `Not every request was accepted over HTTP: ${JSON.stringify(result.statuses)}`,
      );
    }
    return count / (result.ms / 1000);
  } finally {
    worker.terminate();
    await server.shutdown();
  }
}

// --- memory per nonce -----------------------------------------------------------

/** Run with --v8-flags=--expose-gc: prints the heap growth per nonce as JSON. */
function memoryChild(countText: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("gc() is missing: run with --v8-flags=--expose-gc");
  const n = Number(countText);
  const heap = () => {
    gc();
    gc();
    return Deno.memoryUsage().heapUsed;
  };
  const results: Record<string, number> = {};
  for (const keys of [1, 100]) {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 960_000);
    const store = new MemoryNonceStore({ maxEntries: n, maxEntriesPerKey: Infinity });
    const before = heap();
    // Nonces as the verifier receives them, decoded from a signed URL that is
    // then dropped: what stays is what the store keeps alive.
    for (let i = 0; i < n; i++) {
      const url = signUrls(1, "ecs.aliyuncs.com")[0]!;
      const nonce = new URL(url).searchParams.get("SignatureNonce")!;
      store.add({ accessKeyId: `key-${i % keys}`, nonce, expiresAt, now });
    }
    const after = heap();
    results[`keys${keys}`] = (after - before) / n;
    if (store.size !== n) throw new Error("the store lost nonces");
  }
  console.log(JSON.stringify(results));
}

async function memoryPerNonceInMemory(n: number): Promise<Record<string, number>> {
  const child = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--v8-flags=--expose-gc",
      new URL(import.meta.url).pathname,
      "--memory-child",
      String(n),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!child.success) throw new Error("the memory measurement failed");
  return JSON.parse(new TextDecoder().decode(child.stdout));
}

async function memoryPerNonceInRedis(
  redis: RedisServer,
  n: number,
  maxEntriesPerKey: number,
): Promise<number> {
  const client = redisClient(redis);
  await client.connect();
  try {
    await client.sendCommand(["FLUSHALL"]);
    const usedMemory = async () => {
      const info = String(await client.sendCommand(["INFO", "memory"]));
      return Number(/used_memory:(\d+)/.exec(info)![1]);
    };
    const store = new RedisNonceStore({ client, maxEntriesPerKey });
    const before = await usedMemory();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 960_000);
    for (let done = 0; done < n; done += 1000) {
      await Promise.all(
        Array.from(
          { length: 1000 },
          () => store.add({ accessKeyId: "testid", nonce: crypto.randomUUID(), expiresAt, now }),
        ),
      );
    }
    const after = await usedMemory();
    return (after - before) / n;
  } finally {
    client.destroy();
  }
}

// --- the cost of refusing big requests ------------------------------------------

async function refusalCosts(rounds: number): Promise<{ name: string; code: string; ms: number }[]> {
  const signed = signRequest({
    action: "DescribeInstances",
    credentials: CREDENTIALS,
    endpoint: "ecs.aliyuncs.com",
    method: "POST",
  });
  // Bodies as bytes with their length declared, as a server receives them
  // (a string body would time the runtime's own UTF-8 encoding).
  const star = (n: number) => `${signed.body}&Big=${"*".repeat(n)}`;
  // Each body is encoded once, outside the timed loop, and shared.
  const post = (body: string) => {
    const bytes = new TextEncoder().encode(body);
    return () =>
      new Request(signed.url, {
        method: "POST",
        headers: { ...signed.headers, "content-length": String(bytes.byteLength) },
        body: bytes,
      });
  };
  const MiB = 1 << 20;
  const atBodyBound = 131_072 - signed.body!.length - 5;
  const atQueryBound = 32_768 - signed.body!.length - 5;
  const cases: { name: string; make: () => Request; repeat: number }[] = [
    {
      name: "typical GET, accepted (for scale)",
      make: () => new Request(signUrls(1, "ecs.aliyuncs.com")[0]!),
      repeat: 200,
    },
    {
      name: "1 MiB form body of `*`, its length declared",
      make: post(star(MiB)),
      repeat: 20,
    },
    {
      name: "1 MiB form body of `*`, streamed without a length (64 KiB chunks)",
      make: () => {
        const chunk = new TextEncoder().encode("*".repeat(65_536));
        let left = 16;
        return new Request(signed.url, {
          method: "POST",
          headers: signed.headers,
          body: new ReadableStream({
            pull(controller) {
              if (left-- > 0) controller.enqueue(chunk);
              else controller.close();
            },
          }),
        });
      },
      repeat: 20,
    },
    {
      name: "128 KiB form body of `*`, at the default bound: decoded, canonicalized, then refused",
      make: post(star(atBodyBound)),
      repeat: 10,
    },
    {
      name: "32 KiB query of `*`, at the default bound: decoded, canonicalized, then refused",
      make: ((url) => () => new Request(url))(`${signed.url}?${star(atQueryBound)}`),
      repeat: 10,
    },
    {
      name: "33 KiB query of `*`, over the bound",
      make: ((url) => () => new Request(url))(`${signed.url}?${star(33_000)}`),
      repeat: 20,
    },
  ];
  const results: { name: string; code: string; samples: number[] }[] = cases.map((c) => ({
    name: c.name,
    code: "",
    samples: [],
  }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of rotated(cases, round)) {
      const requests = Array.from({ length: c.repeat }, c.make);
      collect();
      const start = performance.now();
      let code = "";
      for (const request of requests) {
        const result = await verifyRequest(request, {
          lookupSecret,
          nonceStore: { add: () => "recorded" },
        });
        code = result.ok ? "accepted" : result.error.code;
      }
      results[i]!.samples.push((performance.now() - start) / c.repeat);
      results[i]!.code = code;
    }
  }
  return results.map(({ name, code, samples }) => ({ name, code, ms: median(samples) }));
}

// --- the report ---------------------------------------------------------------------

async function main(): Promise<void> {
  const args = Deno.args;
  const quick = args.includes("--quick");
  const writeAt = args.indexOf("--write");
  const target = writeAt === -1 ? undefined : args[writeAt + 1];
  const rounds = quick ? 1 : 5;
  const inProcessCount = quick ? 2_000 : 10_000;
  const httpCount = quick ? 1_000 : 5_000;
  const memoryCount = quick ? 10_000 : 100_000;
  const progress = (text: string) => console.error(`verify_load: ${text}`);

  const redis = await startRedisServer();
  try {
    const kinds = storeKinds(redis);
    const load = Deno.loadavg().map((x) => x.toFixed(2)).join(", ");
    const proc: number[][] = kinds.map(() => []);
    const http: number[][] = kinds.map(() => []);
    const httpFloor: number[] = [];
    // Warm up the verifier and the fetch path once.
    await inProcess(signUrls(2_000, "ecs.aliyuncs.com"), new MemoryNonceStore());
    await overHttp(500, "no verification");
    for (let round = 0; round < rounds; round++) {
      progress(`round ${round + 1} of ${rounds}`);
      for (const [i, kind] of rotated(kinds, round)) {
        const urls = signUrls(inProcessCount, "ecs.aliyuncs.com");
        const made = await kind.make();
        collect();
        try {
          proc[i]!.push(await inProcess(urls, made.store));
        } finally {
          await made.close();
        }
      }
      collect();
      httpFloor.push(await overHttp(httpCount, "no verification"));
      for (const [i, kind] of rotated(kinds, round)) {
        const made = await kind.make();
        collect();
        try {
          http[i]!.push(await overHttp(httpCount, made.store));
        } finally {
          await made.close();
        }
      }
    }
    progress("memory per nonce");
    const memory = await memoryPerNonceInMemory(memoryCount);
    const redisQuota = await memoryPerNonceInRedis(redis, memoryCount, 1_000_000);
    const redisPlain = await memoryPerNonceInRedis(redis, memoryCount, Infinity);
    progress("refusal costs");
    const refusals = await refusalCosts(rounds);

    const floorIndex = 0; // the reference: no store
    const lines: string[] = [];
    lines.push(BEGIN, "", "## Verifier load", "");
    lines.push(
      `Measured ${
        new Date().toISOString().slice(0, 16)
      }Z with \`deno task bench:verify\` (Deno ${Deno.version.deno}, redis-server ${redis.version} on 127.0.0.1, node-redis 6 with RESP3; ${navigator.hardwareConcurrency} logical CPUs, load average ${load} at the start: a shared machine, so read the ratios more than the rates). ${CONCURRENCY} verifications in flight at a time; each run is bounded by its count of requests (${
        count(inProcessCount)
      } in process, ${
        count(httpCount)
      } over HTTP, each with its own nonce, signed before the clock starts); each figure is the median of ${rounds} rounds, each running every store once in a rotating order after a full GC. The request is a typical \`DescribeInstances\` GET (3 API parameters, about 400 B of URL). Over HTTP, the server is \`Deno.serve\` on 127.0.0.1 and the load generator a worker thread of the same process (keep-alive \`fetch\`), so both share the 2 CPUs.`,
      "",
    );
    lines.push(
      "| nonce store | in process, verifications/s | ÷ reference | over HTTP, requests/s | ÷ reference | ÷ HTTP without verifying |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
    );
    const floorProc = median(proc[floorIndex]!);
    const floorHttp = median(http[floorIndex]!);
    const bare = median(httpFloor);
    lines.push(
      `| HTTP server answering without verifying | — | — | ${count(bare)} | — | 1 |`,
    );
    for (const [i, kind] of kinds.entries()) {
      const p = median(proc[i]!);
      const h = median(http[i]!);
      lines.push(
        `| ${kind.name} | ${count(p)} | ${(p / floorProc).toFixed(2)}× | ${count(h)} | ${
          (h / floorHttp).toFixed(2)
        }× | ${(h / bare).toFixed(2)}× |`,
      );
    }
    lines.push(
      "",
      `Memory per stored nonce (${
        count(memoryCount)
      } nonces of 36-character UUIDs, expiring in 16 minutes):`,
      "",
      "| store | bytes per nonce | for the default bound |",
      "| --- | ---: | ---: |",
      `| MemoryNonceStore, one access key (V8 heap after a full GC) | ${bytes(memory.keys1!)} | ${
        (memory.keys1! * 100_000 / 2 ** 20).toFixed(1)
      } MiB for 100 000 nonces |`,
      `| MemoryNonceStore, 100 access keys | ${bytes(memory.keys100!)} | ${
        (memory.keys100! * 100_000 / 2 ** 20).toFixed(1)
      } MiB for 100 000 nonces |`,
      `| RedisNonceStore, quota (nonce key + sorted-set entry; Redis \`used_memory\`) | ${
        bytes(redisQuota)
      } | ${(redisQuota * 100_000 / 2 ** 20).toFixed(1)} MiB per key at its quota of 100 000 |`,
      `| RedisNonceStore, no quota (nonce key only) | ${bytes(redisPlain)} | — |`,
      "",
      "What a refusal costs before and at the size bounds (issue 16, item 2: a 1 MiB form body of `*` once cost about 370 ms); time per request, in process, median of the rounds:",
      "",
      "| request | answer | time per request | ÷ typical accepted |",
      "| --- | --- | ---: | ---: |",
    );
    const typical = refusals[0]!.ms;
    for (const refusal of refusals) {
      lines.push(
        `| ${refusal.name} | ${refusal.code} | ${micros(refusal.ms)} | ${
          (refusal.ms / typical).toFixed(refusal.ms / typical >= 10 ? 0 : 2)
        }× |`,
      );
    }
    lines.push("", END);
    const section = lines.join("\n");
    if (target === undefined) {
      console.log(section);
      return;
    }
    let text = await Deno.readTextFile(target);
    const from = text.indexOf(BEGIN);
    const to = text.indexOf(END);
    text = from !== -1 && to > from
      ? text.slice(0, from) + section + text.slice(to + END.length)
      : `${text.trimEnd()}\n\n${section}\n`;
    await writeFormatted(target, text);
    progress(`wrote the section into ${target}`);
  } finally {
    await redis.stop();
  }
}
