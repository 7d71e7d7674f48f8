#!/usr/bin/env node
// run_chain.mjs — run the OFFICIAL @alicloud/credentials default chain in a
// hermetic environment and print what it resolved. It is the anchor side of
// ../chain_differential.ts; the package comes from this directory's
// package.json and package-lock.json (npm ci). Written for the research notes
// on @alicloud/credentials 2.4.7 and kept as it was, formatted.
//
// Usage:
//   node run_chain.mjs case.json            # one case (object) or many (array)
//   node run_chain.mjs cases.json --only id1,id2
//   echo '{"env":{...}}' | node run_chain.mjs -
//   node run_chain.mjs cases.json --compact  # drop secrets/requests from output
//
// Case (all keys optional):
// {
//   "id": "name",
//   "env":   { "ALIBABA_CLOUD_...": "value" },   // the ONLY env vars the chain sees
//                                                // (plus HOME, and PATH for External)
//   "home":  { ".aliyun/config.json": {..} | "raw text",
//              ".alibabacloud/credentials": "ini text" },   // files under temp $HOME
//   "files": { "oidc/token": "jwt..." },          // files under temp dir $TMP
//   "mock":  {                                    // fake servers (see below)
//     "imds":  { "token": "T" | null | {status,body},
//                "requireToken": false,           // 401 on GET without the token
//                "roles": "role" | {status,body},
//                "credentials": { "role": {AccessKeyId,...} | {status,body} } },
//     "sts":   { "AssumeRole": {..} | {status,body,headers},
//                "AssumeRoleWithOIDC": {..} | {status,body} },
//     "routes": [ { "host":"creds.local", "method":"GET", "path":"/c",
//                   "response": {..} | {status, body, headers} } ]
//     // any response may be {"hang": true}: the mock never answers
//   },
//   "calls": 1 | [ {}, { "home": {...}, "files": {...}, "env": {...},
//                        "mock": {...}, "concurrent": 3 } ],
//            // several getCredential() calls on ONE Credential instance;
//            // each step may rewrite files / env / mock (shallow-merged) before
//            // its call; "concurrent": N issues N getCredential() at once
//   "inspect": [".aliyun/config.json"]   // print these $HOME files after the run
//                                        // (External/OAuth modes write back)
// }
// Placeholders expanded in env values, file contents and mock bodies:
//   ${TMP} temp dir, ${HOME} temp home, ${EXP:+N} / ${EXP:-N} = UTC time now±N s
//   formatted 2006-01-02T15:04:05Z (the STS/IMDS "Expiration" format).
//
// Network: nothing leaves the process. http.request / https.request are
// replaced (in the child) so that every request the package makes goes to a
// local node:http mock on 127.0.0.1, and net.Socket#connect refuses any
// non-loopback destination. Unmocked destinations fail the way an offline
// box would: IP hosts -> "connect ECONNREFUSED <ip>:<port>", names ->
// "getaddrinfo ENOTFOUND <name>" (same message shape as Node's own errors).
//
// Output per case:
//   { id, provider, type, inner, accessKeyId, accessKeySecret, securityToken, requests }
//   or { id, error, requests };  with several calls: { id, calls: [ ... ] }.
//   `provider` is CredentialModel.providerName (e.g. "default/env"),
//   `inner` is the provider that answered inside cli_profile/profile
//   (e.g. "static_ak", "ram_role_arn/static_ak") — not exposed by the public API.

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(HERE, "package.json"));

