import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "./api_error.ts";
import process from "node:process";
import { call, type CallOptions, type RetryEvent } from "./call.ts";
import type { CredentialsProvider } from "../credentials/mod.ts";
import { AcsRangeError, AcsTypeError } from "../errors/errors.ts";
import { MemoryNonceStore } from "../server/nonce_store.ts";
import { verifyRequest } from "../server/verify_request.ts";

const CREDENTIALS = { accessKeyId: "testid", accessKeySecret: "testsecret" };
const T0 = Date.parse("2016-02-23T12:46:24Z");

interface Seen {
  method: string;
  url: URL;
  body: string;
  nonce: string | null;
  timestamp: string | null;
}

type Scripted =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | "network-error"
  | "verify";

/**
 * A stand-in for the network: a fetch that records each request, verifies it
 * with verifyRequest(), and answers from a script (then "verify" for the
 * rest), on a virtual clock that sleep() advances.
 */
function harness(script: Scripted[] = [], server: { secret?: string } = {}) {
  let clock = T0;
  const seen: Seen[] = [];
  const delays: number[] = [];
  const store = new MemoryNonceStore();
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const body = await request.clone().text();
    const form = new URLSearchParams(body);
    const url = new URL(request.url);
    seen.push({
      method: request.method,
      url,
      body,
      nonce: url.searchParams.get("SignatureNonce") ?? form.get("SignatureNonce"),
      timestamp: url.searchParams.get("Timestamp") ?? form.get("Timestamp"),
    });
    const verified = await verifyRequest(request, {
      lookupSecret: (id) => id === "testid" ? server.secret ?? "testsecret" : undefined,
      now: () => new Date(clock),
      nonceStore: store,
    });
    if (!verified.ok) {
      return Response.json(
        { RequestId: "R-err", Code: verified.error.code, Message: verified.error.message },
        {
          status: verified.error.status,
          headers: { date: new Date(clock).toUTCString() },
        },
      );
    }
    const step = script.shift() ?? "verify";
    if (step === "network-error") throw new TypeError("connection reset");
    if (step === "verify") {
      return Response.json({ RequestId: `R-${seen.length}`, Echo: verified.accepted.params });
    }
    return new Response(
      typeof step.body === "string" ? step.body : JSON.stringify(step.body),
      { status: step.status, headers: step.headers ?? {} },
    );
  }) as typeof globalThis.fetch;
  const options = (
    extra: Partial<CallOptions> & { format?: "JSON" } = {},
  ): CallOptions & { format?: "JSON" } => ({
    action: "DescribeRegions",
    credentials: CREDENTIALS,
    endpoint: "ecs.aliyuncs.com",
    fetch,
    now: () => new Date(clock),
    random: () => 0.5,
    sleep: (ms) => {
      delays.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    ...extra,
  });
  return {
    seen,
    delays,
    options,
    advance: (ms: number) => (clock += ms),
  };
}

const THROTTLED = {
  status: 400,
  body: { Code: "Throttling.User", Message: "Request was denied due to user flow control." },
};
const UNAVAILABLE = { status: 503, body: "<html>Service Unavailable</html>" };

test("call() signs, sends and returns the JSON answer", async () => {
  const { seen, options } = harness();
  const answer = await call(options({ params: { Name: "a b" } }));
  assert.deepEqual(answer, { RequestId: "R-1", Echo: { Name: "a b" } });
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.method, "GET");
  assert.equal(seen[0]!.url.host, "ecs.aliyuncs.com");
  assert.equal(seen[0]!.url.searchParams.get("Format"), "JSON");
});

test("call() retries throttling, 503 and network errors, each attempt with a fresh nonce and timestamp", async () => {
  const { seen, delays, options } = harness([
    THROTTLED,
    UNAVAILABLE,
    "network-error",
  ]);
  const retries: number[] = [];
  const answer = await call(options({
    onRetry: ({ attempt }) => retries.push(attempt),
    random: () => 0.75,
    retry: { baseDelayMs: 2000, maxDelayMs: 10_000 },
  }));
  assert.equal(answer.RequestId, "R-4");
  assert.equal(seen.length, 4);
  assert.equal(new Set(seen.map((s) => s.nonce)).size, 4);
  assert.equal(new Set(seen.map((s) => s.timestamp)).size, 4);
  // Full jitter with random() = 0.75: three quarters of 2, 4 and 8 s.
  assert.deepEqual(delays, [1500, 3000, 6000]);
  assert.deepEqual(seen.map((s) => s.timestamp), [
    "2016-02-23T12:46:24Z",
    "2016-02-23T12:46:25Z",
    "2016-02-23T12:46:28Z",
    "2016-02-23T12:46:34Z",
  ]);
  assert.deepEqual(retries, [1, 2, 3]);
});

