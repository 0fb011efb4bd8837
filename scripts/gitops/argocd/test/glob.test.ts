// The glob Argo CD matches projects with (gobwas/glob): what each construct matches, what does not compile,
// Argo CD's `!` and `*` rules for projects, and which patterns name a finite list of values.
import { describe, expect, it } from '@jest/globals';
import { GlobError, globMatch, parseGlob, pathMatch, projectExpansion, projectMatch } from '../glob.js';

describe('globMatch (gobwas semantics)', () => {
  it.each<[string, string, boolean, string?]>([
    ['*', 'anything/at all', true],
    ['shop-*', 'shop-dev', true],
    ['shop-*', 'shop-', true],
    ['shop-*', 'shopdev', false],
    ['https://git.example.com/*', 'https://git.example.com/a/b', false, '/'],
    ['https://git.example.com/*', 'https://git.example.com/a/b', true],
    ['https://git.example.com/**', 'https://git.example.com/a/b', true, '/'],
    ['?emo', 'demo', true],
    ['?emo', 'emo', false],
    ['a?c', 'a/c', false, '/'],
    ['kube-syste[m]', 'kube-system', true],
    ['kube-syste[mn]', 'kube-systen', true],
    ['[a-c]at', 'bat', true],
    ['[a-c]at', 'dat', false],
    ['[!a-c]at', 'dat', true],
    ['[!a-c]at', 'cat', false],
    ['[!abc]at', 'fat', true],
    ['[!abc]at', 'bat', false],
    ['[^a]b', '^b', true], // `^` is an ordinary member: only `!` negates
    ['{dev,prod}-shop', 'prod-shop', true],
    ['{dev,prod}-shop', 'qa-shop', false],
    ['{a,{b,c}x}', 'cx', true],
    ['{a,b*}', 'bee', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['a}b,c', 'a}b,c', true], // `}` and `,` are text outside braces
    ['kube-system', 'kube-system', true],
    ['Kube-system', 'kube-system', false],
    ['', '', true],
    ['a.b', 'axb', false], // regular-expression characters are text
  ])('%s on %s is %s', (pattern, text, expected, separators = '') => {
    expect(globMatch(pattern, text, separators)).toBe(expected);
  });

  it.each(['{a,b', '[a', '[]', '[z-a]', '[a-c-e]'])(
    '%s does not compile, so it matches nothing',
    (pattern) => {
      expect(() => parseGlob(pattern)).toThrow(GlobError);
      expect(globMatch(pattern, 'a')).toBe(false);
    },
  );
});

describe('projectMatch (Argo CD AppProject rules)', () => {
  it('reads a leading ! as "everything the rest does not match"', () => {
    expect(projectMatch('!kube-system', 'shop-dev')).toBe(true);
    expect(projectMatch('!kube-system', 'kube-system')).toBe(false);
    expect(projectMatch('!kube-*', 'kube-public')).toBe(false);
  });

  it('matches * with everything, separators or not', () => {
    expect(projectMatch('*', 'a/b', '/')).toBe(true);
    expect(projectMatch('*/b', 'a/x/b', '/')).toBe(false);
  });
});

describe('projectExpansion', () => {
  it.each<[string, string[] | undefined]>([
    ['kube-system', ['kube-system']],
    ['kube-syste[m]', ['kube-system']],
    ['{shop-dev,monitoring}', ['shop-dev', 'monitoring']],
    ['shop-{dev,prod}', ['shop-dev', 'shop-prod']],
    ['ns-[a-c]', ['ns-a', 'ns-b', 'ns-c']],
    ['{a,b}{c,d}', ['ac', 'ad', 'bc', 'bd']],
    ['*', undefined],
    ['shop-?', undefined],
    ['ns-[!a]', undefined],
    ['{a,b*}', undefined],
    ['!kube-system', undefined],
    ['x-[a-z][a-z]', undefined], // 676 values: past the limit, treated as widened
    ['{a,b', []], // does not compile: matches nothing
  ])('%s names %j', (pattern, expected) => {
    const found = projectExpansion(pattern);
    expect(found && [...found].sort()).toEqual(expected && [...expected].sort());
  });
});

describe("pathMatch (Go's filepath.Match, for resource kinds)", () => {
  it.each<[string, string, boolean]>([
    ['*', 'ClusterRole', true],
    ['Cluster*', 'ClusterRoleBinding', true],
    ['*', 'a/b', false],
    ['?', '/', false],
    ['Namespac[e]', 'Namespace', true],
    ['[A-CN]amespace', 'Namespace', true],
    ['[^N]amespace', 'Namespace', false],
    ['[^N]amespace', 'Xamespace', true],
    ['[!N]amespace', '!amespace', true], // `!` is a member: only `^` negates
    ['{a,b}', '{a,b}', true], // no braces
    ['\\*', '*', true],
    ['', '', true],
    ['rbac.authorization.k8s.io', 'rbacXauthorization.k8s.io', false],
    ['[z-a]x', 'mx', false], // a reversed range matches nothing
  ])('%s on %s is %s', (pattern, text, expected) => {
    expect(pathMatch(pattern, text)).toBe(expected);
  });

  it.each(['[', '[]a]', '[-a]', '[a-]', 'a\\', '[a'])('%s is malformed, so it matches nothing', (pattern) => {
    expect(pathMatch(pattern, 'a')).toBe(false);
    expect(pathMatch(pattern, pattern)).toBe(false);
  });
});
