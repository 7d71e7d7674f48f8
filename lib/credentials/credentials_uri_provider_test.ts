import { test } from "node:test";
import assert from "node:assert/strict";
import { serveLocal } from "../_internal/node_server.ts";
import { AcsTypeError } from "../errors/mod.ts";
import { CredentialsError } from "./credentials_error.ts";
import { CredentialsUriProvider } from "./credentials_uri_provider.ts";
import { envOf, TestClock } from "./testdata/helpers.ts";

function answer(clock: TestClock, extra: Record<string, unknown> = {}) {
  return {
    Code: "Success",
    AccessKeyId: "STS.uri",
    AccessKeySecret: "uri-secret",
    SecurityToken: "uri-token",
    Expiration: new Date(clock.now().getTime() + 3_600_000).toISOString(),
    ...extra,
  };
}

test("CredentialsUriProvider reads ALIBABA_CLOUD_CREDENTIALS_URI over HTTP and caches the answer", async () => {
  const clock = new TestClock();
  const seen: string[] = [];
  const server = await serveLocal((request) => {
    seen.push(new URL(request.url).pathname + new URL(request.url).search);
    return Response.json(answer(clock));
  });
  try {
    const provider = new CredentialsUriProvider({
      env: envOf({ ALIBABA_CLOUD_CREDENTIALS_URI: `${server.url}/credentials?key=k3y` }),
      now: clock.now,
    });
    const credentials = await provider.getCredentials();
    assert.equal(credentials.accessKeyId, "STS.uri");
    assert.equal(credentials.securityToken, "uri-token");
    assert.equal(credentials.source, `the credentials URI ${server.url}/credentials?…`);
    await provider.getCredentials();
    assert.deepEqual(seen, ["/credentials?key=k3y"]);
  } finally {
    await server.close();
  }
});

test("CredentialsUriProvider sends nothing without a URI", async () => {
  let sent = 0;
  const provider = new CredentialsUriProvider({
    env: envOf({}),
    fetch: () => (sent++, Promise.reject(new Error("sent"))),
  });
  await assert.rejects(
    provider.getCredentials(),
    (error) =>
      error instanceof CredentialsError && error.code === "not-configured" &&
      error.message ===
        "Cannot get credentials from the credentials URI in ALIBABA_CLOUD_CREDENTIALS_URI: ALIBABA_CLOUD_CREDENTIALS_URI is not set",
  );
  assert.equal(sent, 0);
});

test("CredentialsUriProvider refuses bad answers without quoting them", async () => {
  const clock = new TestClock();
  const cases: [number, unknown, string][] = [
    [500, { Message: "boom" }, "it answered HTTP 500"],
    [200, "not json", "the answer is not a JSON object"],
    [200, answer(clock, { Code: "Failed" }), 'the answer\'s Code is "Failed", not "Success"'],
    [
      200,
      answer(clock, { SecurityToken: undefined }),
      "the answer is incomplete: SecurityToken is missing",
    ],
    [200, answer(clock, { Expiration: undefined }), "the answer has no Expiration"],
  ];
  for (const [status, body, reason] of cases) {
    const fetch = (() =>
      Promise.resolve(
        new Response(typeof body === "string" ? body : JSON.stringify(body), { status }),
      )) as typeof globalThis.fetch;
    await assert.rejects(
      new CredentialsUriProvider({
        uri: "https://creds.example/x?token=SECRET-Q",
        fetch,
        now: clock.now,
      })
        .getCredentials(),
      (error) =>
        error instanceof CredentialsError && error.code === "request-failed" &&
        error.message ===
          `Cannot get credentials from the credentials URI https://creds.example/x?…: ${reason}` &&
        !error.message.includes("uri-secret"),
    );
  }
});

test("CredentialsUriProvider tells a URI that cannot be reached without its query", async () => {
  const fetch = ((input: string | URL | Request) =>
    Promise.reject(
      new TypeError(`error sending request for url (${String(input)})`),
    )) as typeof globalThis.fetch;
  await assert.rejects(
    new CredentialsUriProvider({ uri: "http://127.0.0.1:9/c?token=SECRET-Q", fetch })
      .getCredentials(),
    (error) =>
      error instanceof CredentialsError &&
      error.reason ===
        "cannot reach http://127.0.0.1:9/c?…: error sending request for url (http://127.0.0.1:9/c)",
  );
});

test("CredentialsUriProvider refuses a URI that is not http(s)", async () => {
  assert.throws(
    () => new CredentialsUriProvider({ uri: "file:///etc/passwd" }),
    (error) =>
      error instanceof AcsTypeError &&
      error.message === 'Cannot use credentials URI: "uri" must be an http:// or https:// URL',
  );
  await assert.rejects(
    new CredentialsUriProvider({ env: envOf({ ALIBABA_CLOUD_CREDENTIALS_URI: "not a url" }) })
      .getCredentials(),
    (error) =>
      error instanceof CredentialsError && error.code === "invalid-config" &&
      error.reason === "ALIBABA_CLOUD_CREDENTIALS_URI is not a URL",
  );
});