test("call() retries ServiceUnavailable and 5xx error answers", async () => {
  const { seen, options } = harness([
    { status: 503, body: { Code: "ServiceUnavailable", Message: "m" } },
    { status: 500, body: { Code: "InternalError", Message: "m" } },
  ]);
  await call(options());
  assert.equal(seen.length, 3);
});

test("call() never retries SignatureDoesNotMatch, InvalidAccessKeyId*, MissingParameter or other client errors", async () => {
  const cases = [
    ["SignatureDoesNotMatch", 400],
    ["InvalidAccessKeyId.NotFound", 404],
    ["InvalidAccessKeyId.Inactive", 400],
    ["MissingParameter", 400],
    ["InvalidParameter", 400],
    // Even when a server answers one of them with a 5xx status.
    ["SignatureDoesNotMatch", 500],
  ] as const;
  for (const [code, status] of cases) {
    const { seen, delays, options } = harness([
      { status, body: { Code: code, Message: "m", RequestId: "R" } },
    ]);
    await assert.rejects(
      call(options()),
      (error: unknown) =>
        error instanceof ApiError && error.code === code &&
        error.status === status && error.attempts === 1,
    );
    assert.equal(seen.length, 1, code);
    assert.deepEqual(delays, []);
  }
});

test("call() stops after maxAttempts and throws the last error", async () => {
  const { seen, options } = harness(Array(10).fill(THROTTLED));
  await assert.rejects(
    call(options()),
    (error: unknown) =>
      error instanceof ApiError && error.code === "Throttling.User" &&
      error.attempts === 4,
  );
  assert.equal(seen.length, 4);
  const two = harness(Array(10).fill(THROTTLED));
  await assert.rejects(call(two.options({ retry: { maxAttempts: 2 } })));
  assert.equal(two.seen.length, 2);
});

test("call() stops when the next wait would pass maxElapsedMs", async () => {
  const { seen, delays, options } = harness(Array(10).fill(THROTTLED));
  await assert.rejects(
    call(options({
      random: () => 0.99,
      retry: { maxAttempts: 10, maxElapsedMs: 1000, baseDelayMs: 200 },
    })),
    ApiError,
  );
  // Waits of 198 and 396 ms fit in 1000; 792 more would not.
  assert.deepEqual(delays, [198, 396]);
  assert.equal(seen.length, 3);
});

test("call() caps each wait at maxDelayMs", async () => {
  const { delays, options } = harness(Array(6).fill(THROTTLED));
  await call(options({
    random: () => 0.999,
    retry: { maxAttempts: 7, baseDelayMs: 100, maxDelayMs: 300 },
  }));
  assert.deepEqual(delays, [99, 199, 299, 299, 299, 299]);
});

test("call() throws the last network error when retries run out", async () => {
  const { seen, options } = harness(Array(4).fill("network-error"));
  await assert.rejects(call(options()), {
    name: "TypeError",
    message: "Cannot reach https://ecs.aliyuncs.com/: connection reset",
  });
  assert.equal(seen.length, 4);
});

test("call() rejects with the signal's reason, before sending and while waiting", async () => {
  const before = harness();
  const aborted = AbortSignal.abort(new Error("stop"));
  await assert.rejects(call(before.options({ signal: aborted })), {
    message: "stop",
  });
  assert.equal(before.seen.length, 0);

  const during = harness([THROTTLED]);
  const controller = new AbortController();
  await assert.rejects(
    call(during.options({
      signal: controller.signal,
      sleep: (_ms, signal) => {
        controller.abort(new Error("cancelled"));
        return Promise.reject(signal?.reason);
      },
    })),
    { message: "cancelled" },
  );
  assert.equal(during.seen.length, 1);
});

