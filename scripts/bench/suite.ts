// The comparison suite, runtime-neutral: Deno runs it with the peers through
// deno.json's npm: imports; Node runs an esbuild bundle of it (see
// node_main.ts) with the npm build of acs-rpc and the peers from a temporary
// node_modules. Every bare import below resolves in both.

import { percentEncode, signRequest } from "@acs/rpc";
import RPCClient from "@alicloud/pop-core";
import OpenApiUtilModule from "@alicloud/openapi-util";
import httpx from "httpx";
import kitx from "kitx";
import { createHmac } from "node:crypto";
import { stringify } from "node:querystring";
import { signRequest as signBefore } from "../fuzz/oracle/sign_request.ts";
import { runScaling } from "./scaling.ts";
import { type GroupResult, measure, type MeasureOptions, type Task } from "./harness.ts";
import {
  CREDENTIALS,
  ENCODE_INPUTS,
  NONCE,
  type Scenario,
  SCENARIOS,
  TIMESTAMP,
  VERSION,
} from "./scenarios.ts";

/** The names the report uses for the implementations. */
export const IMPL = {
  ours: "acs-rpc",
  oursNow: "acs-rpc (own clock + nonce)",
  before: "acs-rpc before (e85dd03)",
  popCore: "pop-core 1.8.0",
  openapiUtil: "openapi-util 0.3.3",
  floor: "floor: native HMAC only",
  encodeFloor: "floor: encodeURIComponent only",
} as const;

/** The suite's results, JSON-serializable. */
export interface SuiteResult {
  readonly runtime: string;
  readonly groups: Record<string, GroupResult>;
  readonly checks: string[];
}

/** The openapi-util static methods used here. */
export interface OpenApiUtilClient {
  query(filter: Record<string, unknown>): Record<string, string>;
  getRPCSignature(signedParams: Record<string, string>, method: string, secret: string): string;
  getEncodeParam(param: string): string;
}
// A CommonJS module with __esModule: its default import is module.exports in
// both Deno and Node, so the class sits one `.default` further down.
export const OpenApiUtil: OpenApiUtilClient =
  ((OpenApiUtilModule as unknown as { default?: OpenApiUtilClient }).default ??
    OpenApiUtilModule) as unknown as OpenApiUtilClient;

interface HttpxLike {
  request: (url: string, opts: { data?: string }) => Promise<unknown>;
}
interface KitxLike {
  makeNonce: () => string;
}
const transport = httpx as unknown as HttpxLike;
const nonces = kitx as unknown as KitxLike;

/** Thrown by the stubbed transport once pop-core hands it the URL: nothing is sent. */
const SENT = Object.freeze({ sent: true });
let lastPopCoreUrl = "";

/** Runs `fn` with pop-core's transport stubbed: it records the URL and stops there. */
export async function withStubbedTransport<T>(fn: () => Promise<T>): Promise<T> {
  const real = transport.request;
  transport.request = (url: string) => {
    lastPopCoreUrl = url;
    return Promise.reject(SENT);
  };
  try {
    return await fn();
  } finally {
    transport.request = real;
  }
}

/** One pop-core request, up to the URL; call inside {@linkcode withStubbedTransport}. */
export async function popCoreOnce(client: RPCClient, scenario: Scenario): Promise<string> {
  try {
    await client.request(scenario.action, scenario.sdkParams, { method: "GET" });
  } catch (error) {
    if (error !== SENT) throw error;
  }
  return lastPopCoreUrl;
}

/** A pop-core client for the scenario's endpoint. */
export function popCoreClient(scenario: Scenario): RPCClient {
  return new RPCClient({
    endpoint: `https://${scenario.host}`,
    apiVersion: VERSION,
    ...CREDENTIALS,
  });
}

/** acs-rpc with the fixed timestamp and nonce. */
export function oursFixed(scenario: Scenario): string {
  return signRequest({
    action: scenario.action,
    params: scenario.params,
    regionId: scenario.regionId,
    credentials: CREDENTIALS,
    timestamp: new Date(TIMESTAMP),
    nonce: NONCE,
  }).url;
}

