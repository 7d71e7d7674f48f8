// Pins the global clock for implementations that read it themselves: while
// pinned, `new Date()` and `Date.now()` give the case's instant. Everything
// else about Date is untouched.

const RealDate = globalThis.Date;
let pinned = null;

class PinnedDate extends RealDate {
  constructor(...args) {
    super(...(args.length === 0 && pinned !== null ? [pinned] : args));
  }
  static now() {
    return pinned ?? RealDate.now();
  }
}

globalThis.Date = PinnedDate;

/** Pins the clock to `iso` (an ISO 8601 instant) until `unpin()`. */
export function pinClock(iso) {
  const time = RealDate.parse(iso);
  if (Number.isNaN(time)) throw new RangeError(`cannot pin the clock to ${iso}`);
  pinned = time;
}

/** Lets the clock run again. */
export function unpinClock() {
  pinned = null;
}
