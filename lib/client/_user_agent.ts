// Internal: the User-Agent call() sends by default.

import { VERSION } from "../_internal/version.ts";

interface Host {
  readonly Deno?: { readonly version?: { readonly deno?: unknown } };
  readonly Bun?: { readonly version?: unknown };
  readonly process?: { readonly versions?: { readonly node?: unknown } };
  readonly navigator?: { readonly userAgent?: unknown };
  readonly document?: unknown;
}

/**
 * `acs-rpc/<version> (<runtime>/<version>)` in Deno, Bun, Node and Cloudflare
 * Workers; `undefined` in a browser (and any host it cannot name), where the
 * header is refused or turns every call into a CORS preflight.
 */
export function defaultUserAgent(host: Host = globalThis as Host): string | undefined {
  if (host.document !== undefined) return undefined;
  const deno = host.Deno?.version?.deno;
  const bun = host.Bun?.version;
  const node = host.process?.versions?.node;
  const runtime = typeof deno === "string"
    ? `Deno/${deno}`
    : typeof bun === "string"
    ? `Bun/${bun}`
    : typeof node === "string"
    ? `Node.js/${node}`
    : host.navigator?.userAgent === "Cloudflare-Workers"
    ? "Cloudflare-Workers"
    : undefined;
  return runtime === undefined ? undefined : `acs-rpc/${VERSION} (${runtime})`;
}
