// Score's `${...}` placeholders in container variables: `${metadata.name}` and `${resources.<name>.<output>}`.
// The catalogue checks that each names a declared resource; whoever runs the workload (npm start, the
// rehearsal, later the GitOps tree) resolves them with its own provisioners' outputs.

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** A placeholder's parts: `resources.db.url` → `{resource: 'db', output: 'url'}`. */
export type Placeholder =
  | { readonly resource: string; readonly output: string }
  | { readonly metadata: string };

export function placeholdersOf(value: string): Array<{ text: string; placeholder: Placeholder | undefined }> {
  return [...value.matchAll(PLACEHOLDER)].map(([text, inner = '']) => {
    const resource = /^resources\.([a-z0-9-]+)\.([A-Za-z0-9_]+)$/.exec(inner);
    if (resource?.[1] && resource[2])
      return { text, placeholder: { resource: resource[1], output: resource[2] } };
    const metadata = /^metadata\.(name)$/.exec(inner);
    return { text, placeholder: metadata?.[1] ? { metadata: metadata[1] } : undefined };
  });
}

/** The outputs a runner provides: `outputs[resource][output]`. */
export type ResourceOutputs = Readonly<Record<string, Readonly<Record<string, string | undefined>>>>;

/**
 * Substitutes every placeholder of `variables`; a variable whose output the runner does not provide
 * is left out (the service's own config then names it if it is required).
 */
export function resolveVariables(
  variables: Readonly<Record<string, string>>,
  context: { readonly name: string; readonly outputs: ResourceOutputs },
): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables)) {
    let missing = false;
    const text = value.replace(PLACEHOLDER, (match) => {
      const [found] = placeholdersOf(match);
      const p = found?.placeholder;
      const out =
        p === undefined
          ? undefined
          : 'metadata' in p
            ? context.name
            : context.outputs[p.resource]?.[p.output];
      if (out === undefined) missing = true;
      return out ?? '';
    });
    if (!missing) resolved[key] = text;
  }
  return resolved;
}
