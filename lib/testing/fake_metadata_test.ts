import { test } from "node:test";
import assert from "node:assert/strict";
import { startFakeMetadata } from "./fake_metadata.ts";

async function token(url: string, ttl: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/latest/api/token`, {
    method: "PUT",
    headers: { "x-aliyun-ecs-metadata-token-ttl-seconds": ttl },
  });
  return { status: response.status, text: await response.text() };
}

async function get(url: string, path: string, sessionToken?: string) {
  const response = await fetch(`${url}${path}`, {
    headers: sessionToken === undefined ? {} : { "x-aliyun-ecs-metadata-token": sessionToken },
  });
  return { status: response.status, text: await response.text() };
}

const ROLE_PATH = "/latest/meta-data/ram/security-credentials/";

test("startFakeMetadata() serves the role and its credentials with a session token", async () => {
  let clock = Date.parse("2025-06-01T00:00:00Z");
  const metadata = await startFakeMetadata({ now: () => new Date(clock), roleName: "worker" });
  try {
    const session = await token(metadata.url, "60");
    assert.equal(session.status, 200);
    assert.deepEqual(await get(metadata.url, ROLE_PATH, session.text), {
      status: 200,
      text: "worker",
    });
    const answer = await get(metadata.url, `${ROLE_PATH}worker`, session.text);
    const body = JSON.parse(answer.text);
    assert.equal(body.Code, "Success");
    assert.equal(body.Expiration, "2025-06-01T06:00:00Z");
    assert.equal(metadata.lookupSecret(body.AccessKeyId, body.SecurityToken), body.AccessKeySecret);
    assert.equal((await get(metadata.url, `${ROLE_PATH}other`, session.text)).status, 404);
    // The token lapses after its 60 seconds.
    clock += 60_000;
    assert.equal((await get(metadata.url, ROLE_PATH, session.text)).status, 401);
  } finally {
    await metadata.close();
  }
});

test("startFakeMetadata() refuses the normal mode unless told otherwise, and bad token lifetimes", async () => {
  const hardened = await startFakeMetadata();
  const normal = await startFakeMetadata({ tokenRequired: false, tokensSupported: false });
  try {
    assert.equal((await get(hardened.url, ROLE_PATH)).status, 401);
    for (const ttl of ["0", "21601", "x"]) {
      assert.equal((await token(hardened.url, ttl)).status, 400);
    }
    assert.equal((await token(normal.url, "60")).status, 404);
    assert.equal((await get(normal.url, ROLE_PATH)).status, 200);
  } finally {
    await hardened.close();
    await normal.close();
  }
});

test("startFakeMetadata() renews the credentials an hour before they expire", async () => {
  let clock = Date.parse("2025-06-01T00:00:00Z");
  const metadata = await startFakeMetadata({ now: () => new Date(clock), tokenRequired: false });
  try {
    const read = async () =>
      JSON.parse((await get(metadata.url, `${ROLE_PATH}EcsRamRoleTest`)).text);
    const first = await read();
    clock += 4 * 3_600_000;
    assert.equal((await read()).AccessKeyId, first.AccessKeyId);
    clock += 3_600_000;
    const second = await read();
    assert.notEqual(second.AccessKeyId, first.AccessKeyId);
    // The old ones stay valid until they expire.
    assert.equal(
      metadata.lookupSecret(first.AccessKeyId, first.SecurityToken),
      first.AccessKeySecret,
    );
  } finally {
    await metadata.close();
  }
});

test("startFakeMetadata() forgets tokens and fails requests when told to", async () => {
  const metadata = await startFakeMetadata({ roleName: null });
  try {
    const session = await token(metadata.url, "21600");
    assert.equal((await get(metadata.url, ROLE_PATH, session.text)).status, 404);
    metadata.forgetTokens();
    assert.equal((await get(metadata.url, ROLE_PATH, session.text)).status, 401);
    metadata.failNext(1, 503);
    assert.equal((await token(metadata.url, "60")).status, 503);
    assert.deepEqual(metadata.requests.map((r) => [r.method, r.status, r.withToken]), [
      ["PUT", 200, false],
      ["GET", 404, true],
      ["GET", 401, true],
      ["PUT", 503, false],
    ]);
  } finally {
    await metadata.close();
  }
});
