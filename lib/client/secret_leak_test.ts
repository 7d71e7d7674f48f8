// The access key secret must never show in an error, a URL, a result, or what
// console.log prints of any object acs-rpc hands back. These tests sign, call
// and verify with a distinctive secret and search everything that comes out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ApiError } from "./api_error.ts";
import { call } from "./call.ts";
import { paginate } from "./paginate.ts";
import { sign } from "../signature/sign.ts";
import type { SignRequestOptions } from "../signature/sign_request.ts";
import { signRequest } from "../endpoints/sign_request.ts";
import { verifyRequest } from "../server/verify_request.ts";

const SECRET = "Zq8-UNIQUE-SECRET-v3Lk";
const CREDENTIALS = { accessKeyId: "leakcheck", accessKeySecret: SECRET };

/** Everything a user could see of a value: console.log's rendering, JSON, the stack and causes. */
function everythingShown(value: unknown): string {
  const parts = [inspect(value, { depth: 10, showHidden: true, getters: true })];
  try {
    parts.push(JSON.stringify(value) ?? "");
  } catch { /* circular: inspect already rendered it */ }
  for (let error = value; error instanceof Error; error = error.cause) {
    parts.push(error.message, error.stack ?? "");
  }
  return parts.join("\n");
}

function assertHidden(value: unknown, what: string): void {
  const shown = everythingShown(value);
  assert.ok(!shown.includes(SECRET), `${what} shows the secret`);
  assert.ok(!shown.includes(SECRET.slice(1, -1)), `${what} shows part of the secret`);
}

test("signRequest() shows the secret nowhere in its result", () => {
  for (const method of ["GET", "POST"] as const) {
    assertHidden(
      signRequest({ action: "DescribeRegions", credentials: CREDENTIALS, method }),
      method,
    );
  }
});

const BAD: [string, Partial<SignRequestOptions>][] = [
  ["a padded secret", { credentials: { accessKeyId: "id", accessKeySecret: ` ${SECRET}` } }],
  ["a secret with a newline", {
    credentials: { accessKeyId: "id", accessKeySecret: `${SECRET}\n` },
  }],
  ["a secret with a lone surrogate", {
    credentials: { accessKeyId: "id", accessKeySecret: `${SECRET}\ud800` },
  }],
  ["a bad action", { action: "Bad Action" }],
  ["a reserved parameter", { params: { Signature: "x" } }],
  ["a password over HTTP", { protocol: "http", params: { Password: "p" } }],
  ["a bad endpoint", { endpoint: "https://x/y" }],
  ["an unknown region", { regionId: "nowhere-1" }],
  ["an unsupported value", { params: { When: new Date(0) as never } }],
];
for (const [what, override] of BAD) {
  test(`signRequest() keeps the secret out of the error for ${what}`, () => {
    let caught: unknown;
    try {
      signRequest({ action: "DescribeRegions", credentials: CREDENTIALS, ...override });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof Error, "no error was thrown");
    assertHidden(caught, what);
  });
}

/**
 * A server that knows another secret: it answers SignatureDoesNotMatch, whose
 * message quotes its string to sign, as the real endpoint does.
 */
const mismatchingServer: typeof globalThis.fetch = async (input, init) => {
  const verified = await verifyRequest(new Request(input, init), {
    lookupSecret: () => "the-server-secret",
  });
  assert.equal(verified.ok, false);
  return Response.json(
    verified.ok
      ? {}
      : { RequestId: "R", Code: verified.error.code, Message: verified.error.message },
    { status: verified.ok ? 200 : verified.error.status },
  );
};

test("sign() keeps the secret out of its errors", () => {
  assert.throws(() => sign("GET&\ud800", SECRET), (error) => {
    assertHidden(error, "sign()");
    return true;
  });
});

test("call() keeps the secret out of an ApiError and its diagnosis", async () => {
  await assert.rejects(
    call({
      action: "DescribeRegions",
      credentials: CREDENTIALS,
      fetch: mismatchingServer,
    }),
    (error) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, "SignatureDoesNotMatch");
      assertHidden(error, "ApiError");
      return true;
    },
  );
});

