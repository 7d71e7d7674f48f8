/**
 * Writes the unrolled compression functions of `lib/_internal/sha1.ts` and
 * `lib/_internal/sha256.ts` (FIPS 180-4 §6.1.2 and §6.2.2).
 *
 * ```sh
 * deno run --allow-read --allow-write scripts/gen_hash_rounds.ts   # rewrite
 * deno run --allow-read scripts/gen_hash_rounds.ts --check         # compare
 * ```
 *
 * Unrolled, every round names its variables directly, so nothing is shuffled
 * from round to round: round t works on the working variables as they stand
 * after t rotations, and the message schedule lives in 16 locals (w0 … w15)
 * used as a ring, W[t] overwriting W[t - 16]. In Node and Deno this is about
 * twice as fast as the same rounds in loops over a W array.
 *
 * Each function's body sits between `// BEGIN gen_hash_rounds NAME` and
 * `// END gen_hash_rounds NAME`; `deno-fmt-ignore` keeps it one round a line.
 * With `--check`, exits with status 1 when a file differs from what this
 * script would write.
 *
 * @module
 */

const SHA1_FILE = new URL("../lib/_internal/sha1.ts", import.meta.url);
const SHA256_FILE = new URL("../lib/_internal/sha256.ts", import.meta.url);

const rotl = (x: string, n: number) => `(${x} << ${n} | ${x} >>> ${32 - n})`;
const rotr = (x: string, n: number) => `(${x} >>> ${n} | ${x} << ${32 - n})`;
const hex = (word: number) => "0x" + word.toString(16).padStart(8, "0");
/** The local holding W[t]: the ring w0 … w15. */
const w = (t: number) => `w${t & 15}`;

type F = (b: string, c: string, d: string) => string;
const ch: F = (b, c, d) => `(${d} ^ ${b} & (${c} ^ ${d}))`;
const parity: F = (b, c, d) => `(${b} ^ ${c} ^ ${d})`;
const maj: F = (b, c, d) => `(${b} & ${c} | ${d} & (${b} | ${c}))`;

/** SHA-1's four stages of 20 rounds: f(b, c, d) and K (FIPS 180-4 §4.1.1, §4.2.1). */
const SHA1_STAGES: readonly { name: string; f: F; k: number }[] = [
  { name: "Ch", f: ch, k: 0x5a827999 },
  { name: "Parity", f: parity, k: 0x6ed9eba1 },
  { name: "Maj", f: maj, k: 0x8f1bbcdc },
  { name: "Parity", f: parity, k: 0xca62c1d6 },
];

/** SHA-256's round constants (FIPS 180-4 §4.2.2). */
// deno-fmt-ignore
const SHA256_K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/** Loads the state into `names` and the block into w0 … w15. */
function load(names: readonly string[]): string[] {
  const lines = [`let ${names.map((v, i) => `${v} = state[${i}]! | 0`).join(", ")};`];
  for (let i = 0; i < 16; i += 4) {
    const words = [i, i + 1, i + 2, i + 3].map((j) => `w${j} = block[${j}]! | 0`);
    lines.push(`let ${words.join(", ")};`);
  }
  return lines;
}

/** Adds `names` into the state (FIPS 180-4 §6.1.2 step 4, §6.2.2 step 4). */
function store(names: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 4) {
    const sums = names.slice(i, i + 4).map((v, j) =>
      `state[${i + j}] = state[${i + j}]! + ${v} | 0;`
    );
    lines.push(sums.join(" "));
  }
  return lines;
}

/** The working variables of round t: the initial ones rotated right t times. */
function rotated(names: readonly string[], t: number): string[] {
  const n = names.length;
  return names.map((_, i) => names[((i - t) % n + n) % n]!);
}

