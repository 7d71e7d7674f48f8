// Internal: one HTTP exchange with a deadline, for the metadata service, STS
// (AssumeRoleWithOIDC) and credentials URIs. Failures are told without the
// URL's query (a credentials URI may carry a token there) and never quote the
// body of an answer (which may hold credentials).

/** An answer, read whole. */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** A request that got no answer: why, in words that hold no secret. */
export class NoAnswer extends Error {
  override name = "NoAnswer";
  /** Whether the deadline passed. */
  readonly timedOut: boolean;
  constructor(message: string, timedOut: boolean) {
    super(message);
    this.timedOut = timedOut;
  }
}

/** What a caller's abort looks like. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted", "AbortError");
}

/** The URL as it may be shown: no user, password, query or fragment. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search ? "?…" : ""}`;
  } catch {
    return "(an invalid URL)";
  }
}

function reasons(error: unknown, url: string): string {
  const bare = url.split(/[?#]/, 1)[0]!;
  const parts: string[] = [];
  for (let cause = error; cause !== undefined && parts.length < 4;) {
    const text = cause instanceof Error ? cause.message : String(cause);
    parts.push(text.replaceAll(url, bare).replace(/\?[^\s"'()<>]*/g, "?…"));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return parts.join(": ");
}

/**
 * Sends one request and reads the whole answer, within `timeoutMs`. Throws
 * {@linkcode NoAnswer} when nothing came back in time or the connection
 * failed, and the caller's abort reason when `signal` aborts.
 */
export async function exchange(
  send: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<HttpAnswer> {
  signal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const response = await send(url, { ...init, signal: controller.signal });
    const text = await response.text();
    return { status: response.status, text };
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    if (timedOut) {
      throw new NoAnswer(`no answer from ${shownUrl(url)} within ${timeoutMs} ms`, true);
    }
    throw new NoAnswer(`cannot reach ${shownUrl(url)}: ${reasons(error, url)}`, false);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/** A JSON object from an answer's text, or `undefined`. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : undefined;
  } catch {
    return undefined;
  }
}
