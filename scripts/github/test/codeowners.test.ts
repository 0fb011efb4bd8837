// .github/CODEOWNERS names an owner for every area (a new service without its line fails here), and the
// derivation writes the init values' owners: the reviewers everywhere, or an area's own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  AREAS,
  areasOf,
  codeownersFor,
  codeownersProblems,
  PLACEHOLDER,
  parseCodeowners,
  withServiceOwner,
} from '../codeowners.js';

const text = readFileSync(join(import.meta.dirname, '..', '..', '..', '.github', 'CODEOWNERS'), 'utf8');

describe('CODEOWNERS', () => {
  it('names an owner for every area: actions, workflows, gitops, terraform and each service', () => {
    expect(codeownersProblems(text).missing).toEqual([]);
    expect(Object.keys(AREAS)).toEqual(
      expect.arrayContaining(['actions', 'workflows', 'gitops', 'terraform', 'inventory']),
    );
  });

  it('reports an area whose line is gone', () => {
    const without = text.replace(/^\/gitops\/.*$/m, '');
    expect(codeownersProblems(without).missing).toEqual(['gitops']);
  });

  it('is written from the reviewers, or per area, leaving no placeholder, and again when they change', () => {
    const filled = codeownersFor(text, AREAS, ['@acme/platform'], { terraform: ['@acme/infra', '@ana'] });
    expect(filled).not.toContain(PLACEHOLDER);
    expect(codeownersProblems(filled)).toEqual({ missing: [], placeholder: [] });
    const rules = parseCodeowners(filled);
    expect(rules.get('*')).toEqual(['@acme/platform']);
    expect(rules.get('/terraform/')).toEqual(['@acme/infra', '@ana']);
    expect(rules.get('/services/pricing/')).toEqual(['@acme/platform']);
    // The column and the comments stay; a second derivation with other owners replaces the first's.
    expect(filled.split('\n').map((l) => l.replace(/@\S+( @\S+)*$/, ''))).toEqual(
      text.split('\n').map((l) => l.replace(/@\S+( @\S+)*$/, '')),
    );
    expect(parseCodeowners(codeownersFor(filled, AREAS, ['@bo'])).get('/terraform/')).toEqual(['@bo']);
    expect(codeownersFor(filled, AREAS, [PLACEHOLDER])).toBe(text);
    expect(codeownersProblems(text).placeholder.length).toBeGreaterThan(0);
    expect(() => codeownersFor(text, AREAS, ['acme platform'])).toThrow(
      /expected @login, @org\/team or an email/,
    );
    expect(() => codeownersFor(text, AREAS, ['@a'], { billing: ['@b'] })).toThrow(
      /owners of billing: not a CODEOWNERS area/,
    );
  });

  it('gives a declared service without a line its line, and keeps lines of other paths', () => {
    const custom = `${text}/docs/  @writers\n`;
    const derived = codeownersFor(custom, areasOf([...Object.keys(AREAS).slice(4), 'returns']), ['@acme']);
    expect(parseCodeowners(derived).get('/services/returns/')).toEqual(['@acme']);
    expect(parseCodeowners(derived).get('/docs/')).toEqual(['@writers']);
  });

  it("takes a new service's line after the others, with the default owner, once (new:service)", () => {
    const filled = codeownersFor(text, AREAS, ['@acme/platform'], { pricing: ['@acme/pricing'] });
    const added = withServiceOwner(filled, 'order-book');
    expect(parseCodeowners(added).get('/services/order-book/')).toEqual(['@acme/platform']);
    // Right after the last service's line, in a column at least as wide as the others'.
    const lines = added.trimEnd().split('\n');
    const last = filled
      .trimEnd()
      .split('\n')
      .findLastIndex((line) => line.startsWith('/services/'));
    expect(lines[last + 1]).toMatch(/^\/services\/order-book\/ +@acme\/platform$/);
    expect(withServiceOwner(added, 'order-book')).toBe(added);
    expect(added.replace(/^\/services\/order-book\/.*\n/m, '')).toBe(filled);
    // The placeholder, before `init`.
    expect(parseCodeowners(withServiceOwner(text, 'returns')).get('/services/returns/')).toEqual([
      PLACEHOLDER,
    ]);
    expect(() => withServiceOwner(text.replace(/^\*.*\n/m, ''), 'returns')).toThrow(/no `\*` line/);
  });
});
