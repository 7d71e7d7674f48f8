// Internal: the environment, the home directory and files, for the providers
// that read them, through HostOptions or lazily loaded node: built-ins.

import { builtinModule } from "../_internal/node.ts";
import { refuseUnknownKeys } from "../_internal/options.ts";
import { AcsTypeError } from "../errors/mod.ts";
import { CredentialsError } from "./credentials_error.ts";
import type { EnvReader, HostOptions } from "./host_options.ts";

/** Who is reading, for the errors. */
export interface ReadContext {
  readonly provider: string;
  readonly where: string;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Options that must be functions when given: host readers, the clock, the refresh hook. */
const FUNCTION_OPTIONS = ["env", "readTextFile", "fetch", "now", "onRefreshError"] as const;

/**
 * A provider's options, copied once (own keys, as a spread reads them), with
 * every key not in `known` refused (a misspelt option would otherwise be
 * ignored and its default used), and the host options, `fetch` and the
 * clock checked: a reader of the wrong type would otherwise surface only at
 * the first call, as a misleading `unsupported-runtime` or a raw TypeError.
 *
 * @param what The action, for messages: `read the environment` gives
 * `Cannot read the environment: …`.
 * @param known The provider's options (from _option_names.ts).
 * @throws {AcsTypeError} `invalid-option` naming `options` when they are not
 * an object or cannot be read, naming an unknown key (with the option meant
 * when one is near), or naming the option of the wrong type.
 */
export function readProviderOptions<T extends object>(
  what: string,
  options: T | undefined,
  known: readonly (keyof T & string)[],
): T {
  if (options === undefined) return {} as T;
  if (typeof options !== "object" || options === null) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: expected an options object, got ${
        options === null ? "null" : typeof options
      }`,
      { parameter: "options" },
    );
  }
  let copy: Record<string, unknown>;
  try {
    copy = { ...options } as Record<string, unknown>;
  } catch (error) {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: reading the options threw ${
        error instanceof Error ? error.name : typeof error
      }`,
      { parameter: "options", cause: error },
    );
  }
  refuseUnknownKeys(what, copy, known);
  for (const name of FUNCTION_OPTIONS) {
    if (copy[name] !== undefined && typeof copy[name] !== "function") {
      throw new AcsTypeError(
        "invalid-option",
        `Cannot ${what}: "${name}" must be a function, got ${
          copy[name] === null ? "null" : typeof copy[name]
        }`,
        { parameter: name },
      );
    }
  }
  if (copy.homeDir !== undefined && typeof copy.homeDir !== "string") {
    throw new AcsTypeError(
      "invalid-option",
      `Cannot ${what}: "homeDir" must be a string, got ${typeof copy.homeDir}`,
      { parameter: "homeDir" },
    );
  }
  return copy as T;
}

/**
 * The options among `known` that `options` has (own keys): what a provider
 * passes to one it builds, which would refuse the others.
 */
export function pickOptions<S extends object, K extends string>(
  options: S,
  known: readonly K[],
): Pick<S, K & keyof S> {
  const picked: Record<string, unknown> = {};
  for (const key of known) {
    if (Object.hasOwn(options, key)) picked[key] = (options as Record<string, unknown>)[key];
  }
  return picked as Pick<S, K & keyof S>;
}

function noRuntime(context: ReadContext, what: string, error: unknown): CredentialsError {
  return new CredentialsError("unsupported-runtime", {
    ...context,
    reason: `this runtime has no ${what} (${
      describe(error)
    }); it exists in Deno, Node and Bun, not in a browser or a worker, where the option must be passed`,
  });
}

/**
 * The environment reader to use: the given one, or the process's. Reading
 * never throws anything but a {@linkcode CredentialsError}: Deno without
 * `--allow-env` throws on access, and that becomes `unsupported-runtime`.
 */
