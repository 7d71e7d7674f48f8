// Helpers for the generated blocks the README keeps (the region table, the
// size table): find a block between two markers and compare tables cell by
// cell, so that deno fmt padding columns and widening separator rows does not
// count as a difference; and write a generated file the way `deno fmt --check`
// wants it.

/** The text between `start` and `end`, or `undefined` when a marker is missing. */
export function markedBlock(text: string, start: string, end: string): string | undefined {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  return from === -1 || to === -1 ? undefined : text.slice(from + start.length, to);
}

/** Replaces the text between `start` and `end`; throws when a marker is missing. */
export function replaceBlock(text: string, start: string, end: string, block: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  if (from === -1 || to === -1) throw new Error(`No ${start} … ${end} block`);
  return text.slice(0, from + start.length) + block + text.slice(to);
}

/** The cells of every table row in `text`, without separator rows. */
export function tableCells(text: string): string[][] {
  return text.split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("|") && !/^\|(?:\s*:?-+:?\s*\|)+$/.test(line))
    .map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
}

/** Whether two texts hold the same tables, cell for cell. */
export function sameTables(a: string, b: string): boolean {
  return JSON.stringify(tableCells(a)) === JSON.stringify(tableCells(b));
}

/**
 * Writes `text` to `file`, then formats it with `deno fmt` (which pads Markdown
 * tables), so that `deno task check`'s `deno fmt --check` stays green.
 */
export async function writeFormatted(file: string, text: string): Promise<void> {
  await Deno.writeTextFile(file, text);
  const fmt = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", file],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!fmt.success) throw new Error(`deno fmt ${file} failed`);
}
