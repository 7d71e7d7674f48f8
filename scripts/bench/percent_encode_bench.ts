// deno bench lib/percent_encode_bench.ts — percentEncode beside openapi-util's
// exported encoder and the built-in encodeURIComponent (the least work, but
// not a correct encoder: it leaves !'()* alone). pop-core's encoder is private
// to its lib/rpc.js and cannot be called.

import { percentEncode } from "../../lib/signature/percent_encode.ts";
import { ENCODE_INPUTS } from "./scenarios.ts";
import { OpenApiUtil } from "./suite.ts";

for (const { id, text } of ENCODE_INPUTS) {
  Deno.bench({
    name: `acs-rpc percentEncode (${id})`,
    group: id,
    baseline: true,
    fn: () => void percentEncode(text),
  });
  Deno.bench({
    name: `openapi-util 0.3.3 getEncodeParam (${id})`,
    group: id,
    fn: () => void OpenApiUtil.getEncodeParam(text),
  });
  Deno.bench({
    name: `floor: encodeURIComponent (${id})`,
    group: id,
    fn: () => void encodeURIComponent(text),
  });
}
