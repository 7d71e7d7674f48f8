// Internal: the package version, for the User-Agent header. A test checks it
// against deno.json's "version".

/** The version of acs-rpc, as deno.json states it. */
export const VERSION = "0.1.0";
