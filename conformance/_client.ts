// The runner's side of PROTOCOL.md: starts an adapter, shakes hands, sends
// one case at a time with a timeout, and restarts the adapter after a crash
// or a timeout. Used by run.ts and tools/gen_cases.ts.

import {
  type Answer,
  type Case,
  type Profile,
  PROFILES,
  PROTOCOL_VERSION,
  SUITE_VERSION,
} from "./_suite.ts";

/** What an adapter says about itself in its handshake. */
export interface Hello {
  name: string;
  version: string;
  operations: string[];
  features: string[];
  /** The profiles it claims (`["core"]` when the handshake names none). */
  profiles: Profile[];
}

/** Where and how long to start an adapter. */
export interface AdapterOptions {
  /** The working directory (default: the repository root). */
  cwd?: string | URL;
  /** How long the handshake may take, in milliseconds (default 120 000). */
  handshakeTimeoutMs?: number;
}

/** The outcome of sending one case. */
export type Exchange =
  | { kind: "answer"; answer: Answer }
  | { kind: "crash"; reason: string }
  | { kind: "timeout"; reason: string };

/** The repository root, where adapters run. */
export const ROOT = new URL("../", import.meta.url);

const STDERR_KEPT = 4000;

class LineReader {
  #buffer = "";
  #lines: string[] = [];
  #waiting: ((line: string | null) => void) | null = null;
  #done = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#pump(stream.pipeThrough(new TextDecoderStream()));
  }

  async #pump(stream: ReadableStream<string>): Promise<void> {
    try {
      for await (const chunk of stream) {
        this.#buffer += chunk;
        let newline: number;
        while ((newline = this.#buffer.indexOf("\n")) !== -1) {
          this.#push(this.#buffer.slice(0, newline));
          this.#buffer = this.#buffer.slice(newline + 1);
        }
      }
    } catch {
      // The process was killed: the stream errors; treat as end of input.
    }
    this.#done = true;
    if (this.#waiting) {
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting(null);
    }
  }

  #push(line: string): void {
    if (this.#waiting) {
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting(line);
    } else {
      this.#lines.push(line);
    }
  }

  /** The next line, `null` at end of input, or `undefined` on timeout. */
  next(timeoutMs: number): Promise<string | null | undefined> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#done) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting = null;
        resolve(undefined);
      }, timeoutMs);
      this.#waiting = (value) => {
        clearTimeout(timer);
        resolve(value);
      };
    });
  }
}

/** A running adapter process. */
export class Adapter {
  readonly #command: string[];
  readonly #cwd: string | URL;
  readonly #handshakeTimeoutMs: number;
  #child: Deno.ChildProcess | null = null;
  #writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
  #reader: LineReader | null = null;
  #stderr = "";

  constructor(command: string[], options: AdapterOptions = {}) {
    this.#command = command;
    this.#cwd = options.cwd ?? ROOT;
    this.#handshakeTimeoutMs = options.handshakeTimeoutMs ?? 120_000;
  }

  /** Starts the adapter and shakes hands; throws when that fails. */
  async start(): Promise<Hello> {
    const [program, ...args] = this.#command;
    this.#stderr = "";
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(program!, {
        args,
        cwd: this.#cwd,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    } catch (error) {
      throw new Error(
        error instanceof Deno.errors.NotFound
          ? `cannot start ${JSON.stringify(program)}: no such program`
          : `cannot start ${JSON.stringify(program)}: ${(error as Error).message}`,
      );
    }
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#reader = new LineReader(child.stdout);
    this.#drainStderr(child.stderr);
    await this.#write({
      type: "hello",
      protocol: PROTOCOL_VERSION,
      suite: SUITE_VERSION,
    });
    const line = await this.#reader.next(this.#handshakeTimeoutMs);
    if (typeof line !== "string") {
      await this.stop();
      throw new Error(
        `adapter ${
          line === undefined ? "timed out in" : "exited before"
        } the handshake${this.#stderrTail()}`,
      );
    }
    let hello: Partial<Hello> & { type?: string; protocol?: number };
    try {
      hello = JSON.parse(line);
    } catch {
      await this.stop();
      throw new Error(`adapter answered the handshake with ${line.slice(0, 200)}`);
    }
    if (hello?.type !== "hello") {
      await this.stop();
      throw new Error(`adapter answered the handshake with ${line.slice(0, 200)}`);
    }
    if (hello.protocol !== PROTOCOL_VERSION) {
      await this.stop();
      throw new Error(`adapter speaks protocol ${hello.protocol}, not ${PROTOCOL_VERSION}`);
    }
    const profiles = hello.profiles ?? ["core"];
    if (
      !Array.isArray(profiles) || profiles.length === 0 ||
      profiles.some((p) => !(PROFILES as readonly unknown[]).includes(p))
    ) {
      await this.stop();
      throw new Error(
        `adapter claims profiles ${JSON.stringify(profiles)}; known: ${PROFILES.join(", ")}`,
      );
    }
    return {
      name: String(hello.name),
      version: String(hello.version),
      operations: hello.operations ?? [],
      features: hello.features ?? [],
      profiles,
    };
  }

  async #drainStderr(stream: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
        this.#stderr = (this.#stderr + chunk).slice(-STDERR_KEPT);
      }
    } catch {
      // killed
    }
  }

  #stderrTail(): string {
    const tail = this.#stderr.trim().split("\n").slice(-5).join(" | ");
    return tail === "" ? "" : `; stderr: ${tail}`;
  }

  async #write(message: unknown): Promise<void> {
    // U+2028 and U+2029 are escaped: many line readers break lines at them.
    const line = JSON.stringify(message).replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029");
    await this.#writer!.write(new TextEncoder().encode(line + "\n"));
  }

  /**
   * Sends one case and waits for its answer. After a crash or a timeout the
   * adapter is stopped; the next call starts a new one.
   */
  async send(
    testCase: Pick<Case, "id" | "operation" | "input">,
    timeoutMs: number,
  ): Promise<Exchange> {
    if (this.#child === null) await this.start();
    try {
      await this.#write({
        type: "case",
        id: testCase.id,
        operation: testCase.operation,
        input: testCase.input,
      });
    } catch (error) {
      await this.stop();
      return { kind: "crash", reason: `adapter closed its input: ${error}` };
    }
    const line = await this.#reader!.next(timeoutMs);
    if (line === undefined) {
      await this.stop();
      return { kind: "timeout", reason: `no answer within ${timeoutMs} ms` };
    }
    if (line === null) {
      const tail = this.#stderrTail();
      await this.stop();
      return { kind: "crash", reason: `adapter exited${tail}` };
    }
    let answer: Answer;
    try {
      answer = JSON.parse(line);
    } catch {
      await this.stop();
      return { kind: "crash", reason: `not a protocol message: ${line.slice(0, 200)}` };
    }
    const valid = answer && answer.id === testCase.id &&
      ["ok", "error", "skipped", "internal"].includes(answer.status) &&
      (answer.status !== "ok" ||
        (typeof answer.output === "object" && answer.output !== null)) &&
      (answer.status !== "error" || typeof answer.code === "string");
    if (!valid) {
      await this.stop();
      return { kind: "crash", reason: `invalid answer: ${line.slice(0, 200)}` };
    }
    return { kind: "answer", answer };
  }

  /** Closes the adapter's input and ends it. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === null) return;
    this.#child = null;
    try {
      await this.#writer?.close();
    } catch {
      // already closed
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exited = await Promise.race([
      child.status.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), 2000);
      }),
    ]);
    clearTimeout(timer);
    if (!exited) {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
      await child.status;
    }
  }
}
