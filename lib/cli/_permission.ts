// Telling a runtime's refusal (Deno without --allow-net or --allow-env) from
// a failure of the network or the API, from the error alone: the command's
// core has no runtime API to ask, and call() may wrap the refusal in a
// network error that keeps only its message.

/** A permission the runtime refused: of what kind, and to what. */
export interface MissingPermission {
  /** `net`, `env`, `read`, … as the runtime names it; `undefined` when it does not say. */
  readonly kind: string | undefined;
  /** What was refused (`ecs.aliyuncs.com:443`); `undefined` when it does not say. */
  readonly target: string | undefined;
}

// Deno's wording, the same since 1.0: `Requires net access to "host:443",
// run again with the --allow-net flag`; the class is NotCapable from Deno 2
// (PermissionDenied before, which Deno 2 keeps for the operating system's
// refusals, so that class alone proves nothing).
const REQUIRES = /\bRequires (\w+) access(?: to "([^"]*)")?/;

/**
 * The permission behind `error` (or one of its causes, or quoted in its
 * message), or `undefined` when it is some other failure.
 */
export function missingPermission(error: unknown): MissingPermission | undefined {
  let cause = error;
  for (let depth = 0; depth < 8 && cause instanceof Error; depth++) {
    const match = REQUIRES.exec(cause.message);
    if (match !== null) return { kind: match[1], target: match[2] };
    if (cause.name === "NotCapable") return { kind: undefined, target: undefined };
    cause = cause.cause;
  }
  return undefined;
}