test("verifyRequest() keeps the secret out of what it answers", async () => {
  const signed = signRequest({ action: "DescribeRegions", credentials: CREDENTIALS });
  const accepted = await verifyRequest(new Request(signed.url), { lookupSecret: () => SECRET });
  assert.equal(accepted.ok, true);
  assertHidden(accepted, "an accepted request");
  const tampered = await verifyRequest(
    new Request(signed.url.replace("DescribeRegions", "DescribeZones")),
    {
      lookupSecret: () => SECRET,
    },
  );
  assert.equal(tampered.ok, false);
  assertHidden(tampered, "a refusal");
});

test("call() keeps the query, and so an STS token, out of network errors", async () => {
  const token = "STS-TOKEN-Zq8-UNIQUE";
  // Like Deno's fetch: a TypeError whose cause quotes the whole URL.
  const fetch = (input: string | URL | Request) =>
    Promise.reject(
      new TypeError("fetch failed", {
        cause: new Error(`error sending request for url (${String(input)}): connection refused`),
      }),
    );
  const events: unknown[] = [];
  await assert.rejects(
    call({
      action: "DescribeRegions",
      credentials: { ...CREDENTIALS, securityToken: token },
      params: { Password: "pw-Zq8-UNIQUE" },
      fetch: fetch as typeof globalThis.fetch,
      retry: { maxAttempts: 2, baseDelayMs: 0 },
      sleep: () => Promise.resolve(),
      onRetry: (event) => events.push(event),
    }),
    (error) => {
      assert.ok(error instanceof TypeError);
      assert.match(error.message, /^Cannot reach https:\/\/ecs\.aliyuncs\.com\/: fetch failed: /);
      for (const shown of [everythingShown(error), everythingShown(events)]) {
        assert.ok(!shown.includes(token), "a network error shows the security token");
        assert.ok(!shown.includes("pw-Zq8-UNIQUE"), "a network error shows a password");
        assert.ok(!shown.includes(SECRET), "a network error shows the secret");
      }
      return true;
    },
  );
  assert.equal(events.length, 1);
});

test("ApiError and the doctor keep passwords and tokens out of what they quote", async () => {
  const password = "pw-Zq8-OTHER";
  await assert.rejects(
    call({
      action: "ResetPassword",
      credentials: { ...CREDENTIALS, securityToken: "STS-Zq8-TOKEN" },
      params: { Instance: [{ VncPassword: password }] },
      fetch: mismatchingServer,
    }),
    (error) => {
      assert.ok(error instanceof ApiError);
      const shown = everythingShown(error);
      assert.ok(shown.includes("[redacted]"), "the string to sign is no longer quoted");
      assert.ok(!shown.includes(password), "the error shows a password");
      assert.ok(!shown.includes("STS-Zq8-TOKEN"), "the error shows the security token");
      return true;
    },
  );
});

// Issue 16, item 8: a server message (or the CLI) may quote the request line,
// the body or a value in any encoding; none of them may show a token or a
// password, whatever the parameter's name needs.
const TOKEN = "STS/tok+en=Zq8 UNIQUE&x";
const PASSWORD = "pw Zq8*(UNIQUE)!";

/** Every form of a value a message could hold, computed without the code under test. */
function formsOf(value: string): string[] {
  const rfc3986 = (text: string) =>
    encodeURIComponent(text).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const forms = [value, rfc3986(value), encodeURIComponent(value), form];
  for (const once of [...forms.slice(1)]) forms.push(rfc3986(once), encodeURIComponent(once));
  return [...forms, ...forms.map((f) => f.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()))];
}

/** A server that quotes everything it received, in its message and elsewhere. */
const quotingServer: typeof globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const body = await request.clone().text();
  const verified = await verifyRequest(request, { lookupSecret: () => "the-server-secret" });
  const message = [
    `Request line: ${request.method} ${request.url} HTTP/1.1`,
    `Body: ${body}`,
    `Token: ${TOKEN}, encoded ${encodeURIComponent(TOKEN)}, form ${new URLSearchParams({
      t: TOKEN,
    })}`,
    verified.ok ? "" : verified.error.message,
  ].join("\n");
  return Response.json(
    {
      RequestId: `R ${TOKEN}`,
      HostId: request.url,
      Code: "SignatureDoesNotMatch",
      Message: message,
      Recommend: `https://example.test/?q=${encodeURIComponent(PASSWORD)}`,
    },
    { status: 400 },
  );
};

