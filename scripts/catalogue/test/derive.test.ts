import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { ScratchRepository } from '../../lib/scratch-repository.js';
import { drift, main, removeStale, writeDerived } from '../derive.js';
import { derivedFiles, staleFolders } from '../derived.js';

const catalogue = loadCatalogue();
const scratch = mkdtempSync(join(tmpdir(), 'derive-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('files derived from the service catalogue', () => {
  it('are committed exactly as services/*/score.yaml give them (run npm run derive)', () => {
    expect(drift(catalogue.root, derivedFiles(catalogue))).toEqual([]);
    expect(staleFolders(catalogue)).toEqual([]);
  });

  it("lose a service's base when its declaration goes, and --check names it until then", () => {
    const repo = new ScratchRepository();
    try {
      repo.derive();
      // The last one: inventory holds the entrypoint's routes, which an Ingress needs.
      const gone = repo.catalogue().names.at(-1);
      repo.undeclare(gone as string);
      const after = repo.catalogue();
      expect(staleFolders(after)).toEqual([`gitops/apps/base/${gone}`]);
      expect(main(['--check'], repo.root)).toBe(1);
      expect(removeStale(after)).toEqual([`gitops/apps/base/${gone}`]);
      expect(staleFolders(after)).toEqual([]);
    } finally {
      repo.dispose();
    }
  });

  it('are written where they differ, and only there', () => {
    const files = [
      { path: 'a/one.yaml', text: 'one\n' },
      { path: 'b/c/two.yaml', text: 'two\n' },
    ];
    expect(writeDerived(scratch, files)).toEqual(['a/one.yaml', 'b/c/two.yaml']);
    expect(readFileSync(join(scratch, 'b/c/two.yaml'), 'utf8')).toBe('two\n');
    expect(drift(scratch, files)).toEqual([]);
    writeFileSync(join(scratch, 'a/one.yaml'), 'edited by hand\n');
    expect(drift(scratch, files)).toEqual(['a/one.yaml']);
    expect(writeDerived(scratch, files)).toEqual(['a/one.yaml']);
    expect(readFileSync(join(scratch, 'a/one.yaml'), 'utf8')).toBe('one\n');
  });

  it('refuses a declaration that is not valid with its message, exit 2, and writes nothing', () => {
    const root = join(scratch, 'broken');
    mkdirSync(join(root, 'services', 'broken'), { recursive: true });
    writeFileSync(join(root, 'services', 'broken', 'score.yaml'), 'apiVersion: score.dev/v1b1\n');
    const errors: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => errors.push(chunk) > 0) as typeof process.stderr.write;
    try {
      expect(main([], root)).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toMatch(/^derive: services\/broken\/score.yaml:\n {2}- /);
    expect(errors.join('')).not.toContain('    at ');
    expect(readdirSync(root)).toEqual(['services']);
  });
});
