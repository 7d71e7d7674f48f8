/**
 * Credentials where users keep them, for `call()`, clients and the CLI: the
 * {@linkcode CredentialsProvider} interface, a provider for each place
 * Alibaba Cloud's tools keep credentials, and {@linkcode defaultChain}, which
 * asks them in the order of the official `@alicloud/credentials` default
 * chain.
 *
 * | provider | where | runs in |
 * | --- | --- | --- |
 * | {@linkcode StaticProvider} | fixed keys | everywhere |
 * | {@linkcode EnvironmentProvider} | `ALIBABA_CLOUD_ACCESS_KEY_ID`, `…_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN` | Deno, Node, Bun (or pass `env`) |
 * | {@linkcode CliProfileProvider} | `~/.aliyun/config.json` | Deno, Node, Bun (or pass `env`, `readTextFile`) |
 * | {@linkcode IniProfileProvider} | `~/.alibabacloud/credentials` | Deno, Node, Bun (or pass `env`, `readTextFile`) |
 * | {@linkcode EcsRamRoleProvider} | the ECS metadata service | an ECS instance |
 * | {@linkcode AssumeRoleProvider} | STS `AssumeRole` | everywhere (`fetch`) |
 * | {@linkcode OidcRoleProvider} | STS `AssumeRoleWithOIDC` (ACK RRSA) | Deno, Node, Bun (or pass `env`, `readTextFile`) |
 * | {@linkcode CredentialsUriProvider} | `ALIBABA_CLOUD_CREDENTIALS_URI` | everywhere (`fetch`) |
 *
 * Providers whose credentials expire cache them and refresh them as
 * {@linkcode RefreshingProvider} does: a margin before expiry, one refresh
 * for concurrent calls, cached credentials kept while a refresh fails, never
 * expired ones handed out. Providers that read files or the environment load
 * `node:` built-ins only when they first need them, so a browser bundle
 * never does; there they fail with a {@linkcode CredentialsError} of code
 * `unsupported-runtime`. No error, source or message holds a secret.
 *
 * @example Signing with the default chain
 * ```ts
 * import { defaultChain } from "@acs/rpc/credentials";
 * import { signRequest } from "@acs/rpc";
 * import assert from "node:assert/strict";
 *
 * const variables: Record<string, string> = {
 *   ALIBABA_CLOUD_ACCESS_KEY_ID: "testid",
 *   ALIBABA_CLOUD_ACCESS_KEY_SECRET: "testsecret",
 * };
 * const credentials = await defaultChain({ env: (name) => variables[name] }).getCredentials();
 * const signed = signRequest({ action: "DescribeRegions", credentials });
 * assert.match(signed.url, /AccessKeyId=testid/);
 * ```
 *
 * @module
 */

export * from "./assume_role_provider.ts";
export * from "./chain_provider.ts";
export * from "./cli_profile_provider.ts";
export * from "./credentials_error.ts";
export * from "./credentials_uri_provider.ts";
export * from "./default_chain.ts";
export * from "./ecs_ram_role_provider.ts";
export * from "./environment_provider.ts";
export * from "./host_options.ts";
export * from "./ini_profile_provider.ts";
export * from "./oidc_role_provider.ts";
export * from "./profile_options.ts";
export * from "./provider.ts";
export * from "./refreshing_provider.ts";
export * from "./static_provider.ts";
