// Signature V3 (ACS3-HMAC-SHA256) beside the RPC signature: acs-rpc's
// signRequestV3 and signRequest on the same requests, @alicloud/openapi-client's
// V3 path (Client#callApi, its default, with the transport stubbed), and the
// native floor (node:crypto's createHash + createHmac sha256 on acs-rpc's
// canonical request). Runtime-neutral like run_suite.ts: Deno runs this file,
// Node an esbuild bundle of it (bench_report.ts builds it). Prints one JSON
// object on stdout; v3_section.ts renders it for the report (which must not
// import this file: it runs on import).
//
//   deno run -A scripts/bench/v3.ts [--rounds N] [--batch-ms N]

import { signRequest, signRequestV3 } from "@acs/rpc";
import OpenApiClientModule from "@alicloud/openapi-client";
import { createHash, createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { type GroupResult, measure, numberArg, sinkValue, type Task } from "./harness.ts";
import { IMPL_V3, type V3Result } from "./v3_section.ts";
import { CREDENTIALS, NONCE, type Scenario, SCENARIOS, TIMESTAMP } from "./scenarios.ts";
import { runtimeName } from "./suite.ts";

// openapi-client is CommonJS with __esModule: the default import is
// module.exports in Deno and Node alike.
interface ClientModule {
  default: new (config: unknown) => {
    callApi(params: unknown, request: unknown, runtime: unknown): Promise<unknown>;
  };
  Config: new (map: Record<string, unknown>) => unknown;
  Params: new (map: Record<string, unknown>) => unknown;
  OpenApiRequest: new (map: Record<string, unknown>) => unknown;
}
const OpenApi = OpenApiClientModule as unknown as ClientModule;
// The copies openapi-client resolves: its nonce source and its transport.
const clientRequire = createRequire(import.meta.resolve("@alicloud/openapi-client"));
const teaRequire = createRequire(clientRequire.resolve("@alicloud/tea-typescript"));
const httpx = teaRequire("httpx") as {
  request: (url: string, opts: { headers: Record<string, string> }) => Promise<unknown>;
};
const TeaUtil = clientRequire("@alicloud/tea-util") as {
  default: { getNonce: () => string };
  RuntimeOptions: new (map: Record<string, unknown>) => unknown;
};

/** Rejected by the stubbed transport once openapi-client hands it the request. */
const SENT = Object.freeze({ sent: true });
let lastHeaders: Record<string, string> = {};

function client(scenario: Scenario) {
  return new OpenApi.default(
    new OpenApi.Config({
      endpoint: scenario.host,
      protocol: "https",
      // An explicit credential: the default provider adds a signed
      // x-acs-credentials-provider header that no other signer sends.
      credential: {
        getCredential: () =>
          Promise.resolve({ ...CREDENTIALS, securityToken: undefined, type: "access_key" }),
      },
    }),
  );
}

/** The API parameters as openapi-client's generated SDKs put them in `query`: flat text. */
function flatQuery(scenario: Scenario): Record<string, string> {
  const signed = signRequestV3({
    action: scenario.action,
    params: scenario.params,
    regionId: scenario.regionId,
    credentials: CREDENTIALS,
  });
  return Object.fromEntries(new URL(signed.url).searchParams);
}

async function clientOnce(
  api: ReturnType<typeof client>,
  scenario: Scenario,
  query: Record<string, string>,
): Promise<string> {
  try {
    await api.callApi(
      new OpenApi.Params({
        action: scenario.action,
        version: "2014-05-26",
        protocol: "HTTPS",
        pathname: "/",
        method: "GET",
        authType: "AK",
        style: "RPC",
        reqBodyType: "formData",
        bodyType: "json",
      }),
      new OpenApi.OpenApiRequest({ query }),
      new TeaUtil.RuntimeOptions({}),
    );
  } catch (error) {
    if (error !== SENT) throw error;
  }
  return lastHeaders.Authorization ?? lastHeaders.authorization ?? "";
}

async function withStubbedTransport<T>(fn: () => Promise<T>): Promise<T> {
  const real = httpx.request;
  httpx.request = (_url, opts) => {
    lastHeaders = opts.headers;
    return Promise.reject(SENT);
  };
  try {
    return await fn();
  } finally {
    httpx.request = real;
  }
}

function oursV3(scenario: Scenario, fixed: boolean) {
  return signRequestV3({
    action: scenario.action,
    params: scenario.params,
    regionId: scenario.regionId,
    credentials: CREDENTIALS,
    ...(fixed ? { timestamp: new Date(TIMESTAMP), nonce: NONCE } : {}),
  });
}

/** The floor: the two hashes V3 cannot do without, natively. */
export function nativeV3(canonicalRequest: string): string {
  const hashed = createHash("sha256").update(canonicalRequest).digest("hex");
  return createHmac("sha256", CREDENTIALS.accessKeySecret).update(`ACS3-HMAC-SHA256\n${hashed}`)
    .digest("hex");
}

/**
 * Checks, before any timing, that openapi-client (clock and nonce pinned for
 * the check only) and the native floor sign each request as acs-rpc does.
 */
async function checkEquivalence(checks: string[]): Promise<void> {
  const RealDate = Date;
  const FixedDate = class extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      super(...((args.length === 0 ? [TIMESTAMP] : args) as [string]));
    }
    static override now(): number {
      return RealDate.parse(TIMESTAMP);
    }
  };
  for (const scenario of SCENARIOS) {
    const ours = oursV3(scenario, true);
    const realNonce = TeaUtil.default.getNonce;
    globalThis.Date = FixedDate as DateConstructor;
    TeaUtil.default.getNonce = () => NONCE;
    let theirs: string;
    try {
      theirs = await withStubbedTransport(() =>
        clientOnce(client(scenario), scenario, flatQuery(scenario))
      );
    } finally {
      globalThis.Date = RealDate;
      TeaUtil.default.getNonce = realNonce;
    }
    if (theirs !== ours.headers.authorization) {
      throw new Error(
        `openapi-client's V3 Authorization differs from acs-rpc's for ${scenario.id}`,
      );
    }
    if (nativeV3(ours.canonicalRequest) !== ours.signature) {
      throw new Error(`the native V3 floor differs for ${scenario.id}`);
    }
    checks.push(
      `${scenario.id}: openapi-client's Authorization identical, native floor same signature ` +
        `(${ours.canonicalRequest.length} B canonical request)`,
    );
  }
}

