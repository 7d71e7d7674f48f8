// The stages that stages.ts times, shared with the report (which must not
// import stages.ts: it runs on import). Each stage of today's pipeline is
// timed next to what did the same work before issue 15 (e85dd03, kept as the
// fuzzers' oracle in scripts/fuzz/oracle/), so each row says what it bought.

/** One stage: today's task name, and the task name of the same work before. */
export interface Stage {
  readonly label: string;
  readonly now: string;
  readonly before: string | undefined;
}

/** The stages, in pipeline order; the first is the whole. */
export const STAGES: readonly Stage[] = [
  { label: "signRequest (whole)", now: "whole", before: "whole (before)" },
  {
    label: "signRequest with no API parameters (the fixed costs)",
    now: "no params",
    before: "no params (before)",
  },
  { label: "flattenParams", now: "flatten", before: "flatten (before)" },
  {
    label: "canonical query + string to sign (before: canonicalize, then buildStringToSign)",
    now: "canonical",
    before: "canonical (before)",
  },
  {
    label: "HMAC-SHA1 + Base64 (before: sign(), re-keying noble every call)",
    now: "hmac",
    before: "hmac (before)",
  },
  {
    label: "formatTimestamp (now cached per second)",
    now: "timestamp",
    before: "timestamp (before)",
  },
  { label: 'resolveEndpoint("cn-hangzhou")', now: "endpoint", before: undefined },
  { label: "percent-encode the signature", now: "signature", before: "signature (before)" },
];
