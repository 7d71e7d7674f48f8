// Internal: the common request parameters, which signRequest sets itself (and
// refuses among the API parameters) and verifyRequest reads apart from the
// API parameters. mod.ts never re-exports this file.

/** Every common request parameter of an RPC request. */
export const COMMON_PARAMETERS = [
  "Action",
  "Format",
  "Version",
  "AccessKeyId",
  "SecurityToken",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "Timestamp",
  "Signature",
  "ResourceOwnerAccount",
] as const;

/** The name of a common request parameter. */
export type CommonParameter = typeof COMMON_PARAMETERS[number];