function v3Tasks(scenario: Scenario): Task[] {
  const api = client(scenario);
  const query = flatQuery(scenario);
  const { canonicalRequest } = oursV3(scenario, true);
  const loop = (once: () => { signature: string } | string): Task["run"] => (n) => {
    let out: unknown;
    for (let i = 0; i < n; i++) out = once();
    return out;
  };
  return [
    { name: IMPL_V3.ours, run: loop(() => oursV3(scenario, true)) },
    { name: IMPL_V3.oursNow, run: loop(() => oursV3(scenario, false)) },
    {
      name: IMPL_V3.oursRpc,
      run: loop(() =>
        signRequest({
          action: scenario.action,
          params: scenario.params,
          regionId: scenario.regionId,
          credentials: CREDENTIALS,
          timestamp: new Date(TIMESTAMP),
          nonce: NONCE,
        })
      ),
    },
    {
      name: IMPL_V3.client,
      run: (n) =>
        withStubbedTransport(async () => {
          let out = "";
          for (let i = 0; i < n; i++) out = await clientOnce(api, scenario, query);
          return out;
        }),
    },
    { name: IMPL_V3.floor, run: loop(() => nativeV3(canonicalRequest)) },
  ];
}

const options = { rounds: numberArg("--rounds", 15), batchMs: numberArg("--batch-ms", 20) };
const checks: string[] = [];
await checkEquivalence(checks);
const groups: Record<string, GroupResult> = {};
for (const scenario of SCENARIOS) {
  groups[`v3:${scenario.id}`] = await measure(v3Tasks(scenario), options);
}
console.error(`(sink ${sinkValue()})`);
const result: V3Result = { runtime: runtimeName(), groups, checks };
console.log(JSON.stringify(result));
