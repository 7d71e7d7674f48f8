/**
 * Prints the README's endpoint table, generated from `ECS_REGIONS`.
 *
 * ```sh
 * deno run scripts/region_table.ts                          # print the table
 * deno run --allow-read scripts/region_table.ts --check docs/endpoints.md
 * ```
 *
 * With `--check FILE`, compares the block of FILE between
 * `<!-- regions:start -->` and `<!-- regions:end -->` with the generated table
 * and exits with status 1 when they differ or the markers are missing.
 *
 * @module
 */

import { ECS_CENTRAL_ENDPOINT, ECS_REGIONS } from "../lib/endpoints/ecs_regions.ts";
import { markedBlock, sameTables } from "./_markdown.ts";

const START = "<!-- regions:start -->";
const END = "<!-- regions:end -->";

/** The Markdown table of the central endpoint and every region. */
function regionTable(): string {
  const rows = [
    [
      "Region id",
      "Name",
      "Request-structure page",
      "Public endpoint",
      "VPC endpoint",
      "Notes",
    ],
    ["—", "Central endpoint", "Default", code(ECS_CENTRAL_ENDPOINT), "", ""],
    ...ECS_REGIONS.map((region) => [
      code(region.regionId),
      region.name ?? "",
      region.seedLocation ?? "",
      code(region.publicEndpoint),
      region.vpcEndpoint === null ? "none" : code(region.vpcEndpoint),
      [
        region.closed ? "closed" : "",
        region.accelerated ? "accelerated" : "",
        ...region.aliases.map((alias) => `alias ${code(alias)}`),
      ].filter((note) => note !== "").join("; "),
    ]),
  ];
  const lines = rows.map((cells) =>
    `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`
  );
  lines.splice(1, 0, `|${" --- |".repeat(rows[0]!.length)}`);
  return lines.join("\n") + "\n";
}

function code(text: string): string {
  return `\`${text}\``;
}

if (import.meta.main) {
  const table = regionTable();
  const [flag, file] = Deno.args;
  if (flag === undefined) {
    console.log(table.trimEnd());
  } else if (flag === "--check" && file !== undefined) {
    const block = markedBlock(await Deno.readTextFile(file), START, END);
    if (block === undefined) {
      console.error(`Cannot check ${file}: no ${START} … ${END} block`);
      Deno.exit(1);
    }
    if (!sameTables(block, table)) {
      console.error(
        `Cannot check ${file}: its region table differs from ECS_REGIONS; ` +
          "replace the block with the output of deno run scripts/region_table.ts",
      );
      Deno.exit(1);
    }
    console.log(`${file}: region table is up to date`);
  } else {
    console.error("Usage: region_table.ts [--check docs/endpoints.md]");
    Deno.exit(2);
  }
}