// ---------------------------------------------------------------- helpers
function fmtUTC(d) {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
function expand(str, ctx) {
  return str
    .replace(/\$\{TMP\}/g, ctx.tmp)
    .replace(/\$\{HOME\}/g, ctx.home)
    .replace(
      /\$\{EXP:([+-]\d+)\}/g,
      (_, n) => fmtUTC(new Date(Date.now() + Number(n) * 1000)),
    );
}
function expandDeep(v, ctx) {
  if (typeof v === "string") return expand(v, ctx);
  if (Array.isArray(v)) return v.map((x) => expandDeep(x, ctx));
  if (v && typeof v === "object") {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = expandDeep(x, ctx);
    return o;
  }
  return v;
}
function writeTree(base, tree, ctx) {
  for (const [rel, content] of Object.entries(tree || {})) {
    const p = join(base, rel);
    if (content === null) {
      rmSync(p, { force: true });
      continue;
    }
    mkdirSync(dirname(p), { recursive: true });
    const text = typeof content === "string"
      ? expand(content, ctx)
      : JSON.stringify(expandDeep(content, ctx), null, 2);
    writeFileSync(p, text);
  }
}

// ---------------------------------------------------------------- parent
async function runCase(c, opts) {
  const tmp = mkdtempSync(join(tmpdir(), "acs-cred-"));
  const home = join(tmp, "home");
  mkdirSync(home, { recursive: true });
  const ctx = { tmp, home };
  try {
    writeTree(home, c.home, ctx);
    writeTree(tmp, c.files, ctx);
    const env = { HOME: home, PATH: process.env.PATH, RUN_CHAIN_CHILD: "1" };
    for (const [k, v] of Object.entries(c.env || {})) {
      if (v !== null) env[k] = expand(String(v), ctx);
    }
    const payload = JSON.stringify({ ...c, __tmp: tmp, __home: home });
    const out = await new Promise((res, rej) => {
      const child = spawn(process.execPath, [
        fileURLToPath(import.meta.url),
        "--child",
      ], {
        env,
        cwd: tmp,
        stdio: ["pipe", "pipe", "pipe"],
      });
      let so = "", se = "";
      child.stdout.on("data", (d) => (so += d));
      child.stderr.on("data", (d) => (se += d));
      child.on("error", rej);
      child.on("close", (code) => {
        try {
          res(JSON.parse(so));
        } catch {
          res({ error: `runner child failed (${code}): ${se || so}` });
        }
      });
      child.stdin.end(payload);
    });
    // normalise temp paths so results are stable across runs
    const norm = JSON.parse(
      JSON.stringify(out).split(home).join("$HOME").split(tmp).join("$TMP"),
    );
    const result = { id: c.id, ...norm };
    if (opts.compact) compactResult(result);
    return result;
  } finally {
    if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
  }
}
function compactResult(r) {
  const strip = (x) => {
    delete x.accessKeySecret;
    delete x.securityToken;
    delete x.requests;
    delete x.type;
    delete x.elapsedMs;
  };
  strip(r);
  if (r.calls) r.calls.forEach(strip);
}

async function parentMain(argv) {
  const opts = {
    compact: argv.includes("--compact"),
    keep: argv.includes("--keep"),
  };
  const onlyIdx = argv.indexOf("--only");
  const only = onlyIdx >= 0 ? new Set(argv[onlyIdx + 1].split(",")) : null;
  const file = argv.find((a, i) => !a.startsWith("--") && (onlyIdx < 0 || i !== onlyIdx + 1));
  if (!file) {
    console.error(
      "usage: node run_chain.mjs <case.json|cases.json|-> [--only id,..] [--compact] [--keep]",
    );
    process.exit(2);
  }
  const text = file === "-" ? readFileSync(0, "utf8") : readFileSync(resolve(file), "utf8");
  const spec = JSON.parse(text);
  const cases = Array.isArray(spec) ? spec : [spec];
  const results = [];
  for (const c of cases) {
    if (only && !only.has(c.id)) continue;
    results.push(await runCase(c, opts));
  }
  process.stdout.write(
    JSON.stringify(Array.isArray(spec) ? results : results[0], null, 2) + "\n",
  );
}

// ---------------------------------------------------------------- child
async function childMain() {
  const c = JSON.parse(readFileSync(0, "utf8"));
  const ctx = { tmp: c.__tmp, home: c.__home };
  const http = require("node:http");
  const https = require("node:https");
  const net = require("node:net");

  // 1. hard guard: no socket may leave loopback
  const origConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    const o = typeof args[0] === "object" && !Array.isArray(args[0])
      ? args[0]
      : (Array.isArray(args[0]) ? args[0][0] : { port: args[0], host: args[1] });
    const host = o && (o.host || o.hostname);
    // TCP connects carry a port (http's agent passes path: null); IPC uses a non-empty path
    if (
      o && !o.path && host && host !== "127.0.0.1" && host !== "localhost" &&
      host !== "::1"
    ) {
      throw new Error(
        `run_chain guard: refusing non-loopback connect to ${host}`,
      );
    }
    return origConnect.apply(this, args);
  };

  // 2. mock server
  const requests = [];
  const mock = expandDeep(c.mock || {}, ctx);
  const isResp = (v) =>
    v && typeof v === "object" && !Array.isArray(v) && "status" in v &&
    ("body" in v || "headers" in v);
  const send = (res, v) => {
    if (v && typeof v === "object" && v.hang) return; // never answer (timeout tests)
    if (v === undefined) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("mock: no route");
      return;
    }
    let status = 200, headers = {}, body = v;
    if (isResp(v)) {
      status = v.status;
      headers = v.headers || {};
      body = v.body === undefined ? "" : v.body;
    }
    if (typeof body !== "string") {
      body = JSON.stringify(body);
      if (!headers["content-type"]) {
        headers["content-type"] = "application/json";
      }
    }
    res.writeHead(status, headers);
    res.end(body);
  };
  const route = (r, _body, res) => {
    const host = r.headers["x-mock-orig-host"];
    const u = new URL(r.url, "http://x");
    if (host === "100.100.100.200" && mock.imds) {
      const im = mock.imds;
      const tokenOk = im.token && typeof im.token === "string" &&
        r.headers["x-aliyun-ecs-metadata-token"] === im.token;
      if (r.method === "PUT" && u.pathname === "/latest/api/token") {
        if (im.token === undefined || im.token === null) {
          return send(res, { status: 404, body: "Not Found" });
        }
        return send(res, im.token);
      }
      if (im.requireToken && !tokenOk) {
        return send(res, { status: 401, body: "Unauthorized" });
      }
      const base = "/latest/meta-data/ram/security-credentials/";
      if (r.method === "GET" && u.pathname === base) {
        return send(
          res,
          im.roles === undefined ? { status: 404, body: "Not Found" } : im.roles,
        );
      }
      if (r.method === "GET" && u.pathname.startsWith(base)) {
        const role = decodeURIComponent(u.pathname.slice(base.length));
        const cr = (im.credentials || {})[role];
        return send(
          res,
          cr === undefined ? { status: 404, body: "Not Found" } : cr,
        );
      }
      return send(res, undefined);
    }
    const action = u.searchParams.get("Action");
    if (mock.sts && action && mock.sts[action] !== undefined) {
      return send(res, mock.sts[action]);
    }
    for (const rt of mock.routes || []) {
      if (rt.host && rt.host !== host) continue;
      if (rt.method && rt.method !== r.method) continue;
      if (rt.path && !u.pathname.startsWith(rt.path)) continue;
      return send(res, rt.response);
    }
    return send(res, undefined);
  };
  const isMocked = (host, url) => {
    if (host === "100.100.100.200") return !!mock.imds;
    const action = new URL(url, "http://x").searchParams.get("Action");
    if (mock.sts && action && mock.sts[action] !== undefined) return true;
    return (mock.routes || []).some((rt) => !rt.host || rt.host === host);
  };
  const server = http.createServer((r, res) => {
    let body = "";
    r.on("data", (d) => (body += d));
    r.on("end", () => {
      const h = { ...r.headers };
      const rec = {
        method: r.method,
        url: `${h["x-mock-orig-scheme"]}://${h["x-mock-orig-host"]}${
          h["x-mock-orig-port"] &&
            !["80", "443"].includes(h["x-mock-orig-port"])
            ? ":" + h["x-mock-orig-port"]
            : ""
        }${r.url}`,
        headers: Object.fromEntries(
          Object.entries(h).filter(([k]) =>
            !k.startsWith("x-mock-") &&
            !["host", "connection", "content-length", "transfer-encoding"]
              .includes(k)
          ),
        ),
      };
      if (body) rec.body = body;
      requests.push(rec);
      route(r, body, res);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const mockPort = server.address().port;
  // a port with nothing listening (for "unreachable" emulation)
  const dead = http.createServer();
  await new Promise((r) => dead.listen(0, "127.0.0.1", r));
  const deadPort = dead.address().port;
  await new Promise((r) => dead.close(r));

  // 3. redirect http/https requests to the mock
  const origHttpRequest = http.request;
  const makeRedirect = (scheme) =>
    function (input, options, cb) {
      let o;
      if (typeof input === "string" || input instanceof URL) {
        const u = new URL(String(input));
        o = {
          hostname: u.hostname,
          port: u.port,
          path: u.pathname + u.search,
          ...(typeof options === "object" ? options : {}),
        };
        if (typeof options === "function") cb = options;
      } else {
        o = { ...input };
        if (typeof options === "function") cb = options;
      }
      const host = o.hostname || o.host || "localhost";
      const port = String(o.port || (scheme === "https" ? 443 : 80));
      const path = o.path || "/";
      const recorded = {
        method: (o.method || "GET").toUpperCase(),
        url: `${scheme}://${host}${path}`,
      };
      const mocked = isMocked(host, path);
      if (!mocked) requests.push({ ...recorded, unreachable: true });
      const headers = {
        ...(o.headers || {}),
        "x-mock-orig-host": host,
        "x-mock-orig-port": port,
        "x-mock-orig-scheme": scheme,
      };
      const req = origHttpRequest({
        hostname: "127.0.0.1",
        port: mocked ? mockPort : deadPort,
        path,
        method: o.method,
        headers,
        timeout: o.timeout,
        agent: false,
      }, cb);
      if (!mocked) {
        const isIP = /^[\d.]+$/.test(host) || host.includes(":");
        req.prependListener("error", (e) => {
          if (isIP) {
            e.message = `connect ECONNREFUSED ${host}:${port}`;
            e.address = host;
            e.port = Number(port);
          } else {
            e.message = `getaddrinfo ENOTFOUND ${host}`;
            e.code = "ENOTFOUND";
            e.hostname = host;
          }
        });
      }
      return req;
    };
  http.request = makeRedirect("http");
  https.request = makeRedirect("https");
  http.get = (...a) => {
    const r = http.request(...a);
    r.end();
    return r;
  };
  https.get = (...a) => {
    const r = https.request(...a);
    r.end();
    return r;
  };

  // 4. run the official chain
  const Credential = require("@alicloud/credentials").default;
  const steps = Array.isArray(c.calls) ? c.calls : Array.from({ length: c.calls || 1 }, () => ({}));
  const out = [];
  let cred;
  let buildError;
  try {
    cred = new Credential();
  } catch (e) {
    buildError = e;
  }
  for (const step of steps) {
    if (step.mock) Object.assign(mock, expandDeep(step.mock, ctx));
    if (step.home) writeTree(ctx.home, step.home, ctx);
    if (step.files) writeTree(ctx.tmp, step.files, ctx);
    for (const [k, v] of Object.entries(step.env || {})) {
      if (v === null) delete process.env[k];
      else process.env[k] = expand(String(v), ctx);
    }
    const before = requests.length;
    const r = {};
    const t0 = Date.now();
    try {
      if (buildError) throw buildError;
      let m;
      if (step.concurrent > 1) {
        // N simultaneous getCredential() calls; each outcome is reported,
        // the step's main result is the first fulfilled one (or the first error)
        const all = await Promise.allSettled(
          Array.from({ length: step.concurrent }, () => cred.getCredential()),
        );
        r.concurrent = all.map((
          x,
        ) => (x.status === "fulfilled"
          ? { provider: x.value.providerName, accessKeyId: x.value.accessKeyId }
          : { error: x.reason && x.reason.message })
        );
        const ok = all.find((x) => x.status === "fulfilled");
        if (!ok) throw all[0].reason;
        m = ok.value;
      } else {
        m = await cred.getCredential();
      }
      const chain = cred.credential && cred.credential.provider;
      const last = chain && chain.lastUsedProvider;
      r.provider = m.providerName;
      r.type = m.type;
      if (last && last.innerProvider) {
        r.inner = last.innerProvider.getProviderName();
      }
      r.accessKeyId = m.accessKeyId;
      r.accessKeySecret = m.accessKeySecret;
      if (m.securityToken !== undefined) r.securityToken = m.securityToken;
    } catch (e) {
      r.error = e && e.message;
    }
    r.requests = requests.slice(before);
    r.elapsedMs = Date.now() - t0;
    out.push(r);
  }
  server.close();
  const result = out.length === 1 && !Array.isArray(c.calls) ? out[0] : { calls: out };
  if (c.inspect) {
    result.files = {};
    for (const rel of c.inspect) {
      try {
        result.files[rel] = readFileSync(join(ctx.home, rel), "utf8");
      } catch {
        result.files[rel] = null;
      }
    }
  }
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

if (process.argv.includes("--child") && process.env.RUN_CHAIN_CHILD === "1") {
  childMain().catch((e) => {
    process.stdout.write(
      JSON.stringify({ error: "runner: " + (e && e.stack) }),
    );
    process.exit(0);
  });
} else {
  parentMain(process.argv.slice(2));
}
