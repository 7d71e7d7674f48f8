// acs-rpc's own adapter, run by Deno: the library through its public module,
// mapped by the same in-process implementation that conformance_test.ts uses.
// Usage: deno run -A conformance/adapters/acs_rpc.ts

import * as api from "../../mod.ts";
import { createAcsRpcImplementation } from "../_acs_rpc_impl.ts";
import { Refused, serve, Skip } from "./_protocol.mjs";

const config = JSON.parse(
  await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
) as { version: string };
const implementation = createAcsRpcImplementation(api, config.version);

await serve(
  {
    name: implementation.name,
    version: implementation.version,
    operations: [...implementation.operations],
    features: [...implementation.features],
    profiles: [...implementation.profiles],
  },
  (operation: string, input: Record<string, unknown>) => {
    const answer = implementation.run({ id: "", operation, input } as never);
    switch (answer.status) {
      case "ok":
        return answer.output;
      case "error":
        throw new Refused(answer.code, answer.message);
      case "skipped":
        throw new Skip(answer.reason);
      case "internal":
        throw new Error(answer.message);
    }
  },
);
