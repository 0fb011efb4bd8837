// How the derived kustomizations are written: block YAML, with the small maps a person reads on one line
// (selectors, sources, options, quantities) in flow style, JSON patches one operation per line as a block
// literal, and the header every derived file starts with.
import { Document, isMap, isScalar, Scalar, visit } from 'yaml';

/** Keys whose map value is written on one line: `target: { kind: Deployment, name: workload }`. */
const FLOW_KEYS = new Set(['target', 'source', 'select', 'options', 'requests', 'limits']);

/** The header of a derived file: where it comes from, that it must not be edited, then what it is. */
export function derivedHeader(from: string, ...about: string[]): string {
  return [`# Derived from ${from} by \`npm run derive\`: do not edit.`, ...about.map((line) => `# ${line}`)]
    .map((line) => `${line}\n`)
    .join('');
}

function render(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (FLOW_KEYS.has(key) && isMap(pair.value)) pair.value.flow = true;
      if (key === 'patch' && isScalar(pair.value)) pair.value.type = Scalar.BLOCK_LITERAL;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** `value` as block YAML with the maps under FLOW_KEYS in flow style, after `header`. */
export function yamlText(header: string, value: unknown): string {
  return `${header}${render(value)}`;
}

/** A JSON patch (RFC 6902) as kustomize's `patch:` text: one line per operation, unless its value is a map. */
export function jsonPatch(operations: readonly Record<string, unknown>[]): string {
  return operations
    .map((op) => {
      const oneLine = typeof op.value !== 'object' || op.value === null;
      const text = oneLine ? render(op).trim() : render(op).trimEnd();
      return oneLine
        ? `- { ${Object.entries(op)
            .map(([k, v]) => `${k}: ${render(v).trim()}`)
            .join(', ')} }`
        : `- ${text.replaceAll('\n', '\n  ')}`;
    })
    .join('\n');
}