test("call() sends a GET over the URL budget as a signed form POST", async () => {
  const { seen, options } = harness();
  const big = "x".repeat(9000);
  const answer = await call(options({ params: { Description: big } }));
  assert.deepEqual(answer.Echo, { Description: big });
  assert.equal(seen[0]!.method, "POST");
  assert.equal(seen[0]!.url.search, "");

  const small = harness();
  await call(small.options({ params: { Description: "x".repeat(100) }, maxUrlBytes: 200 }));
  assert.equal(small.seen[0]!.method, "POST");

  const forced = harness();
  await call(forced.options({ params: { Description: big }, method: "GET" }));
  assert.equal(forced.seen[0]!.method, "GET");
});

test("call() explains SignatureDoesNotMatch with the doctor", async () => {
  const { options } = harness([], { secret: "othersecret" });
  await assert.rejects(call(options()), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "SignatureDoesNotMatch");
    assert.match(error.diagnosis ?? "", /so the secret differs/);
    return true;
  });
});

test("call() explains InvalidTimeStamp.Expired with the clock skew", async () => {
  const { options, advance } = harness();
  const fast = () => new Date(T0 + 20 * 60_000 + 3000);
  advance(0);
  await assert.rejects(call(options({ now: fast })), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, "InvalidTimeStamp.Expired");
    assert.equal(
      error.diagnosis,
      "The local clock is 20 min 3 s ahead of the server's (Date: Tue, 23 Feb 2016 12:46:24 GMT), more than the 15 minutes allowed; set it right, for example with NTP",
    );
    return true;
  });
});

test("call() throws a SyntaxError for a success answer that is not JSON", async () => {
  const { options } = harness([{ status: 200, body: "<xml/>" }]);
  await assert.rejects(call(options()), {
    name: "SyntaxError",
    message:
      'Cannot read answer to "DescribeRegions": HTTP 200 with a body that is not a JSON object',
  });
});

test("call() reads the RequestId, HostId and Recommend of an error answer", async () => {
  const { options } = harness([{
    status: 404,
    body: {
      RequestId: "R-9",
      HostId: "ecs.aliyuncs.com",
      Code: "InvalidRegionId.NotFound",
      Message: "The specified RegionId does not exist.",
      Recommend: "https://api.aliyun.com/troubleshoot?q=InvalidRegionId.NotFound",
    },
  }]);
  await assert.rejects(call(options()), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.requestId, "R-9");
    assert.equal(error.hostId, "ecs.aliyuncs.com");
    assert.equal(error.status, 404);
    assert.equal(error.message, "The specified RegionId does not exist.");
    assert.equal(
      error.recommend,
      "https://api.aliyun.com/troubleshoot?q=InvalidRegionId.NotFound",
    );
    assert.equal(error.diagnosis, undefined);
    return true;
  });
});

test("call() resolves the endpoint of a region, public or VPC", async () => {
  const publicNet = harness();
  await call({ ...publicNet.options({ regionId: "cn-hangzhou" }), endpoint: undefined });
  assert.equal(publicNet.seen[0]!.url.host, "ecs.cn-hangzhou.aliyuncs.com");
  const vpc = harness();
  await call({
    ...vpc.options({ regionId: "cn-hangzhou", network: "vpc" }),
    endpoint: undefined,
  });
  assert.equal(vpc.seen[0]!.url.host, "ecs-vpc.cn-hangzhou.aliyuncs.com");
  assert.equal(vpc.seen[0]!.url.searchParams.get("RegionId"), "cn-hangzhou");
});

test("call() refuses retry options out of range", async () => {
  const { options } = harness();
  const cases = [
    [{ retry: { maxAttempts: 0 } }, /"retry.maxAttempts" must be a positive integer, got 0/],
    [{ retry: { maxAttempts: 1.5 } }, /"retry.maxAttempts" must be a positive integer, got 1.5/],
    [{ retry: { maxElapsedMs: -1 } }, /"retry.maxElapsedMs" must be a non-negative number, got -1/],
    [{ maxUrlBytes: Number.NaN }, /"maxUrlBytes" must be a positive integer, got NaN/],
  ] as const;
  for (const [extra, message] of cases) {
    await assert.rejects(
      call(options(extra)),
      (error: unknown) => error instanceof AcsRangeError && message.test(error.message),
    );
  }
});

