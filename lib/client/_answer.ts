// Internal: reading an answer: a JSON object, and an error answer in JSON or in XML.

/** The fields of an error answer (`{ RequestId, HostId, Code, Message, Recommend }`). */
export interface ErrorAnswer {
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly recommend: string | undefined;
}

const ENTITIES: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};

function decodeXml(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi, (entity, hex, decimal, name) => {
    if (name !== undefined) return ENTITIES[name] ?? entity;
    const code = Number.parseInt(hex ?? decimal, hex === undefined ? 10 : 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The body as a JSON object, or `undefined` when it is not one (not JSON, an array, a scalar). */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? parsed as Record<string, unknown>
    : undefined;
}

/** Reads `Code`, `Message`, … from a JSON object or an XML `<Error>` document. */
export function readErrorAnswer(body: string): ErrorAnswer {
  const answer = parseJsonObject(body);
  if (answer !== undefined) {
    return {
      code: text(answer.Code),
      message: text(answer.Message),
      requestId: text(answer.RequestId),
      hostId: text(answer.HostId),
      recommend: text(answer.Recommend),
    };
  }
  const field = (name: string): string | undefined => {
    const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(body);
    return match === null ? undefined : decodeXml(match[1]!);
  };
  const isXml = /^\s*(?:<\?xml[^>]*>\s*)?<[A-Za-z]/.test(body);
  return isXml
    ? {
      code: field("Code"),
      message: field("Message"),
      requestId: field("RequestId"),
      hostId: field("HostId"),
      recommend: field("Recommend"),
    }
    : {
      code: undefined,
      message: undefined,
      requestId: undefined,
      hostId: undefined,
      recommend: undefined,
    };
}
