// A small, runtime-neutral benchmark harness (Deno and Node alike): tasks are
// run in batches timed with performance.now(), interleaved round by round in a
// rotating order so that a noisy neighbour slows every implementation of a
// round alike, and compared round by round (paired ratios).

/** One thing to time; `run(n)` does `n` operations and returns something to keep. */
export interface Task {
  readonly name: string;
  readonly run: (n: number) => unknown | Promise<unknown>;
}

/** Median and spread of a list of numbers. */
export interface Stats {
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
}

/** What {@linkcode measure} found for one group of tasks. */
export interface GroupResult {
  /** Task names, in the order given. */
  readonly names: readonly string[];
  /** Per task: microseconds per operation, one entry per round. */
  readonly perOpUs: Readonly<Record<string, readonly number[]>>;
  /** Per task: operations in each timed batch. */
  readonly batch: Readonly<Record<string, number>>;
}

export interface MeasureOptions {
  /** Timed rounds (each runs every task once). */
  readonly rounds: number;
  /** Target milliseconds for one batch. */
  readonly batchMs: number;
  /** Milliseconds each task runs before timing starts (default 5 batches). */
  readonly warmupMs?: number;
}

/**
 * The number after `name` on the script's command line (Deno's or Node's), or
 * `fallback` without it; a RangeError unless it is positive (or zero, with
 * `allowZero`).
 */
export function numberArg(name: string, fallback: number, allowZero = false): number {
  const host = globalThis as unknown as { Deno?: { args: string[] }; process?: { argv: string[] } };
  const args = host.Deno?.args ?? host.process?.argv.slice(2) ?? [];
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
    throw new RangeError(`${name} needs a positive number`);
  }
  return value;
}

let sink = 0;
/** Keeps results alive so that the engine cannot drop the work. */
export function keep(value: unknown): void {
  if (typeof value === "string") sink += value.length;
  else if (value !== undefined && value !== null) sink++;
}
/** Read once at the end so that `sink` is observable. */
export function sinkValue(): number {
  return sink;
}

async function timeBatch(task: Task, n: number): Promise<number> {
  const start = performance.now();
  const result = task.run(n);
  if (result instanceof Promise) keep(await result);
  else keep(result);
  return performance.now() - start;
}

/**
 * Finds how many operations make a batch of about `batchMs`, then keeps
 * running full batches until the task has run for `warmupMs`, so that the
 * engine has optimized it before the first timed round.
 */
async function calibrate(task: Task, batchMs: number, warmupMs: number): Promise<number> {
  let n = 1;
  let spent = 0;
  for (;;) {
    const ms = await timeBatch(task, n);
    spent += ms;
    if (ms >= batchMs / 2 || n >= 1 << 24) break;
    n *= ms < batchMs / 64 ? 8 : 2;
  }
  while (spent < warmupMs) {
    const ms = await timeBatch(task, n);
    spent += ms;
    n = Math.max(1, Math.round((n * batchMs) / Math.max(ms, 1e-3)));
  }
  return n;
}

/** Times `tasks` in interleaved rounds; see the file comment. */
export async function measure(
  tasks: readonly Task[],
  options: MeasureOptions,
): Promise<GroupResult> {
  const batch: Record<string, number> = {};
  for (const task of tasks) {
    batch[task.name] = await calibrate(
      task,
      options.batchMs,
      options.warmupMs ?? options.batchMs * 5,
    );
  }
  const perOpUs: Record<string, number[]> = {};
  for (const task of tasks) perOpUs[task.name] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < tasks.length; k++) {
      const task = tasks[(round + k) % tasks.length]!;
      const n = batch[task.name]!;
      const ms = await timeBatch(task, n);
      perOpUs[task.name]!.push((ms * 1000) / n);
    }
  }
  return { names: tasks.map((t) => t.name), perOpUs, batch };
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Median, quartiles and range. */
export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

/** Per-round ratios `a / b` of two tasks measured in the same rounds. */
export function pairedRatio(result: GroupResult, a: string, b: string): Stats {
  const xs = result.perOpUs[a]!;
  const ys = result.perOpUs[b]!;
  return stats(xs.map((x, i) => x / ys[i]!));
}
