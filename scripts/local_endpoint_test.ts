import { test } from "node:test";
import assert from "node:assert/strict";
import { parseArgs } from "./local_endpoint.ts";

test("local_endpoint.ts reads its flags into the test server's options", () => {
  assert.deepEqual(parseArgs([]), { port: 0, testSwitches: false });
  assert.deepEqual(
    parseArgs([
      "--port",
      "8788",
      "--test-switches",
      "--instances",
      "5",
      "--credentials",
      "id:se:cret",
    ]),
    {
      port: 8788,
      testSwitches: true,
      instances: 5,
      credentials: [{ accessKeyId: "id", accessKeySecret: "se:cret" }],
    },
  );
});

test("local_endpoint.ts refuses a bad flag with a message naming it", () => {
  const cases: [string[], RegExp][] = [
    [["--port", "70000"], /--port must be 0 to 65535, got "70000"/],
    [["--port"], /--port must be 0 to 65535, got ""/],
    [["--instances", "-1"], /--instances must be 0 to 100000/],
    [["--credentials", "nosecret"], /--credentials must be ID:SECRET/],
    [["--verbose"], /unknown argument "--verbose"/],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseArgs(args), message);
  }
});