for (const method of ["GET", "POST"] as const) {
  test(`call() shows no form of a token or an "Admin Password" in an ApiError quoting the ${method} request`, async () => {
    await assert.rejects(
      call({
        action: "ResetPassword",
        method,
        credentials: { ...CREDENTIALS, securityToken: TOKEN },
        params: { "Admin Password": PASSWORD, InstanceId: "i-1" },
        fetch: quotingServer,
      }),
      (error) => {
        assert.ok(error instanceof ApiError);
        const shown = everythingShown(error);
        assert.match(shown, /InstanceId/, "the rest of the message is kept");
        for (const form of [...formsOf(TOKEN), ...formsOf(PASSWORD)]) {
          assert.ok(!shown.includes(form), `the error shows ${JSON.stringify(form)}`);
        }
        assertHidden(error, "ApiError");
        return true;
      },
    );
  });
}

test("the CLI prints no form of a token or a password that a server quotes back", async () => {
  const { main } = await import("../cli/mod.ts");
  const lines: string[] = [];
  const io = {
    stdout: (line: string) => lines.push(line),
    stderr: (line: string) => lines.push(line),
    env: (name: string) =>
      ({
        ALIBABA_CLOUD_ACCESS_KEY_ID: "leakcheck",
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
      })[name],
    fetch: quotingServer,
  };
  const status = await main(["call", "ResetPassword", `Admin Password=${PASSWORD}`], io);
  assert.equal(status, 1);
  const shown = lines.join("\n");
  assert.match(shown, /SignatureDoesNotMatch/);
  for (const form of [...formsOf(TOKEN), ...formsOf(PASSWORD), SECRET]) {
    assert.ok(!shown.includes(form), `the CLI shows ${JSON.stringify(form)}`);
  }
});

/** quotingServer, also quoting every header it received (a V3 token travels in one). */
const headerQuotingServer: typeof globalThis.fetch = async (input, init) => {
  const headers = [...new Request(input, init).headers].map(([name, value]) => `${name}: ${value}`);
  const answer = await (await quotingServer(input, init)).json();
  return Response.json(
    { ...answer, Message: `${answer.Message}\nHeaders: ${headers.join("\n")}` },
    { status: 400 },
  );
};

/** Asserts that `shown` holds no form of the token, the password or the secret. */
function assertNoCredential(shown: string, what: string): void {
  for (const form of [...formsOf(TOKEN), ...formsOf(PASSWORD), SECRET]) {
    assert.ok(!shown.includes(form), `${what} shows ${JSON.stringify(form)}`);
  }
}

for (const method of ["GET", "POST"] as const) {
  test(`call() with signature V3 shows no form of a token or a password in an ApiError quoting the ${method} request`, async () => {
    await assert.rejects(
      call({
        action: "ResetPassword",
        method,
        signatureVersion: "v3",
        credentials: { ...CREDENTIALS, securityToken: TOKEN },
        params: { "Admin Password": PASSWORD, InstanceId: "i-1" },
        fetch: headerQuotingServer,
      }),
      (error) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, "SignatureDoesNotMatch");
        const shown = everythingShown(error);
        assert.match(shown, /InstanceId/, "the rest of the message is kept");
        assert.match(shown, /x-acs-security-token/, "the server's quote is kept, redacted");
        assertNoCredential(shown, "the V3 ApiError");
        return true;
      },
    );
  });
}

test("call() with signature V3 keeps a token and a password out of network errors", async () => {
  const seen: string[] = [];
  // Like Deno's fetch: the cause quotes the whole URL (the V3 query holds the password).
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    seen.push(new Request(input, init).headers.get("x-acs-security-token") ?? "");
    return Promise.reject(
      new TypeError("fetch failed", {
        cause: new Error(`error sending request for url (${String(input)}): connection refused`),
      }),
    );
  };
  const events: unknown[] = [];
  await assert.rejects(
    call({
      action: "ResetPassword",
      signatureVersion: "v3",
      credentials: { ...CREDENTIALS, securityToken: TOKEN },
      params: { "Admin Password": PASSWORD },
      fetch: fetch as typeof globalThis.fetch,
      retry: { maxAttempts: 2, baseDelayMs: 0 },
      sleep: () => Promise.resolve(),
      onRetry: (event) => events.push(event),
    }),
    (error) => {
      assert.ok(error instanceof TypeError);
      assert.match(error.message, /^Cannot reach https:\/\/ecs\.aliyuncs\.com\/: fetch failed: /);
      assertNoCredential(everythingShown(error), "a V3 network error");
      assertNoCredential(everythingShown(events), "a V3 retry event");
      return true;
    },
  );
  assert.deepEqual(seen, [TOKEN, TOKEN], "the token was sent, in its header");
});