test(
  "call() stops its own backoff wait at once when the signal aborts",
  { timeout: 10_000 },
  async () => {
    // The default sleep, with a 30-minute wait: only honouring the signal ends this test in time.
    const controller = new AbortController();
    const { seen, options } = harness([THROTTLED, THROTTLED]);
    await assert.rejects(
      call(options({
        sleep: undefined,
        random: () => 0.5,
        retry: { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000, maxElapsedMs: 7_200_000 },
        signal: controller.signal,
        // Abort once the wait has begun, not before it.
        onRetry: () => setTimeout(() => controller.abort(new Error("stopped by the caller")), 0),
      })),
      { message: "stopped by the caller" },
    );
    assert.equal(seen.length, 1);
  },
);

// Hardening (issue 16): every bad option is refused with a code before
// anything is sent, and never retried.

/** A fetch that counts its calls and answers success. */
function countingFetch() {
  const calls: Request[] = [];
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    calls.push(new Request(input, init));
    return Promise.resolve(Response.json({ RequestId: "R" }));
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

const BAD_OPTIONS: [string, Record<string, unknown>, string, RegExp][] = [
  ['fetch: "x"', { fetch: "x" }, "fetch", /"fetch" must be a function, got string/],
  ["now: 1", { now: 1 }, "now", /"now" must be a function, got number/],
  ['newNonce: "n"', { newNonce: "n" }, "newNonce", /"newNonce" must be a function/],
  ["random: 0.5", { random: 0.5 }, "random", /"random" must be a function/],
  ["sleep: {}", { sleep: {} }, "sleep", /"sleep" must be a function, got object/],
  ["onRetry: true", { onRetry: true }, "onRetry", /"onRetry" must be a function/],
  ["retry: 3", { retry: 3 }, "retry", /"retry" must be an object, got number/],
  ["retry: { max: 3 }", { retry: { max: 3 } }, "retry.max", /unknown option "retry.max"/],
  ['signal: "x"', { signal: "x" }, "signal", /"signal" must be an AbortSignal, got string/],
  ["signal: {}", { signal: {} }, "signal", /"signal" must be an AbortSignal, got object/],
  ['format: "xml"', { format: "xml" }, "format", /"format" must be "JSON" or "XML"/],
  ["timeoutMs: -1", { timeoutMs: -1 }, "timeoutMs", /"timeoutMs" must be a non-negative number/],
  ["deadlineMs: NaN", { deadlineMs: Number.NaN }, "deadlineMs", /"deadlineMs" must be/],
  ['userAgent: ""', { userAgent: "" }, "userAgent", /"userAgent" must be non-empty/],
  ["userAgent with a newline", { userAgent: "a\nb" }, "userAgent", /printable ASCII/],
  [
    "nonce",
    { nonce: "n-1" },
    "nonce",
    /"nonce" is not an option here; .*pass "newNonce", a function that returns one/,
  ],
  [
    "timestamp",
    { timestamp: new Date() },
    "timestamp",
    /"timestamp" is not an option here; .*pass "now", a clock function/,
  ],
  [
    "regionID",
    { regionID: "cn-hangzhou" },
    "regionID",
    /unknown option "regionID"; did you mean "regionId"\?/,
  ],
  [
    "endpiont",
    { endpiont: "x" },
    "endpiont",
    /unknown option "endpiont"; did you mean "endpoint"\?/,
  ],
  [
    "a long unknown key",
    { ["k".repeat(5000)]: 1 },
    "k".repeat(64),
    /unknown option "k{64}"… \(5000 UTF-16 code units\)$/,
  ],
];

for (const [what, extra, parameter, message] of BAD_OPTIONS) {
  test(`call() refuses ${what} up front with a coded error, sending nothing`, async () => {
    const { calls, fetch } = countingFetch();
    await assert.rejects(
      call({ action: "DescribeRegions", credentials: CREDENTIALS, fetch, ...extra } as never),
      (error: unknown) => {
        assert.ok(error instanceof AcsTypeError || error instanceof AcsRangeError, String(error));
        assert.equal(error.code, "invalid-option");
        assert.equal(error.parameter, parameter);
        assert.match(error.message, message);
        return true;
      },
    );
    assert.equal(calls.length, 0);
  });
}

test("call() given a signal that is not an AbortSignal leaves no timer behind that throws later", async () => {
  // A process-level check: an error thrown from a leftover timer would end
  // the process; here it is caught and counted instead.
  const uncaught: unknown[] = [];
  const onError = (error: unknown) => uncaught.push(error);
  process.on("uncaughtException", onError);
  try {
    const failing = (() => Promise.reject(new TypeError("connection reset"))) as typeof fetch;
    await assert.rejects(
      call({
        action: "DescribeRegions",
        credentials: CREDENTIALS,
        fetch: failing,
        signal: { aborted: false } as AbortSignal,
        random: () => 0.5,
        retry: { baseDelayMs: 20 },
      }),
      { code: "invalid-option", parameter: "signal" },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(uncaught, []);
  } finally {
    process.off("uncaughtException", onError);
  }
});

test("call() refuses a random() outside [0, 1) with a coded error rather than waiting no time", async () => {
  for (const value of [Number.NaN, 1, -0.1, "0.5"]) {
    const { seen, delays, options } = harness([THROTTLED]);
    await assert.rejects(
      call(options({ random: () => value as number })),
      (error: unknown) => {
        assert.ok(error instanceof AcsRangeError);
        assert.equal(error.code, "invalid-option");
        assert.equal(error.parameter, "random");
        assert.match(error.message, /"random" must return a number in \[0, 1\)/);
        assert.ok(error.cause instanceof ApiError);
        return true;
      },
    );
    assert.equal(seen.length, 1);
    assert.deepEqual(delays, []);
  }
});

test("call() returns the XML text with format XML, and reads an XML error answer", async () => {
  const { seen, options } = harness([
    { status: 200, body: "<?xml version='1.0'?><DescribeRegionsResponse/>" },
    {
      status: 404,
      body:
        "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>R-7</RequestId><HostId>h</HostId>" +
        "<Code>InvalidAction.NotFound</Code><Message>Not &amp; found</Message></Error>",
    },
  ]);
  const xml: string = await call({ ...options(), format: "XML" });
  assert.equal(xml, "<?xml version='1.0'?><DescribeRegionsResponse/>");
  assert.equal(seen[0]!.url.searchParams.get("Format"), "XML");
  await assert.rejects(call({ ...options(), format: "XML" }), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.deepEqual([error.code, error.message, error.requestId, error.status], [
      "InvalidAction.NotFound",
      "Not & found",
      "R-7",
      404,
    ]);
    return true;
  });
});

test("call() names the --allow-net flag for a Deno permission error, and does not retry it", async () => {
  for (const name of ["NotCapable", "PermissionDenied"]) {
    let calls = 0;
    const denied = (() => {
      calls++;
      const error = new Error(
        'Requires net access to "127.0.0.1:8788", run again with the --allow-net flag',
      );
      error.name = name;
      return Promise.reject(error);
    }) as typeof fetch;
    await assert.rejects(
      call({
        action: "DescribeRegions",
        credentials: CREDENTIALS,
        endpoint: "http://127.0.0.1:8788",
        fetch: denied,
      }),
      (error: unknown) => {
        assert.ok(error instanceof AcsTypeError);
        assert.equal(error.code, "permission-denied");
        assert.equal(
          error.message,
          "Cannot reach http://127.0.0.1:8788/: the runtime denies network access to 127.0.0.1:8788; run Deno with --allow-net=127.0.0.1:8788 (or a wider --allow-net)",
        );
        return true;
      },
    );
    assert.equal(calls, 1);
  }
});

/** A fetch that never answers until its signal aborts, then answers from `later`. */
function hangingFetch(hangs: number) {
  let calls = 0;
  const fetch = ((_input: string | URL | Request, init?: RequestInit) => {
    calls++;
    if (calls > hangs) return Promise.resolve(Response.json({ RequestId: `R-${calls}` }));
    return new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason), { once: true });
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
}

test("call() cuts off an attempt after timeoutMs and retries it as a network failure", async () => {
  const { fetch, calls } = hangingFetch(1);
  const events: RetryEvent[] = [];
  const answer = await call({
    action: "DescribeRegions",
    credentials: CREDENTIALS,
    fetch,
    timeoutMs: 50,
    sleep: () => Promise.resolve(),
    onRetry: (event) => events.push(event),
  });
  assert.equal(answer.RequestId, "R-2");
  assert.equal(calls(), 2);
  assert.equal(events.length, 1);
  assert.match(
    String((events[0]!.error as Error).message),
    /^Cannot reach https:\/\/ecs\.aliyuncs\.com\/: no answer within 50 ms \(the attempt timeout, "timeoutMs"\)$/,
  );
});

test("call() ends by its deadline with a TimeoutError, whatever the attempts and waits", async () => {
  const { fetch } = hangingFetch(100);
  const started = Date.now();
  await assert.rejects(
    call({
      action: "DescribeRegions",
      credentials: CREDENTIALS,
      fetch,
      timeoutMs: 10_000,
      deadlineMs: 100,
    }),
    (error: unknown) => {
      assert.ok(error instanceof DOMException);
      assert.equal(error.name, "TimeoutError");
      assert.match(
        error.message,
        /^Cannot call "DescribeRegions": no answer within the deadline of 100 ms \("deadlineMs"\), after 1 attempt$/,
      );
      return true;
    },
  );
  // The attempt timeout (10 s) was not waited for.
  assert.ok(Date.now() - started < 5_000);
});

test("call() reads each credential field once, so a changing getter cannot split one token in two", async () => {
  const { seen, options } = harness();
  let reads = 0;
  const credentials = {
    accessKeyId: "testid",
    accessKeySecret: "testsecret",
    get securityToken() {
      reads++;
      return `token-${reads}`;
    },
  };
  await call(options({ credentials })).catch(() => {});
  assert.equal(reads, 1);
  assert.equal(seen[0]!.url.searchParams.get("SecurityToken"), "token-1");
});

test("call() sends a User-Agent naming acs-rpc and the runtime, unless told otherwise", async () => {
  const agents: (string | null)[] = [];
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    agents.push(new Request(input, init).headers.get("user-agent"));
    return Promise.resolve(Response.json({ RequestId: "R" }));
  }) as typeof globalThis.fetch;
  const base = { action: "DescribeRegions", credentials: CREDENTIALS, fetch };
  await call(base);
  await call({ ...base, userAgent: "my-app/2.0" });
  await call({ ...base, userAgent: false });
  assert.match(agents[0] ?? "", /^acs-rpc\/\d+\.\d+\.\d+ \((?:Deno|Node\.js|Bun)\/\d+\.\d+/);
  assert.equal(agents[1], "my-app/2.0");
  assert.ok(!(agents[2] ?? "").startsWith("acs-rpc/"));
});

