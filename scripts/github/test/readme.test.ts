// The root README's "What to set up on GitHub" table is the reference people read: it must name the same
// variables, secrets and environments, at the same scopes, as the catalogue github:setup applies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ENVIRONMENTS, SECRETS, VARIABLES } from '../catalogue.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('### What to set up on GitHub'),
  readme.indexOf('## Development'),
);

/** kind -> name -> the environments its row names ([] for the repository). */
function table(): Map<string, Map<string, string[]>> {
  const kinds = new Map<string, Map<string, string[]>>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const [kind, name] = [cells[1] ?? '', cells[2] ?? ''];
    if (!['variable', 'secret', 'environment'].includes(kind)) continue;
    const scope = /\(environments? (.*?)\)/.exec(name)?.[1] ?? '';
    const names = [...name.replace(/\(.*\)/, '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
    let environments = [...scope.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
    // A secret's environments are said in its description.
    if (kind === 'secret')
      environments = [
        ...(cells[3] ?? '').matchAll(/environment secret of `([^`]+)` and of `([^`]+)`/g),
      ].flatMap((m) => [m[1] as string, m[2] as string]);
    const rows = kinds.get(kind) ?? new Map<string, string[]>();
    for (const n of names) rows.set(n, environments);
    kinds.set(kind, rows);
  }
  return kinds;
}

const scopes = (settings: readonly { name: string; environment?: string }[]) => {
  const byName = new Map<string, string[]>();
  for (const s of settings)
    byName.set(s.name, [
      ...(byName.get(s.name) ?? []),
      ...(s.environment === undefined ? [] : [s.environment]),
    ]);
  return Object.fromEntries([...byName].map(([n, e]) => [n, e.sort()]).sort());
};
const rows = (kind: string) =>
  Object.fromEntries(
    [...(table().get(kind) ?? new Map<string, string[]>())].map(([n, e]) => [n, [...e].sort()]).sort(),
  );

describe('README: What to set up on GitHub', () => {
  it('lists every variable at the scope github:setup sets it', () => {
    expect(rows('variable')).toEqual(scopes(VARIABLES));
  });

  it('lists every secret and environment github:setup makes', () => {
    expect(rows('secret')).toEqual(scopes(SECRETS));
    expect(Object.keys(rows('environment')).sort()).toEqual(ENVIRONMENTS.map((e) => e.name).sort());
  });
});
