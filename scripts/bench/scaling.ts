// Scaling tables: how the cost of one signature grows with the number of
// parameters (1 to 10,000) and with the length of one value (10 B to 1 MiB of
// UTF-8, for text that needs no escaping, text full of `*`, spaces and CJK),
// so that superlinear growth shows. Runtime-neutral, like suite.ts.

import { type Params, signRequest } from "@acs/rpc";
import { signRequest as signBefore } from "../fuzz/oracle/sign_request.ts";
import { measure, type MeasureOptions, type Task } from "./harness.ts";
import { CREDENTIALS, NONCE, TIMESTAMP } from "./scenarios.ts";
import {
  IMPL,
  nativeHmac,
  openapiUtilUrl,
  popCoreClient,
  popCoreOnce,
  withStubbedTransport,
} from "./suite.ts";
import type { GroupResult } from "./harness.ts";
import type { Scenario } from "./scenarios.ts";

/** Parameter counts of the first table. */
export const PARAMETER_COUNTS = [1, 10, 100, 1000, 10_000] as const;
/** Value lengths of the second table, in bytes of UTF-8. */
export const VALUE_BYTES = [10, 1024, 100 * 1024, 1024 * 1024] as const;
/** Kinds of value text, each one repeated character. */
export const VALUE_KINDS = [
  { id: "unreserved", label: "unreserved (`a`)", char: "a", bytes: 1 },
  { id: "star", label: "`*` (escaped as %2A, a replace callback elsewhere)", char: "*", bytes: 1 },
  { id: "space", label: "space (%20)", char: " ", bytes: 1 },
  { id: "cjk", label: "CJK (`杭`, 3 bytes, %E6%9D%AD)", char: "杭", bytes: 3 },
] as const;

const HOST = "ecs.cn-hangzhou.aliyuncs.com";

function tasksFor(
  action: string,
  params: Record<string, string | string[]>,
  withPopCore: boolean,
): Task[] {
  const timestamp = new Date(TIMESTAMP);
  const options = {
    action,
    params: params as Params,
    credentials: CREDENTIALS,
    timestamp,
    nonce: NONCE,
    endpoint: HOST,
  };
  const stringToSign = signRequest(options).stringToSign;
  const scenario: Scenario = {
    id: "large",
    label: "",
    short: "",
    action,
    regionId: undefined,
    host: HOST,
    params: params as Params,
    sdkParams: params,
  };
  const loop = (fn: () => unknown) => (n: number) => {
    let out: unknown;
    for (let i = 0; i < n; i++) out = fn();
    return out;
  };
  const tasks: Task[] = [
    { name: IMPL.ours, run: loop(() => signRequest(options).url) },
    { name: IMPL.before, run: loop(() => signBefore(options).url) },
    { name: IMPL.openapiUtil, run: loop(() => openapiUtilUrl(scenario)) },
    { name: IMPL.floor, run: loop(() => nativeHmac(stringToSign)) },
  ];
  if (withPopCore) {
    const client = popCoreClient(scenario);
    tasks.splice(2, 0, {
      name: IMPL.popCore,
      run: (n) =>
        withStubbedTransport(async () => {
          let url = "";
          for (let i = 0; i < n; i++) url = await popCoreOnce(client, scenario);
          return url;
        }),
    });
  }
  return tasks;
}

/** The value of one kind that is `bytes` long in UTF-8. */
export function valueOf(kind: (typeof VALUE_KINDS)[number], bytes: number): string {
  return kind.char.repeat(Math.max(1, Math.round(bytes / kind.bytes)));
}

/** Results of the scaling tables, by group id (`params:N`, `value:KIND:BYTES`). */
export async function runScaling(options: MeasureOptions): Promise<Record<string, GroupResult>> {
  const groups: Record<string, GroupResult> = {};
  for (const count of PARAMETER_COUNTS) {
    const ids = Array.from({ length: count }, (_, i) => `i-bp1g6zv0ce8oghu${i.toString(36)}`);
    groups[`params:${count}`] = await measure(
      tasksFor("DescribeInstanceStatus", { InstanceId: ids }, true),
      options,
    );
  }
  for (const kind of VALUE_KINDS) {
    for (const bytes of VALUE_BYTES) {
      groups[`value:${kind.id}:${bytes}`] = await measure(
        tasksFor("ModifyInstanceAttribute", { Description: valueOf(kind, bytes) }, false),
        options,
      );
    }
  }
  return groups;
}