test("call() with a credentials provider asks it each attempt, and refreshes once on an expired token", async () => {
  const asked: (boolean | undefined)[] = [];
  const provider: CredentialsProvider = {
    getCredentials: (options) => {
      asked.push(options?.forceRefresh);
      return Promise.resolve(
        options?.forceRefresh
          ? { accessKeyId: "testid", accessKeySecret: "testsecret", securityToken: "fresh" }
          : { accessKeyId: "testid", accessKeySecret: "testsecret", securityToken: "stale" },
      );
    },
  };
  const { seen, options } = harness([
    { status: 400, body: { Code: "InvalidSecurityToken.Expired", Message: "expired" } },
  ]);
  const answer = await call(options({ credentials: provider, retry: { maxAttempts: 1 } }));
  assert.equal(answer.RequestId, "R-2");
  assert.deepEqual(asked, [false, true]);
  assert.deepEqual(seen.map((s) => s.url.searchParams.get("SecurityToken")), ["stale", "fresh"]);

  // A second refusal after the refresh is thrown: one refresh per call.
  const again = harness(
    Array(3).fill({
      status: 404,
      body: { Code: "InvalidAccessKeyId.NotFound", Message: "m" },
    }),
  );
  await assert.rejects(call(again.options({ credentials: provider })), {
    code: "InvalidAccessKeyId.NotFound",
  });
  assert.equal(again.seen.length, 2);

  // Fixed credentials are never "refreshed".
  const fixed = harness([{
    status: 404,
    body: { Code: "InvalidAccessKeyId.NotFound", Message: "m" },
  }]);
  await assert.rejects(call(fixed.options()), { code: "InvalidAccessKeyId.NotFound" });
  assert.equal(fixed.seen.length, 1);
});

