// The test oracle of scripts/fuzz: the signing pipeline exactly as it was at
// commit e85dd03, before the speed work of issue 15 and the hardening of
// issue 16 (the lib/signature/ stages and the lib/_internal/ helpers they
// use, copied verbatim; only import paths changed). It is never edited to
// follow lib/: the fuzzers compare the optimized pipeline with it, and every
// intended difference is listed, with its reason, in scripts/fuzz/_differences.ts.

export * from "./build_string_to_sign.ts";
export * from "./canonicalize.ts";
export * from "./flatten_params.ts";
export * from "./format_timestamp.ts";
export * from "./json.ts";
export * from "./percent_encode.ts";
export * from "./sign.ts";
export * from "./sign_request.ts";
