// deno task build:npm — builds the npm package into npm/ (see _npm_build.ts).
//
//   npm/package.json     name acs-rpc, exports for import and require
//   npm/esm/**           ES modules: .js + .d.ts, {"type":"module"}
//   npm/script/**        CommonJS:   .js + .d.ts, {"type":"commonjs"}
//   npm/README.md, npm/LICENSE

import { buildNpm } from "./_npm_build.ts";

if (import.meta.main) {
  try {
    await buildNpm();
  } catch (error) {
    console.error(`\n✘ ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