test("call() refuses a version other than ECS's without a product or endpoint", async () => {
  const { calls, fetch } = countingFetch();
  await assert.rejects(
    call({
      action: "DescribeVpcs",
      version: "2016-04-28",
      regionId: "cn-hangzhou",
      credentials: CREDENTIALS,
      fetch,
    }),
    {
      name: "AcsTypeError",
      code: "invalid-option",
      parameter: "product",
      message:
        'Cannot sign request: version "2016-04-28" is not the ECS API\'s ("2014-05-26"), and the endpoint table is ECS\'s; pass "product" (such as "vpc") with "regionId", or an explicit "endpoint"',
    },
  );
  await call({
    action: "DescribeVpcs",
    version: "2016-04-28",
    regionId: "cn-hangzhou",
    product: "vpc",
    network: "vpc",
    credentials: CREDENTIALS,
    fetch,
  });
  assert.equal(new URL(calls[0]!.url).host, "vpc-vpc.cn-hangzhou.aliyuncs.com");
});

test("call(), createClient() and paginate() give coded errors for options they cannot read", async () => {
  const { createClient } = await import("./create_client.ts");
  const { paginate } = await import("./paginate.ts");
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const base = {
    action: "DescribeRegions",
    credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
    fetch: (() => Promise.resolve(Response.json({}))) as typeof fetch,
  };
  const coded = (code: string, parameter: string) => (error: unknown) =>
    error instanceof AcsTypeError && error.code === code && error.parameter === parameter;
  await assert.rejects(call(proxy as CallOptions), coded("invalid-option", "options"));
  await assert.rejects(
    call({ ...base, retry: proxy as CallOptions["retry"] }),
    coded("invalid-option", "retry"),
  );
  await assert.rejects(
    call({ ...base, credentials: proxy as CallOptions["credentials"] }),
    coded("invalid-credentials", "credentials"),
  );
  assert.throws(() => createClient(proxy as never), coded("invalid-option", "options"));
  const client = createClient({ credentials: base.credentials, fetch: base.fetch });
  await assert.rejects(
    client.call("DescribeRegions", {}, proxy),
    coded("invalid-option", "options"),
  );
  await assert.rejects(
    async () => {
      for await (const _ of paginate(proxy as never)) break;
    },
    coded("invalid-option", "options"),
  );
});

