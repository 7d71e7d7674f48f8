import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultUserAgent } from "./_user_agent.ts";
import { VERSION } from "../_internal/version.ts";

test("defaultUserAgent() names the runtime, and none in a browser or an unknown host", () => {
  assert.equal(
    defaultUserAgent({ Deno: { version: { deno: "2.9.6" } } }),
    `acs-rpc/${VERSION} (Deno/2.9.6)`,
  );
  assert.equal(
    defaultUserAgent({ Bun: { version: "1.2.0" }, process: { versions: { node: "22.0.0" } } }),
    `acs-rpc/${VERSION} (Bun/1.2.0)`,
  );
  assert.equal(
    defaultUserAgent({ process: { versions: { node: "20.1.0" } } }),
    `acs-rpc/${VERSION} (Node.js/20.1.0)`,
  );
  assert.equal(
    defaultUserAgent({ navigator: { userAgent: "Cloudflare-Workers" } }),
    `acs-rpc/${VERSION} (Cloudflare-Workers)`,
  );
  assert.equal(
    defaultUserAgent({ document: {}, navigator: { userAgent: "Mozilla/5.0" } }),
    undefined,
  );
  assert.equal(defaultUserAgent({ navigator: { userAgent: "Mozilla/5.0" } }), undefined);
});
