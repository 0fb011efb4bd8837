// Reads one leaf element of STS's answer. STS's documents (AssumeRoleWithWebIdentityResponse and
// ErrorResponse) are small, flat and fixed by its API reference, and each element this action reads
// appears once with text content only; so a leaf reader with XML's entity decoding is all it takes,
// without an XML library in the bundle.

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes XML's five named entities and numeric character references; an unknown entity stays as is. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return safeCodePoint(Number.parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10)) ?? whole;
    return ENTITIES[name] ?? whole;
  });
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/**
 * The text of the first `<name>…</name>` element (with or without a namespace prefix, attributes
 * allowed), decoded, CDATA unwrapped; undefined when absent or when it holds child elements.
 */
export function xmlLeaf(document: string, name: string): string | undefined {
  const match = new RegExp(
    `<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([^<]*(?:<!\\[CDATA\\[[\\s\\S]*?\\]\\]>[^<]*)*)</(?:[\\w-]+:)?${name}>`,
  ).exec(document);
  if (!match) return undefined;
  const raw = match[1] ?? '';
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeXmlText(part)))
    .join('');
}
