// Shared by the credentials tests: stand-ins for the environment, files and
// the clock, and the search for secrets in everything a user could see.

import assert from "node:assert/strict";
import { inspect } from "node:util";
import type { EnvReader } from "../host_options.ts";

/** An environment from a plain object. */
export function envOf(variables: Readonly<Record<string, string>>): EnvReader {
  return (name) => Object.hasOwn(variables, name) ? variables[name] : undefined;
}

/** An in-memory file system for `readTextFile`; missing files reject with ENOENT. */
export function filesOf(files: Record<string, string>): (path: string) => Promise<string> {
  return (path) =>
    Object.hasOwn(files, path) ? Promise.resolve(files[path]!) : Promise.reject(
      Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
        code: "ENOENT",
      }),
    );
}

/** A clock the test moves. */
export class TestClock {
  #ms: number;
  constructor(start = "2025-06-01T00:00:00Z") {
    this.#ms = Date.parse(start);
  }
  /** The clock, to pass as `now`. */
  readonly now = (): Date => new Date(this.#ms);
  /** Moves the clock on. */
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** Everything a user could see of a value: console.log's rendering, JSON, the stack and causes. */
export function everythingShown(value: unknown): string {
  const parts = [inspect(value, { depth: 10, showHidden: true, getters: true })];
  try {
    parts.push(JSON.stringify(value) ?? "");
  } catch { /* circular: inspect already rendered it */ }
  for (let error = value; error instanceof Error; error = error.cause) {
    parts.push(error.message, error.stack ?? "");
  }
  return parts.join("\n");
}

/** Asserts that none of the secrets (nor their middle part) shows in the value. */
export function assertHidden(value: unknown, secrets: readonly string[], what: string): void {
  const shown = everythingShown(value);
  for (const secret of secrets) {
    assert.ok(!shown.includes(secret), `${what} shows a secret`);
    assert.ok(!shown.includes(secret.slice(2, -2)), `${what} shows part of a secret`);
    assert.ok(!shown.includes(encodeURIComponent(secret)), `${what} shows an encoded secret`);
  }
}

/** Runs `fn` and returns what it threw; fails when it does not throw. */
export async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected a rejection");
}

/** A `fetch` that refuses everything: no test may reach a real host. */
export const offline: typeof fetch = (input) =>
  Promise.reject(new TypeError(`offline test: refused ${new URL(String(input)).host}`));