for (const signatureVersion of ["v1", "v3"] as const) {
  test(`paginate() (${signatureVersion}) passes on an ApiError that shows no form of a token or a password`, async () => {
    const pages: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (
          const page of paginate({
            action: "DescribeInstances",
            signatureVersion,
            credentials: { ...CREDENTIALS, securityToken: TOKEN },
            params: { "Admin Password": PASSWORD, PageSize: 10 },
            fetch: headerQuotingServer,
          })
        ) {
          pages.push(page);
        }
      })(),
      (error) => {
        assert.ok(error instanceof ApiError);
        assertNoCredential(everythingShown(error), `a paginate() ${signatureVersion} error`);
        return true;
      },
    );
    assert.deepEqual(pages, []);
  });
}

/** The CLI's output for `args`, with STS credentials in its environment. */
async function cliOutput(args: string[], fetch?: typeof globalThis.fetch) {
  const { main } = await import("../cli/mod.ts");
  const lines: string[] = [];
  const status = await main(args, {
    stdout: (line: string) => lines.push(line),
    stderr: (line: string) => lines.push(line),
    env: (name: string) =>
      ({
        ALIBABA_CLOUD_ACCESS_KEY_ID: "leakcheck",
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
        ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
      })[name],
    fetch,
  });
  return { status, shown: lines.join("\n") };
}

test("the CLI's call --v3 and call --all print no form of a token or a password that a server quotes back", async () => {
  for (const extra of [["--v3"], ["--all"], ["--v3", "--all"]]) {
    const { status, shown } = await cliOutput(
      ["call", ...extra, "ResetPassword", `Admin Password=${PASSWORD}`],
      headerQuotingServer,
    );
    assert.equal(status, 1, extra.join(" "));
    assert.match(shown, /SignatureDoesNotMatch/);
    assertNoCredential(shown, `call ${extra.join(" ")}`);
  }
});

test("the CLI's retry lines print no form of a token or a password from a network error", async () => {
  for (const extra of [[], ["--v3"]]) {
    const fetch = (input: string | URL | Request) =>
      Promise.reject(
        new TypeError(`error sending request for url (${String(input)}): connection refused`),
      );
    const { status, shown } = await cliOutput(
      ["call", ...extra, "ResetPassword", `Admin Password=${PASSWORD}`],
      fetch as typeof globalThis.fetch,
    );
    assert.equal(status, 1, extra.join(" "));
    assert.match(shown, /Retrying after attempt 1 failed \(TypeError: Cannot reach /);
    assertNoCredential(shown, `call ${extra.join(" ")} retrying`);
  }
});

test("the CLI's sign --v3 --explain and --json print no form of a token or the secret", async () => {
  for (const output of ["--explain", "--json"]) {
    for (const method of ["GET", "POST"]) {
      const { status, shown } = await cliOutput(
        ["sign", "--v3", output, "--method", method, "ResetPassword", "InstanceId=i-1"],
      );
      assert.equal(status, 0, shown);
      assert.match(shown, /x-acs-security-token"?: "?\[security-token-not-shown\]/);
      for (const form of [...formsOf(TOKEN), SECRET]) {
        assert.ok(!shown.includes(form), `sign --v3 ${output} ${method} shows ${form}`);
      }
    }
  }
});

test("the CLI's sign --v3 --json hides a token with characters JSON escapes", async () => {
  const { main } = await import("../cli/mod.ts");
  const token = 'STS"Zq8\\UNIQUE';
  for (const output of ["--json", "--explain"]) {
    const lines: string[] = [];
    const status = await main(["sign", "--v3", output, "DescribeRegions"], {
      stdout: (line: string) => lines.push(line),
      stderr: (line: string) => lines.push(line),
      env: (name: string) =>
        ({
          ALIBABA_CLOUD_ACCESS_KEY_ID: "leakcheck",
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
          ALIBABA_CLOUD_SECURITY_TOKEN: token,
        })[name],
    });
    assert.equal(status, 0, lines.join("\n"));
    const shown = lines.join("\n");
    assert.match(shown, /\[security-token-not-shown\]/);
    for (const form of [token, JSON.stringify(token).slice(1, -1), "Zq8", SECRET]) {
      assert.ok(!shown.includes(form), `sign --v3 ${output} shows ${JSON.stringify(form)}`);
    }
  }
});
