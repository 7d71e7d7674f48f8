// Packs the suite's data as the npm package `acs-rpc-conformance`, whose
// version is the suite version (not the library's), so that an SDK in any
// language can pin the cases it tests against: the case files, the schema,
// PROTOCOL.md, CHANGELOG.md and the example adapters. No code of the runner
// ships in it (the runner is `jsr:@acs/rpc/conformance`, or run.ts in a clone).
//
//   deno run -A conformance/tools/pack.ts [OUT_DIR]   # writes acs-rpc-conformance-<suite>.tgz
//
// The tarball is what `npm publish` of the package directory would upload
// (it is made by `npm pack`); publishing it is a release step, not part of
// this script.

import { GROUPS, PROTOCOL_VERSION, SUITE_VERSION } from "../_suite.ts";

const HERE = new URL("../", import.meta.url);

/** The files the package holds, relative to conformance/. */
export const PACKED_FILES: readonly string[] = [
  ...GROUPS.map((group) => `cases/${group}.json`),
  "schema/case-file.schema.json",
  "PROTOCOL.md",
  "CHANGELOG.md",
  "examples/adapter.py",
  "examples/adapter.mjs",
  "examples/buggy_adapter.mjs",
];

const README = `# acs-rpc-conformance ${SUITE_VERSION}

The golden cases of the acs-rpc conformance suite for the Alibaba Cloud RPC signature (version 1.0,
HMAC-SHA1), as data: suite ${SUITE_VERSION}, adapter protocol ${PROTOCOL_VERSION}. The package
version is the suite version; \`CHANGELOG.md\` lists the cases each version added.

- \`cases/<group>.json\`: the cases (${GROUPS.join(", ")}), each with its expected answer, the
  evidence it rests on, and its profile (\`core\`: the published rules; \`strict\`: acs-rpc's own
  input validation);
- \`schema/case-file.schema.json\`: the JSON Schema of a case file;
- \`PROTOCOL.md\`: the case format and the adapter protocol;
- \`examples/\`: complete adapters in Python and JavaScript.

To run the suite on your implementation: \`deno run -A jsr:@acs/rpc/conformance --adapter
mine="python3 adapter.py"\` (see PROTOCOL.md). MIT licensed.
`;

/** Writes the package directory and packs it into `outDir`; returns the tarball's path. */
export async function pack(outDir: string): Promise<string> {
  const work = await Deno.makeTempDir({ prefix: "acs-rpc-conformance-pack-" });
  try {
    for (const file of PACKED_FILES) {
      await Deno.mkdir(`${work}/${file}`.replace(/\/[^/]+$/, ""), { recursive: true });
      await Deno.copyFile(new URL(file, HERE), `${work}/${file}`);
    }
    await Deno.writeTextFile(`${work}/README.md`, README);
    await Deno.copyFile(new URL("../LICENSE", HERE), `${work}/LICENSE`);
    const manifest = {
      name: "acs-rpc-conformance",
      version: SUITE_VERSION,
      description:
        "Golden cases for Alibaba Cloud RPC request signing (signature version 1.0): the acs-rpc conformance suite as data",
      license: "MIT",
      keywords: ["alibaba-cloud", "aliyun", "signature", "conformance", "test-vectors"],
      files: ["cases/", "schema/", "examples/", "PROTOCOL.md", "CHANGELOG.md"],
      exports: {
        "./cases/*": "./cases/*",
        "./schema/*": "./schema/*",
        "./package.json": "./package.json",
      },
      acsRpcConformance: { suite: SUITE_VERSION, protocol: PROTOCOL_VERSION, groups: GROUPS },
    };
    await Deno.writeTextFile(`${work}/package.json`, JSON.stringify(manifest, null, 2) + "\n");
    await Deno.mkdir(outDir, { recursive: true });
    const { success, stdout, stderr } = await new Deno.Command("npm", {
      args: ["pack", "--json", "--pack-destination", await Deno.realPath(outDir)],
      cwd: work,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!success) throw new Error(`npm pack failed: ${new TextDecoder().decode(stderr)}`);
    const [packed] = JSON.parse(new TextDecoder().decode(stdout)) as { filename: string }[];
    return `${await Deno.realPath(outDir)}/${packed!.filename}`;
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

if (import.meta.main) {
  console.log(await pack(Deno.args[0] ?? "."));
}
