// .github/CODEOWNERS: one owner per area (actions, workflows, gitops, terraform, each service). main's
// ruleset requires a code owner's review, so an area without an owner is an area nobody must review.
// The committed file names PLACEHOLDER everywhere until `init` fills in the owners (fillCodeowners).
import { SERVICES } from '../../workflows/paths.js';

export const PLACEHOLDER = '@OWNER';

/** Area -> the CODEOWNERS pattern it owns. */
export const AREAS: Readonly<Record<string, string>> = {
  actions: '/actions/',
  workflows: '/workflows/ /.github/',
  gitops: '/gitops/',
  terraform: '/terraform/',
  ...Object.fromEntries(SERVICES.map((s) => [s, `/services/${s}/`])),
};

/**
 * The text with a line for `service`'s folder, owned by whoever owns everything else (the `*` line: the
 * placeholder until `init`, then the fallback owner), after the last service's line, in the column the
 * others use. Unchanged when the line is there.
 */
export function withServiceOwner(text: string, service: string): string {
  const pattern = `/services/${service}/`;
  if (parseCodeowners(text).has(pattern)) return text;
  const owners = parseCodeowners(text).get('*');
  if (!owners?.length) throw new Error("CODEOWNERS has no `*` line to take the new service's owner from");
  const lines = text.replace(/\n$/, '').split('\n');
  const last = lines.findLastIndex((line) => line.startsWith('/services/'));
  const column = Math.max(
    pattern.length + 2,
    ...lines.filter((line) => line.startsWith('/')).map((line) => /^\S+\s+/.exec(line)?.[0].length ?? 0),
  );
  const line = `${pattern.padEnd(column)}${owners.join(' ')}`;
  lines.splice(last === -1 ? lines.length : last + 1, 0, line);
  return `${lines.join('\n')}\n`;
}

/** Pattern -> owners, from CODEOWNERS text (comments and blank lines skipped). */
export function parseCodeowners(text: string): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const [pattern, ...owners] = line.replace(/#.*$/, '').trim().split(/\s+/);
    if (pattern) rules.set(pattern, owners);
  }
  return rules;
}

/** Areas without an owner, and areas still owned by the placeholder. */
export function codeownersProblems(text: string): { missing: string[]; placeholder: string[] } {
  const rules = parseCodeowners(text);
  const missing: string[] = [];
  const placeholder: string[] = [];
  for (const [area, patterns] of Object.entries(AREAS)) {
    const owners = patterns.split(' ').map((p) => rules.get(p));
    if (owners.some((o) => o === undefined || o.length === 0)) missing.push(area);
    else if (owners.some((o) => o?.includes(PLACEHOLDER))) placeholder.push(area);
  }
  return { missing, placeholder };
}

/**
 * The text with the placeholder replaced: by `owners[area]` on that area's lines, by `fallback` elsewhere.
 * An owner is `@login`, `@org/team` or an email.
 */
export function fillCodeowners(
  text: string,
  fallback: string,
  owners: Readonly<Record<string, string>> = {},
): string {
  const areaOf = new Map(
    Object.entries(AREAS).flatMap(([area, patterns]) => patterns.split(' ').map((p) => [p, area] as const)),
  );
  for (const owner of [fallback, ...Object.values(owners)]) {
    if (!/^(@[A-Za-z0-9-]+(\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+)$/.test(owner))
      throw new Error(`code owner ${JSON.stringify(owner)}: expected @login, @org/team or an email`);
  }
  return text
    .split('\n')
    .map((line) => {
      const pattern = line.trim().split(/\s+/)[0] ?? '';
      const area = areaOf.get(pattern);
      return line.replaceAll(PLACEHOLDER, (area !== undefined ? owners[area] : undefined) ?? fallback);
    })
    .join('\n');
}