/** The body of sha1Compress. */
export function sha1Body(): string[] {
  const names = ["a", "b", "c", "d", "e"];
  const lines = [...load(names), "let x = 0;"];
  for (let t = 0; t < 80; t++) {
    // T = ROTL5(a) + f(b, c, d) + e + K + W[t]; e = d; d = c; c = ROTL30(b);
    // b = a; a = T. Computing T into e's local and rotating b in place leaves
    // every variable where round t + 1 expects it.
    const [a, b, c, d, e] = rotated(names, t) as [string, string, string, string, string];
    const stage = SHA1_STAGES[Math.floor(t / 20)]!;
    if (t % 20 === 0) {
      lines.push(`// Rounds ${t}–${t + 19}: f = ${stage.name}, K = ${hex(stage.k)}`);
    }
    if (t >= 16) {
      const x = `${w(t - 3)} ^ ${w(t - 8)} ^ ${w(t - 14)} ^ ${w(t)}`;
      lines.push(`x = ${x}; ${w(t)} = x << 1 | x >>> 31;`);
    }
    const sum = `${rotl(a, 5)} + ${stage.f(b, c, d)} + ${e} + ${w(t)} + ${hex(stage.k)}`;
    lines.push(`${e} = ${sum} | 0; ${b} = ${b} << 30 | ${b} >>> 2;`);
  }
  return [...lines, ...store(names)];
}

/** The body of sha256Compress. */
export function sha256Body(): string[] {
  const names = ["a", "b", "c", "d", "e", "f", "g", "h"];
  const lines = load(names);
  const sigma0 = (x: string) => `(${rotr(x, 7)} ^ ${rotr(x, 18)} ^ ${x} >>> 3)`;
  const sigma1 = (x: string) => `(${rotr(x, 17)} ^ ${rotr(x, 19)} ^ ${x} >>> 10)`;
  const bigSigma0 = (x: string) => `(${rotr(x, 2)} ^ ${rotr(x, 13)} ^ ${rotr(x, 22)})`;
  const bigSigma1 = (x: string) => `(${rotr(x, 6)} ^ ${rotr(x, 11)} ^ ${rotr(x, 25)})`;
  for (let t = 0; t < 64; t++) {
    // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]; T2 = Σ0(a) + Maj(a, b, c);
    // d += T1; h = T1 + T2, then the names rotate by one for round t + 1.
    const [a, b, c, d, e, f, g, h] = rotated(names, t) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (t >= 16) {
      const sum = `${sigma1(w(t - 2))} + ${w(t - 7)} + ${sigma0(w(t - 15))} + ${w(t)}`;
      lines.push(`${w(t)} = ${sum} | 0;`);
    }
    const t1 = `${h} + ${bigSigma1(e)} + ${ch(e, f, g)} + ${hex(SHA256_K[t]!)} + ${w(t)}`;
    lines.push(`${h} = ${t1} | 0; ${d} = ${d} + ${h} | 0;`);
    lines.push(`${h} = ${h} + ${bigSigma0(a)} + ${maj(a, b, c)} | 0;`);
  }
  return [...lines, ...store(names)];
}

/** `text` with the block named `name` replaced by `body`, or undefined without markers. */
function withBody(text: string, name: string, body: string[]): string | undefined {
  const pattern = new RegExp(
    `^( *)// BEGIN gen_hash_rounds ${name}\\n[\\s\\S]*?^ *// END gen_hash_rounds ${name}$`,
    "m",
  );
  const match = pattern.exec(text);
  if (match === null) return undefined;
  const indent = match[1]!;
  const lines = [
    `// BEGIN gen_hash_rounds ${name}`,
    ...body,
    `// END gen_hash_rounds ${name}`,
  ];
  return text.slice(0, match.index) + lines.map((line) => indent + line).join("\n") +
    text.slice(match.index + match[0].length);
}

if (import.meta.main) {
  const check = Deno.args.includes("--check");
  let stale = false;
  for (
    const [file, name, body] of [
      [SHA1_FILE, "sha1Compress", sha1Body()],
      [SHA256_FILE, "sha256Compress", sha256Body()],
    ] as const
  ) {
    const text = await Deno.readTextFile(file);
    const next = withBody(text, name, body);
    if (next === undefined) {
      console.error(`Cannot generate ${name}: ${file.pathname} has no gen_hash_rounds markers`);
      Deno.exit(1);
    }
    if (next === text) continue;
    if (check) {
      console.error(`${file.pathname}: ${name} differs from scripts/gen_hash_rounds.ts`);
      stale = true;
    } else {
      await Deno.writeTextFile(file, next);
      console.log(`wrote ${name} in ${file.pathname}`);
    }
  }
  if (stale) Deno.exit(1);
}