/** acs-rpc as it was before issue 15 (scripts/fuzz/oracle/), fixed timestamp and nonce. */
export function beforeFixed(scenario: Scenario): string {
  return signBefore({
    action: scenario.action,
    params: scenario.params as Parameters<typeof signBefore>[0]["params"],
    regionId: scenario.regionId,
    endpoint: scenario.host,
    credentials: CREDENTIALS,
    timestamp: new Date(TIMESTAMP),
    nonce: NONCE,
  }).url;
}

function oursNow(scenario: Scenario): string {
  return signRequest({
    action: scenario.action,
    params: scenario.params,
    regionId: scenario.regionId,
    credentials: CREDENTIALS,
  }).url;
}

/**
 * openapi-util's RPC path as @alicloud/openapi-client 0.4.x drives it:
 * `query()` flattens the API parameters, the common parameters join them,
 * `getRPCSignature()` normalizes, canonicalizes and signs, and the URL's query
 * is `querystring.stringify` of the lot (what @alicloud/tea-typescript's
 * buildURL does). Timestamp and nonce are data here, so they are fixed.
 */
export function openapiUtilUrl(scenario: Scenario): string {
  const query: Record<string, string> = {
    Action: scenario.action,
    Format: "JSON",
    Version: VERSION,
    Timestamp: TIMESTAMP,
    SignatureNonce: NONCE,
    ...OpenApiUtil.query(scenario.sdkParams),
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    AccessKeyId: CREDENTIALS.accessKeyId,
  };
  query.Signature = OpenApiUtil.getRPCSignature({ ...query }, "GET", CREDENTIALS.accessKeySecret);
  return `https://${scenario.host}/?${stringify(query)}`;
}

/** The floor: Node's native HMAC-SHA1 alone, in Base64. */
export function nativeHmac(stringToSign: string): string {
  return createHmac("sha1", CREDENTIALS.accessKeySecret + "&").update(stringToSign).digest(
    "base64",
  );
}

/** The query of a URL as sorted name=value lines, decoded: equal work, whatever the order. */
function decodedQuery(url: string): string {
  return [...new URL(url).searchParams].map(([k, v]) => `${k}=${v}`).sort().join("\n");
}

/**
 * Checks that every implementation signs the same request the same way
 * before any timing, so that the comparison is of equal work. pop-core's
 * clock and nonce are pinned for this check only (it takes neither).
 */
async function checkEquivalence(checks: string[]): Promise<void> {
  const RealDate = Date;
  const instant = TIMESTAMP;
  const FixedDate = class extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      super(...((args.length === 0 ? [instant] : args) as [string]));
    }
  };
  for (const scenario of SCENARIOS) {
    const ours = signRequest({
      action: scenario.action,
      params: scenario.params,
      regionId: scenario.regionId,
      credentials: CREDENTIALS,
      timestamp: new Date(TIMESTAMP),
      nonce: NONCE,
    });
    const realNonce = nonces.makeNonce;
    globalThis.Date = FixedDate as DateConstructor;
    nonces.makeNonce = () => NONCE;
    let popCoreUrl: string;
    try {
      popCoreUrl = await withStubbedTransport(() => popCoreOnce(popCoreClient(scenario), scenario));
    } finally {
      globalThis.Date = RealDate;
      nonces.makeNonce = realNonce;
    }
    if (popCoreUrl !== ours.url) {
      throw new Error(`pop-core's URL differs from acs-rpc's for ${scenario.id}`);
    }
    const utilUrl = openapiUtilUrl(scenario);
    if (decodedQuery(utilUrl) !== decodedQuery(ours.url)) {
      throw new Error(`openapi-util's parameters or signature differ for ${scenario.id}`);
    }
    if (beforeFixed(scenario) !== ours.url) {
      throw new Error(`acs-rpc before (e85dd03) signs ${scenario.id} differently`);
    }
    if (nativeHmac(ours.stringToSign) !== ours.signature) {
      throw new Error(`the native HMAC floor differs for ${scenario.id}`);
    }
    checks.push(
      `${scenario.id}: pop-core URL identical, openapi-util same parameters and signature, ` +
        `acs-rpc before identical, native HMAC same signature (${ours.url.length} B URL, ${ours.stringToSign.length} B string to sign)`,
    );
  }
  for (const input of ENCODE_INPUTS) {
    if (percentEncode(input.text) !== OpenApiUtil.getEncodeParam(input.text)) {
      throw new Error(`openapi-util encodes ${input.id} differently`);
    }
  }
  checks.push("percent-encoding: acs-rpc and openapi-util agree on every input");
}

