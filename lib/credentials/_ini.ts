// Internal: reading the INI credentials file (~/.alibabacloud/credentials).
//
// Values are read as the official Node SDK's parser (ini 1.3) reads them, so
// that a file means the same to both: `;` and `#` start a comment, also after
// an unquoted value (`abc#def` is `abc`; `\;` and `\#` escape them), a value
// in double quotes is read as a JSON string and one in single quotes as it
// is. Lines and section names are trimmed, and a byte order mark is skipped,
// where that parser would lose the section; a section name is taken as
// written, dots included (that parser nests `[a.b]` under `a`).

/** The sections of an INI file: name → key → value. */
export type IniSections = Map<string, Map<string, string>>;

function unquote(value: string): string {
  if (value.length >= 2) {
    const first = value[0];
    const last = value.at(-1);
    if (first === '"' && last === '"') {
      try {
        const parsed: unknown = JSON.parse(value);
        if (typeof parsed === "string") return parsed;
      } catch {
        // Not a JSON string: fall back to stripping the quotes.
      }
      return value.slice(1, -1);
    }
    if (first === "'" && last === "'") return value.slice(1, -1);
  }
  let result = "";
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === "\\" && (value[i + 1] === ";" || value[i + 1] === "#")) {
      result += value[++i];
      continue;
    }
    if (char === ";" || char === "#") break;
    result += char;
  }
  return result.trim();
}

/** Parses INI text into sections; keys before the first section are ignored. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | undefined;
  for (const raw of text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith(";") || line.startsWith("#")) continue;
    const header = /^\[([^\]]*)\]$/.exec(line);
    if (header !== null) {
      const name = header[1]!.trim();
      current = sections.get(name);
      if (current === undefined) {
        current = new Map();
        sections.set(name, current);
      }
      continue;
    }
    const equals = line.indexOf("=");
    if (equals <= 0 || current === undefined) continue;
    current.set(line.slice(0, equals).trim(), unquote(line.slice(equals + 1).trim()));
  }
  return sections;
}
