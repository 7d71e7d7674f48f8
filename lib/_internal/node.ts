// Internal: lazy access to Node's built-in modules (Deno, Node and Bun all have
// them) for the few modules that truly need a file system, the environment or
// a server. mod.ts never re-exports this file.
//
// Modules are taken from `process.getBuiltinModule()` (Node 20.16 and 22.3,
// Deno 2, Bun 1.1), at the moment a function first needs them, rather than
// with `import()`: a bundler targeting browsers resolves a literal
// `import("node:fs/promises")` and fails (esbuild: "Could not resolve"),
// which would break every browser bundle of the package, and a computed
// specifier is one `deno publish` cannot analyze. A browser or a worker has
// no `process`, and only the code that needs a built-in fails there.

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
}

/** The built-in modules acs-rpc uses. */
export type NodeModuleName = "fs/promises" | "os" | "process" | "http";

/**
 * The built-in module `node:<name>`; throws a `TypeError` saying so where the
 * runtime has none (browsers, workers, Node before 20.16).
 */
export function builtinModule<T>(name: NodeModuleName): T {
  const process = (globalThis as { process?: NodeProcess }).process;
  const module = typeof process?.getBuiltinModule === "function"
    ? process.getBuiltinModule(`node:${name}`)
    : undefined;
  if (module === undefined || module === null) {
    throw new TypeError(
      `node:${name} is not available: process.getBuiltinModule() exists in Deno 2, Node 20.16 and Bun 1.1, not in browsers or workers`,
    );
  }
  return module as T;
}
