import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { changedLines, digest, OVERLAY_KUSTOMIZATION } from '../../../scripts/lib/git-remote.js';
import { parseImages } from '../src/images.js';
import { findKustomization, KustomizationError, pinImages } from '../src/kustomization.js';

const REPO = 'registry.example.com/shop';
const pin = (lines: string) => pinImages(OVERLAY_KUSTOMIZATION, parseImages(lines));
const imagesOf = (text: string) => (parse(text) as { images: Array<Record<string, string>> }).images;

describe('pinImages keeps every byte but the changed lines', () => {
  it('updates a digest in place, keeping the comment on the line before and after', () => {
    const { text, changes, rendering } = pin(`inventory=${REPO}/inventory@${digest('a')}`);
    expect(rendering).toBe('splice');
    expect(changedLines(OVERLAY_KUSTOMIZATION, text)).toEqual([[13, `  digest: ${digest('a')}`]]);
    expect(changes).toEqual([
      {
        name: 'inventory',
        before: `${REPO}/inventory@${digest('0')}`,
        after: `${REPO}/inventory@${digest('a')}`,
      },
    ]);
  });

  it('switches a tag to a digest on the same line (its comment stays) and adds newName after name', () => {
    const { text } = pin(`pricing=${REPO}/pricing@${digest('b')}`);
    const before = OVERLAY_KUSTOMIZATION.split('\n');
    const after = text.split('\n');
    expect(after).toEqual([
      ...before.slice(0, 14),
      `  newName: ${REPO}/pricing`,
      `  digest: ${digest('b')}   # pinned by hand`,
      ...before.slice(15),
    ]);
  });

  it('switches a digest to a tag, quoting a tag YAML would read as a number', () => {
    const { text } = pin(`payments=${REPO}/payments:2.0`);
    expect(changedLines(OVERLAY_KUSTOMIZATION, text)).toEqual([[19, '  newTag: "2.0"']]);
    expect(imagesOf(text).find((i) => i.name === 'payments')).toEqual({
      name: 'payments',
      newName: `${REPO}/payments`,
      newTag: '2.0',
    });
  });

  it('keeps the quoting style of a value it replaces', () => {
    const { text } = pin(`shipping=${REPO}/shipping:2.4.0`);
    expect(changedLines(OVERLAY_KUSTOMIZATION, text)).toEqual([[22, "  newTag: '2.4.0'"]]);
  });

  it('edits a flow-style entry inside its braces', () => {
    const { text } = pin(`orders=${REPO}/orders@${digest('c')}`);
    expect(changedLines(OVERLAY_KUSTOMIZATION, text)).toEqual([
      [16, `- {name: orders, newName: ${REPO}/orders, digest: ${digest('c')}}`],
    ]);
  });

  it('drops newName when the repository is the name itself', () => {
    const { text } = pin(`catalog=catalog:v9`);
    const lines = text.split('\n');
    expect(lines.slice(22, 25)).toEqual(['- name: catalog', '  newTag: v9', '- name: search']);
    expect(text.split('\n').length).toBe(OVERLAY_KUSTOMIZATION.split('\n').length - 1);
  });

  it('appends an image the list does not have, in the list style of the file', () => {
    const { text, changes } = pin(`audit=${REPO}/audit@${digest('d')}`);
    expect(text).toBe(
      OVERLAY_KUSTOMIZATION.replace(
        `digest: ${digest('4')}\n`,
        `digest: ${digest('4')}\n- name: audit\n  newName: ${REPO}/audit\n  digest: ${digest('d')}\n`,
      ),
    );
    expect(changes).toEqual([{ name: 'audit', before: undefined, after: `${REPO}/audit@${digest('d')}` }]);
  });

  it('changes several images at once and leaves the rest alone', () => {
    const { text, changes } = pin(
      [`search=${REPO}/search@${digest('e')}`, `gateway=${REPO}/gateway@${digest('f')}`].join('\n'),
    );
    expect(changes.map((c) => c.name)).toEqual(['search', 'gateway']);
    expect(changedLines(OVERLAY_KUSTOMIZATION, text).map(([line]) => line)).toEqual([28, 31]);
  });

  it('returns the very same text and no changes when everything is already pinned', () => {
    const result = pin(
      [
        `inventory=${REPO}/inventory@${digest('0')}`,
        'pricing=pricing:1.0',
        `orders=${REPO}/orders:v1`,
        `shipping=${REPO}/shipping:2.3.4`,
      ].join('\n'),
    );
    expect(result).toEqual({ text: OVERLAY_KUSTOMIZATION, changes: [], rendering: 'unchanged', notes: [] });
  });
});

