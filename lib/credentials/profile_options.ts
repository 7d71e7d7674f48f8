/**
 * The options the two profile-file providers share.
 *
 * @module
 */

import type { HostOptions } from "./host_options.ts";
import type { RefreshOptions } from "./refreshing_provider.ts";

/**
 * Options of {@linkcode CliProfileProvider} and
 * {@linkcode IniProfileProvider}: which profile, which file, where to read
 * (see {@linkcode HostOptions}), and how the providers a profile names (STS,
 * the metadata service, a credentials URI) reach their services and refresh.
 *
 * @example Choosing a profile
 * ```ts
 * import { CliProfileProvider, type ProfileProviderOptions } from "@acs/rpc/credentials";
 * import assert from "node:assert/strict";
 *
 * const options: ProfileProviderOptions = {
 *   profile: "second",
 *   path: "/etc/acs/config.json",
 *   env: () => undefined,
 *   readTextFile: async () =>
 *     JSON.stringify({
 *       profiles: [{ name: "second", mode: "AK", access_key_id: "id2", access_key_secret: "s2" }],
 *     }),
 * };
 * assert.equal((await new CliProfileProvider(options).getCredentials()).accessKeyId, "id2");
 * ```
 */
export interface ProfileProviderOptions extends HostOptions, RefreshOptions {
  /**
   * The profile. Default `ALIBABA_CLOUD_PROFILE`, else the file's own choice
   * (`current` in `config.json`, `default` in the INI file).
   */
  readonly profile?: string | undefined;
  /** The file, instead of the one under the home directory. */
  readonly path?: string | undefined;
  /** The `fetch` the profile's STS, metadata or URI requests use. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined;
  /** The STS endpoint for every role profile, over what the profile says (a proxy, a test). */
  readonly stsEndpoint?: string | undefined;
  /** The ECS metadata service for `EcsRamRole` profiles. Default `http://100.100.100.200`. */
  readonly metadataEndpoint?: string | undefined;
  /** How long each metadata request may take, in milliseconds. Default 1 000. */
  readonly metadataTimeoutMs?: number | undefined;
}
