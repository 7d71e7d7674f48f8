// deno bench lib/sign_request_bench.ts — signRequest beside the official SDKs
// and the native-HMAC floor, one group per request size. For ratios with
// spreads, in Deno and Node, use scripts/bench_report.ts (`deno task bench`).

import { signRequest } from "@acs/rpc";
import { CREDENTIALS, NONCE, SCENARIOS, TIMESTAMP } from "./scenarios.ts";
import {
  nativeHmac,
  openapiUtilUrl,
  oursFixed,
  popCoreClient,
  popCoreOnce,
  withStubbedTransport,
} from "./suite.ts";

for (const scenario of SCENARIOS) {
  const group = scenario.id;
  const client = popCoreClient(scenario);
  const { stringToSign } = signRequest({
    action: scenario.action,
    params: scenario.params,
    regionId: scenario.regionId,
    credentials: CREDENTIALS,
    timestamp: new Date(TIMESTAMP),
    nonce: NONCE,
  });
  Deno.bench({
    name: `acs-rpc signRequest (${group})`,
    group,
    baseline: true,
    fn: () => void oursFixed(scenario),
  });
  Deno.bench({
    name: `pop-core 1.8.0, stubbed transport, own clock + nonce (${group})`,
    group,
    fn: async () => void await withStubbedTransport(() => popCoreOnce(client, scenario)),
  });
  Deno.bench({
    name: `openapi-util 0.3.3 query + getRPCSignature + querystring (${group})`,
    group,
    fn: () => void openapiUtilUrl(scenario),
  });
  Deno.bench({
    name: `floor: node:crypto createHmac only (${group})`,
    group,
    fn: () => void nativeHmac(stringToSign),
  });
}
