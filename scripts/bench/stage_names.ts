// The stages that stages.ts times, shared with the report (which must not
// import stages.ts: it runs on import).

/** The stage names, in pipeline order; the first is the whole. */
export const STAGES = {
  whole: "signRequest (whole)",
  flatten: "flattenParams",
  canonicalize: "canonicalize (sort + encode 16 pairs)",
  stringToSign: "buildStringToSign (second encoding pass)",
  sign: "sign (all of it)",
  surrogates: "  sign: isWellFormed(string to sign)",
  utf8: "  sign: TextEncoder.encode(string to sign)",
  hmac: "  sign: noble hmac(sha1) on bytes",
  timestamp: "formatTimestamp",
  endpoint: 'resolveEndpoint("cn-hangzhou")',
  signatureEncode: "percentEncode(signature)",
} as const;
