// Internal: reading the Expiration of temporary credentials.

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads an ISO 8601 instant with a zone (`2015-04-09T11:52:19Z`, with
 * fractions or an offset); `undefined` for anything else, including a time
 * without a zone, which would be read in the local zone.
 */
export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== "string" || !ISO_INSTANT.test(value)) return undefined;
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const date = new Date(normalized);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