function signTasks(scenario: Scenario): Task[] {
  const client = popCoreClient(scenario);
  const stringToSign = signRequest({
    action: scenario.action,
    params: scenario.params,
    regionId: scenario.regionId,
    credentials: CREDENTIALS,
    timestamp: new Date(TIMESTAMP),
    nonce: NONCE,
  }).stringToSign;
  return [
    {
      name: IMPL.ours,
      run: (n) => {
        let url = "";
        for (let i = 0; i < n; i++) url = oursFixed(scenario);
        return url;
      },
    },
    {
      name: IMPL.oursNow,
      run: (n) => {
        let url = "";
        for (let i = 0; i < n; i++) url = oursNow(scenario);
        return url;
      },
    },
    {
      name: IMPL.before,
      run: (n) => {
        let url = "";
        for (let i = 0; i < n; i++) url = beforeFixed(scenario);
        return url;
      },
    },
    {
      name: IMPL.popCore,
      run: (n) =>
        withStubbedTransport(async () => {
          let url = "";
          for (let i = 0; i < n; i++) url = await popCoreOnce(client, scenario);
          return url;
        }),
    },
    {
      name: IMPL.openapiUtil,
      run: (n) => {
        let url = "";
        for (let i = 0; i < n; i++) url = openapiUtilUrl(scenario);
        return url;
      },
    },
    {
      name: IMPL.floor,
      run: (n) => {
        let signature = "";
        for (let i = 0; i < n; i++) signature = nativeHmac(stringToSign);
        return signature;
      },
    },
  ];
}

function encodeTasks(text: string): Task[] {
  return [
    {
      name: IMPL.ours,
      run: (n) => {
        let out = "";
        for (let i = 0; i < n; i++) out = percentEncode(text);
        return out;
      },
    },
    {
      name: IMPL.openapiUtil,
      run: (n) => {
        let out = "";
        for (let i = 0; i < n; i++) out = OpenApiUtil.getEncodeParam(text);
        return out;
      },
    },
    {
      name: IMPL.encodeFloor,
      run: (n) => {
        let out = "";
        for (let i = 0; i < n; i++) out = encodeURIComponent(text);
        return out;
      },
    },
  ];
}

/** Describes the running runtime, e.g. `Deno 2.9.6 (V8 14.x)` or `Node v20.20.2 (V8 11.x)`. */
export function runtimeName(): string {
  const g = globalThis as unknown as {
    Deno?: { version: { deno: string; v8: string } };
    process?: { version: string; versions: { v8: string } };
  };
  if (g.Deno) return `Deno ${g.Deno.version.deno} (V8 ${g.Deno.version.v8})`;
  if (g.process) return `Node ${g.process.version} (V8 ${g.process.versions.v8})`;
  return "unknown runtime";
}

/**
 * Runs the equivalence checks, then the signing and encoding comparisons, and
 * the scaling tables when `scaling` is given (scaling.ts, fewer rounds: its
 * largest inputs take a large part of a second per call in the peers).
 */
export async function runSuite(
  options: MeasureOptions,
  scaling?: MeasureOptions,
): Promise<SuiteResult> {
  const checks: string[] = [];
  await checkEquivalence(checks);
  const groups: Record<string, GroupResult> = {};
  for (const scenario of SCENARIOS) {
    groups[`sign:${scenario.id}`] = await measure(signTasks(scenario), options);
  }
  for (const input of ENCODE_INPUTS) {
    groups[`encode:${input.id}`] = await measure(encodeTasks(input.text), options);
  }
  if (scaling !== undefined) Object.assign(groups, await runScaling(scaling));
  return { runtime: runtimeName(), groups, checks };
}
