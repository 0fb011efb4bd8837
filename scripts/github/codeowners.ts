// .github/CODEOWNERS: one owner per area (actions, workflows, gitops, terraform, each service). main's
// ruleset requires a code owner's review, so an area without an owner is an area nobody must review.
// Its owners come from init.values.json (`owners` per area, else the `reviewers`), written by
// `npm run derive` (codeownersFor); the upstream file, whose values name no one, says PLACEHOLDER.
import { SERVICES } from '../../workflows/paths.js';

export const PLACEHOLDER = '@OWNER';

/** Area -> the CODEOWNERS patterns it owns (space-separated), for these services. */
export function areasOf(services: readonly string[]): Readonly<Record<string, string>> {
  return {
    actions: '/actions/',
    workflows: '/workflows/ /.github/',
    gitops: '/gitops/',
    terraform: '/terraform/',
    ...Object.fromEntries(services.map((s) => [s, `/services/${s}/`])),
  };
}

/** This repository's areas. */
export const AREAS: Readonly<Record<string, string>> = areasOf(SERVICES);

/** A reviewer of init.values.json (`login` or `org/team`) as a code owner. */
export const ownerOf = (reviewer: string): string => `@${reviewer.replace(/^@/, '')}`;

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
 * CODEOWNERS as the init values say: every area's line owned by `owners[area]`, else by `fallback`, which
 * also owns `*`; an area without its line gets one (a service's after the others, as new:service adds it).
 * Lines for other paths, comments and the column are kept. An owner is `@login`, `@org/team` or an email.
 * @throws Error naming an area `owners` gives that is not one of `areas`, or an owner that is none of those
 */
export function codeownersFor(
  text: string,
  areas: Readonly<Record<string, string>>,
  fallback: readonly string[],
  owners: Readonly<Record<string, readonly string[]>> = {},
): string {
  for (const owner of [...fallback, ...Object.values(owners).flat()])
    if (!/^(@[A-Za-z0-9-]+(\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+)$/.test(owner))
      throw new Error(`code owner ${JSON.stringify(owner)}: expected @login, @org/team or an email`);
  const unknown = Object.keys(owners).filter((area) => !(area in areas));
  if (unknown.length > 0)
    throw new Error(
      `owners of ${unknown.join(', ')}: not a CODEOWNERS area (${Object.keys(areas).join(', ')})`,
    );
  let out = text;
  for (const [area, patterns] of Object.entries(areas))
    for (const pattern of patterns.split(' ')) {
      if (parseCodeowners(out).has(pattern)) continue;
      out = pattern.startsWith('/services/')
        ? withServiceOwner(out, area)
        : `${out.replace(/\n*$/, '\n')}${pattern}  ${PLACEHOLDER}\n`;
    }
  const areaOf = new Map(
    Object.entries(areas).flatMap(([area, patterns]) => patterns.split(' ').map((p) => [p, area] as const)),
  );
  return out
    .split('\n')
    .map((line) => {
      const head = /^(\S+)(\s+)\S/.exec(line);
      if (!head || line.startsWith('#')) return line;
      const [, pattern = '', space = ''] = head;
      const area = areaOf.get(pattern);
      if (pattern !== '*' && area === undefined) return line;
      const wanted = (area !== undefined ? owners[area] : undefined) ?? fallback;
      return `${pattern}${space}${wanted.join(' ')}`;
    })
    .join('\n');
}