test("call() refuses missing credentials, or a provider that answers none, with a coded error", async () => {
  const send = (() => Promise.resolve(Response.json({}))) as typeof fetch;
  const coded = (error: unknown) =>
    error instanceof AcsTypeError && error.code === "invalid-credentials" &&
    error.parameter === "credentials";
  await assert.rejects(call({ action: "DescribeRegions", fetch: send } as never), coded);
  await assert.rejects(
    call({ action: "DescribeRegions", credentials: null as never, fetch: send }),
    coded,
  );
  const empty = { getCredentials: () => Promise.resolve(undefined as never) };
  await assert.rejects(call({ action: "DescribeRegions", credentials: empty, fetch: send }), coded);
});

test("call() refuses a clock that answers no valid Date, and a fetch that answers no Response, without retrying", async () => {
  const base = {
    action: "DescribeRegions",
    credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
    sleep: () => Promise.resolve(),
  };
  let sent = 0;
  const nothing = (() => (sent++, Promise.resolve(undefined))) as unknown as typeof fetch;
  const coded = (parameter: string) => (error: unknown) =>
    error instanceof AcsTypeError && error.code === "invalid-option" &&
    error.parameter === parameter;
  const answering = (() => Promise.resolve(Response.json({}))) as typeof fetch;
  await assert.rejects(
    call({ ...base, fetch: answering, now: () => undefined as never }),
    coded("now"),
  );
  await assert.rejects(
    call({ ...base, fetch: answering, now: () => new Date(Number.NaN) }),
    coded("now"),
  );
  await assert.rejects(call({ ...base, fetch: nothing }), coded("fetch"));
  assert.equal(sent, 1);
});

test("call() gives coded errors for option values it cannot even describe (a revoked Proxy)", async () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const base = {
    action: "DescribeRegions",
    credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
    fetch: (() => Promise.resolve(Response.json({}))) as typeof fetch,
  };
  for (const key of ["version", "maxUrlBytes", "timeoutMs", "signal", "now", "random"]) {
    await assert.rejects(
      call({ ...base, [key]: proxy } as never),
      (error: unknown) =>
        (error instanceof AcsTypeError || error instanceof AcsRangeError) &&
        error.code === "invalid-option" && error.parameter === key,
      key,
    );
  }
});
