// Internal: the message feeding and padding that SHA-1 and SHA-256 share
// (FIPS 180-4 §5.1.1, §5.2.1): 64-byte blocks read as 16 big-endian words,
// then 0x80, zeros and the message length in bits as a 64-bit big-endian
// number. Only the compression function differs.
//
// Module-level buffers let hashing allocate nothing but the digest; every
// function here is synchronous, so no two calls ever share them. They are
// all zeros between calls: whoever writes one zeroes what it wrote before
// returning, because they may hold key material (a long HMAC key is hashed,
// a key block is XORed with the pads) or a secret message.

/** A compression function: folds one 16-word block into the state, in place. */
export type Compress = (state: Int32Array, block: Int32Array) => void;

/** The block being compressed. */
export const block: Int32Array = new Int32Array(16);

/** Working hash state for sha1(), sha256() and the HMACs. */
export const state: Int32Array = new Int32Array(8);

const utf8 = new TextEncoder();
const SCRATCH_BYTES = 32 * 1024;
/**
 * The UTF-8 of a string message or key that fits, made on first use (32 KiB,
 * kept). `TextEncoder.encodeInto` writes 579 ASCII characters in under 0.1 µs
 * where a loop of `charCodeAt` takes 0.7 µs (Node 20), and it needs no
 * "is this ASCII" test of ours: nothing here branches on a byte's value. The
 * engine's encoder may well be quicker on ASCII than on other text, which
 * would tell at most whether a key or message is ASCII.
 */
let scratch: Uint8Array | undefined;
/** `scratch` as native-endian words: on a little-endian platform, 4 bytes in one read. */
let scratchWords: Int32Array | undefined;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The UTF-8 of `text`, in the scratch buffer when it fits: the caller zeroes
 * it with `.fill(0)` when done. A lone surrogate becomes U+FFFD (EF BF BD), as
 * `TextEncoder` writes it.
 */
export function encodeUtf8(text: string): Uint8Array {
  // At most 3 bytes per UTF-16 code unit: a surrogate pair (2) makes 4.
  if (text.length * 3 > SCRATCH_BYTES) return utf8.encode(text);
  scratch ??= new Uint8Array(SCRATCH_BYTES);
  return scratch.subarray(0, utf8.encodeInto(text, scratch).written);
}

/**
 * Hashes `message` onward from what `state` holds, the state after
 * `absorbed` bytes (a multiple of 64), and applies the final padding: `state`
 * ends up holding the digest words. A string is hashed as its UTF-8 (see
 * {@linkcode encodeUtf8}).
 */
export function digestInto(
  compress: Compress,
  state: Int32Array,
  absorbed: number,
  message: string | Uint8Array,
): void {
  if (typeof message !== "string") {
    const length = message.length;
    absorbBytes(compress, state, message, length & ~63);
    finish(compress, state, message, length, absorbed);
  } else if (message.length * 3 <= SCRATCH_BYTES) {
    // encodeUtf8() inlined: the hot path skips the subarray.
    const bytes = scratch ??= new Uint8Array(SCRATCH_BYTES);
    const length = utf8.encodeInto(message, bytes).written;
    if (LITTLE_ENDIAN) {
      absorbLittleEndian(
        compress,
        state,
        scratchWords ??= new Int32Array(bytes.buffer),
        length >> 6,
      );
    } else {
      absorbBytes(compress, state, bytes, length & ~63);
    }
    finish(compress, state, bytes, length, absorbed);
    bytes.fill(0, 0, length);
  } else {
    const bytes = utf8.encode(message);
    const length = bytes.length;
    absorbBytes(compress, state, bytes, length & ~63);
    finish(compress, state, bytes, length, absorbed);
    bytes.fill(0);
  }
}

/** Compresses the first `whole` bytes (a multiple of 64) of `bytes`. */
function absorbBytes(
  compress: Compress,
  state: Int32Array,
  bytes: Uint8Array,
  whole: number,
): void {
  for (let p = 0; p < whole; p += 64) {
    for (let i = 0, q = p; i < 16; i++, q += 4) {
      block[i] = bytes[q]! << 24 | bytes[q + 1]! << 16 | bytes[q + 2]! << 8 | bytes[q + 3]!;
    }
    compress(state, block);
  }
}

/** Compresses the first `blocks` blocks of `words`, bytes in little-endian words. */
function absorbLittleEndian(
  compress: Compress,
  state: Int32Array,
  words: Int32Array,
  blocks: number,
): void {
  for (let p = 0, end = blocks << 4; p < end; p += 16) {
    for (let i = 0; i < 16; i++) {
      const x = words[p + i]!;
      block[i] = x << 24 | (x & 0xff00) << 8 | (x >>> 8) & 0xff00 | x >>> 24;
    }
    compress(state, block);
  }
}

/**
 * Compresses the message's last 0–63 bytes (after its whole blocks) with the
 * padding, and leaves `block` zeroed. The time taken depends on the length
 * only.
 */
function finish(
  compress: Compress,
  state: Int32Array,
  bytes: Uint8Array,
  length: number,
  absorbed: number,
): void {
  const whole = length & ~63;
  const rest = length - whole;
  for (let i = 0; i < 16; i++) block[i] = 0;
  for (let i = 0; i < rest; i++) {
    block[i >> 2]! |= bytes[whole + i]! << (24 - ((i & 3) << 3));
  }
  block[rest >> 2]! |= 0x80 << (24 - ((rest & 3) << 3));
  if (rest >= 56) {
    compress(state, block);
    for (let i = 0; i < 16; i++) block[i] = 0;
  }
  // The length in bits, as two words: past 2^32 bits (512 MiB) it needs both.
  const total = absorbed + length;
  block[14] = total / 0x20000000;
  block[15] = total << 3;
  compress(state, block);
  for (let i = 0; i < 16; i++) block[i] = 0;
}

/** The first `words` words of `state` as big-endian bytes; zeroes `state`. */
export function takeDigest(state: Int32Array, words: number): Uint8Array {
  const digest = new Uint8Array(words << 2);
  for (let i = 0, p = 0; i < words; i++, p += 4) {
    const word = state[i]!;
    digest[p] = word >>> 24;
    digest[p + 1] = word >>> 16;
    digest[p + 2] = word >>> 8;
    digest[p + 3] = word;
  }
  for (let i = 0; i < state.length; i++) state[i] = 0;
  return digest;
}
