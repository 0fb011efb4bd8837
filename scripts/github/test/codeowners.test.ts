// .github/CODEOWNERS names an owner for every area (a new service without its line fails here), and
// `init` can fill the placeholder from one value or per area.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  AREAS,
  codeownersProblems,
  fillCodeowners,
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

  it('is filled from one owner, or per area, leaving no placeholder', () => {
    const filled = fillCodeowners(text, '@acme/platform', { terraform: '@acme/infra' });
    expect(filled).not.toContain(PLACEHOLDER);
    expect(codeownersProblems(filled)).toEqual({ missing: [], placeholder: [] });
    const rules = parseCodeowners(filled);
    expect(rules.get('/terraform/')).toEqual(['@acme/infra']);
    expect(rules.get('/services/pricing/')).toEqual(['@acme/platform']);
    expect(codeownersProblems(text).placeholder.length).toBeGreaterThan(0);
    expect(() => fillCodeowners(text, 'acme platform')).toThrow(/expected @login, @org\/team or an email/);
  });

  it("takes a new service's line after the others, with the default owner, once (new:service)", () => {
    const filled = fillCodeowners(text, '@acme/platform', { pricing: '@acme/pricing' });
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
    expect(parseCodeowners(withServiceOwner(text, 'orders')).get('/services/orders/')).toEqual([PLACEHOLDER]);
    expect(() => withServiceOwner(text.replace(/^\*.*\n/m, ''), 'orders')).toThrow(/no `\*` line/);
  });
});