describe('pinImages on other layouts', () => {
  it('creates the images list when there is none, following the file sequence indentation', () => {
    const { text } = pinImages('resources:\n  - ../base # the app\n', parseImages(`web=web@${digest('1')}`));
    expect(text).toBe(
      `resources:\n  - ../base # the app\nimages:\n  - name: web\n    digest: ${digest('1')}\n`,
    );
  });

  it('turns an empty flow list into a block list', () => {
    const { text } = pinImages('resources: [../base]\nimages: []\n', parseImages(`web=r/web:v1`));
    expect(text).toBe('resources: [../base]\nimages:\n- name: web\n  newName: r/web\n  newTag: v1\n');
  });

  it('falls back to the Document API rendering where a splice cannot be made, with the same meaning', () => {
    const source = 'images:\n- newName: other\n  name: web\n  newTag: v1\n';
    const { text, rendering } = pinImages(source, parseImages(`web=web@${digest('2')}`));
    expect(rendering).toBe('document');
    expect(imagesOf(text)).toEqual([{ name: 'web', digest: digest('2') }]);
  });

  it('adds a field after the last pair that stays when the last one goes', () => {
    const source = 'images:\n- name: web # the app\n  newName: other\nresources: []\n';
    const { text } = pinImages(source, parseImages(`web=web@${digest('3')}`));
    expect(text).toBe(`images:\n- name: web # the app\n  digest: ${digest('3')}\nresources: []\n`);
  });

  it('keeps CRLF line endings of a CRLF file', () => {
    const source = 'resources:\r\n- ../base # app\r\nimages:\r\n- name: web\r\n  newTag: v1\r\n';
    const { text } = pinImages(source, parseImages(`web=r/web@${digest('4')}\napi=api:v2`));
    expect(text).toBe(
      `resources:\r\n- ../base # app\r\nimages:\r\n- name: web\r\n  newName: r/web\r\n  digest: ${digest('4')}\r\n- name: api\r\n  newTag: v2\r\n`,
    );
  });

  it('handles an indented list and a file without a trailing newline', () => {
    const source = 'images:\n    -   name: web\n        newTag: v1';
    const { text } = pinImages(source, parseImages('web=web:v2\napi=r/api:v1'));
    expect(text).toBe(
      'images:\n    -   name: web\n        newTag: v2\n    -   name: api\n        newName: r/api\n        newTag: v1',
    );
  });

  it.each([
    ['invalid YAML', 'images: [\n', 'not valid YAML'],
    ['a list at the top', '- a\n', 'not a YAML mapping'],
    ['images as a mapping', 'images:\n  web: v1\n', "'images' is not a list"],
    ['a non-mapping entry', 'images:\n- web\n', 'must be a mapping'],
    ['a duplicated entry', 'images:\n- name: web\n- name: web\n', "lists 'web' 2 times"],
  ])('refuses %s', (_, source, message) => {
    expect(() => pinImages(source, parseImages('web=web:v2'))).toThrow(KustomizationError);
    expect(() => pinImages(source, parseImages('web=web:v2'))).toThrow(message);
  });
});

describe('findKustomization', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kfind-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds each accepted name and refuses none or two', () => {
    for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
      const sub = join(dir, name.replace('.', '-'));
      mkdirSync(sub);
      writeFileSync(join(sub, name), 'resources: []\n');
      expect(findKustomization(sub)).toBe(join(sub, name));
    }
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(() => findKustomization(empty)).toThrow("is 'path' a Kustomize directory?");
    writeFileSync(join(empty, 'kustomization.yaml'), '');
    writeFileSync(join(empty, 'kustomization.yml'), '');
    expect(() => findKustomization(empty)).toThrow('accepts only one of them');
  });
});

describe('defects found by a hostile run (issue 16)', () => {
  /** The source with the lines `inserted` removed must be the source: nothing else moved. */
  const withoutLines = (text: string, inserted: string[]) =>
    text
      .split('\n')
      .filter((line) => !inserted.includes(line))
      .join('\n');

  it('fills an empty images key followed by a comment, keeping every other byte', () => {
    const source =
      'resources:\n  - ../base   # the app\nimages:   # pinned by CI\n# none yet\nlabels:\n  - pairs: {a: b}\n';
    const { text, rendering } = pinImages(source, parseImages(`web=r/web@${digest('5')}`));
    expect(rendering).toBe('splice');
    const entry = ['  - name: web', '    newName: r/web', `    digest: ${digest('5')}`];
    expect(text).toBe(
      `resources:\n  - ../base   # the app\nimages:   # pinned by CI\n${entry.join('\n')}\n# none yet\nlabels:\n  - pairs: {a: b}\n`,
    );
    expect(withoutLines(text, entry)).toBe(source);
  });

  it('keeps the comment of `images: [] # c` on the images line', () => {
    const source = 'resources: [../base]\nimages: [] # filled by CI\nnamespace: dev\n';
    const { text } = pinImages(source, parseImages('web=r/web:v1'));
    expect(text).toBe(
      'resources: [../base]\nimages: # filled by CI\n- name: web\n  newName: r/web\n  newTag: v1\nnamespace: dev\n',
    );
  });

  it('refuses to edit a value another image aliases, naming the anchor and both images', () => {
    const source = 'images:\n- name: web\n  newTag: &t v1\n- name: api\n  newTag: *t\n';
    expect(() => pinImages(source, parseImages('web=web:v2'))).toThrow(KustomizationError);
    expect(() => pinImages(source, parseImages('web=web:v2'))).toThrow(
      "'web' newTag is the YAML anchor &t that other entries use (*t)",
    );
    // Also when the whole entry is anchored and merged into another one.
    const merged = 'images:\n- &w {name: web, newTag: v1}\n- <<: *w\n  name: api\n';
    expect(() => pinImages(merged, parseImages('web=web:v2'))).toThrow('YAML anchor &w');
  });

  it('de-aliases just the edited image when its value is an alias, and says so', () => {
    const source = 'images:\n- name: web\n  newTag: &t v1\n- name: api # same\n  newTag: *t\n';
    const { text, changes, notes } = pinImages(source, parseImages('api=api:v2'));
    expect(text).toBe('images:\n- name: web\n  newTag: &t v1\n- name: api # same\n  newTag: v2\n');
    expect(changes).toEqual([{ name: 'api', before: 'api:v1', after: 'api:v2' }]);
    expect(notes).toEqual(["'api' newTag was the YAML alias *t; it now has its own value"]);
  });
});