export function openEnv(options: HostOptions, context: ReadContext): EnvReader {
  let read: EnvReader;
  if (options.env !== undefined) {
    read = options.env;
  } else {
    let process: { env: Record<string, string | undefined> };
    try {
      process = builtinModule("process");
    } catch (error) {
      throw noRuntime(context, "environment variables", error);
    }
    read = (name) => process.env[name];
  }
  return (name) => {
    try {
      const value = read(name);
      return typeof value === "string" ? value : undefined;
    } catch (error) {
      throw new CredentialsError("unsupported-runtime", {
        ...context,
        reason: `cannot read ${name}: ${describe(error)}`,
      });
    }
  };
}

/** A variable's value, or `undefined` when it is unset or empty. */
export function variable(env: EnvReader, name: string): string | undefined {
  const value = env(name);
  return value === undefined || value === "" ? undefined : value;
}

/** Whether a switch variable is on: `true` in any case, as the official SDKs read it. */
export function switchOn(env: EnvReader, name: string): boolean {
  return env(name)?.toLowerCase() === "true";
}

/**
 * The home directory: the option, else HOME, else USERPROFILE, else
 * `homedir()` of `node:os`. Throws `not-configured` when there is none.
 */
export function homeDir(
  options: HostOptions,
  env: EnvReader,
  context: ReadContext,
): string {
  if (options.homeDir !== undefined) {
    if (options.homeDir === "") {
      throw new CredentialsError("not-configured", {
        ...context,
        reason: "there is no home directory to look in",
      });
    }
    return options.homeDir;
  }
  const home = env("HOME");
  if (home !== undefined) {
    if (home === "") {
      throw new CredentialsError("not-configured", {
        ...context,
        reason: "HOME is empty, so there is no home directory to look in",
      });
    }
    return home;
  }
  const profile = variable(env, "USERPROFILE");
  if (profile !== undefined) return profile;
  let os: { homedir(): string };
  try {
    os = builtinModule("os");
  } catch (error) {
    throw noRuntime(context, "home directory", error);
  }
  let found: string;
  try {
    found = os.homedir();
  } catch (error) {
    throw new CredentialsError("unsupported-runtime", {
      ...context,
      reason: `cannot find the home directory: ${describe(error)}`,
    });
  }
  if (found === "") {
    throw new CredentialsError("not-configured", {
      ...context,
      reason: "there is no home directory",
    });
  }
  return found;
}

/** Joins a directory and relative parts with the directory's own separator. */
export function joinPath(directory: string, ...parts: string[]): string {
  const separator = directory.includes("\\") && !directory.includes("/") ? "\\" : "/";
  const base = directory.endsWith(separator) ? directory.slice(0, -1) : directory;
  return [base, ...parts].join(separator);
}

const MISSING = new Set(["ENOENT", "ENOTDIR"]);

/**
 * Reads a text file: its text, or `undefined` when it does not exist. Other
 * failures (permissions, a directory) throw, with the path and the reason but
 * never the content.
 */
export async function readTextFile(
  options: HostOptions,
  path: string,
  context: ReadContext,
): Promise<string | undefined> {
  let read: (path: string) => Promise<string>;
  if (options.readTextFile !== undefined) {
    read = options.readTextFile;
  } else {
    let fs: { readFile(path: string, encoding: "utf8"): Promise<string> };
    try {
      fs = builtinModule("fs/promises");
    } catch (error) {
      throw noRuntime(context, "file system", error);
    }
    read = (path) => fs.readFile(path, "utf8");
  }
  try {
    return await read(path);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && MISSING.has(code)) return undefined;
    if ((error as { name?: unknown } | null)?.name === "NotFound") return undefined;
    const denied = (error as { name?: unknown } | null)?.name === "NotCapable" ||
      (error as { name?: unknown } | null)?.name === "PermissionDenied";
    throw new CredentialsError(denied ? "unsupported-runtime" : "invalid-config", {
      ...context,
      reason: `cannot read ${path}: ${
        typeof code === "string" && !describe(error).startsWith(code) ? `${code}: ` : ""
      }${describe(error)}`,
    });
  }
}
