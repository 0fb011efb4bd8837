// zizmor's integration tests as a corpus: each `insta::assert_snapshot!` in
// crates/zizmor/tests/integration/audit/<audit>.rs runs zizmor on input files under test-data/ and holds the
// expected report inline, one `level[audit]: title` and `--> @@INPUT@@:line:column` per finding. Read from a
// work tree or a bare git directory (at HEAD); nothing is copied out of the checkout.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TESTS = 'crates/zizmor/tests/integration/audit';
const TEST_DATA = 'crates/zizmor/tests/integration/test-data';

/** A checkout, read the same way whether it is a work tree or a bare repository. */
export interface Checkout {
  readonly revision: string;
  list(dir: string): string[];
  read(path: string): string;
}

export function openCheckout(path: string): Checkout {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', path, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: 'pipe' });
  const fromDisk = (revision: string): Checkout => ({
    revision,
    list: (dir) => readdirSync(join(path, dir)),
    read: (file) => readFileSync(join(path, file), 'utf8'),
  });
  let bare: boolean;
  let revision: string;
  try {
    revision = git('rev-parse', 'HEAD').trim();
    bare = git('rev-parse', '--is-bare-repository').trim() === 'true';
  } catch {
    return fromDisk('a directory without git history'); // an unpacked release archive, say
  }
  if (!bare) return fromDisk(revision);
  return {
    revision,
    list: (dir) => git('ls-tree', '--name-only', `HEAD:${dir}`).split('\n').filter(Boolean),
    read: (file) => git('show', `HEAD:${file}`),
  };
}

/** One finding zizmor's snapshot expects. */
export interface Expected {
  /** Repository-relative path of the input file. */
  readonly file: string;
  readonly audit: string;
  readonly line: number;
}

/** One snapshot assertion: its single input file and what zizmor reports on it. */
export interface Case {
  readonly test: string;
  readonly file: string;
  readonly expected: readonly Expected[];
}

export interface Corpus {
  readonly cases: readonly Case[];
  /** Assertions left out, with why (a directory, an action, a custom config, a file built by the test). */
  readonly skipped: ReadonlyMap<string, number>;
}

const FINDING = /^\s*(?:error|warning|help|info|note)\[([a-z0-9-]+)\]:[^\n]*\n\s*-->\s*@@INPUT@@:(\d+):\d+/gm;
const INPUT = /input_under_test\(\s*"([^"]+)"\s*\)/g;
/** The inline snapshot: `@"…"` or `@r#"…"#`. */
const SNAPSHOT = /@(?:r(#*)"([\s\S]*?)"\1|"((?:[^"\\]|\\.)*)")/;

/** Workflow inputs only: our checker reads workflows, not actions, Dependabot or pre-commit files. */
const isWorkflow = (name: string) =>
  /\.ya?ml$/.test(name) && !/(^|\/)action\.ya?ml$/.test(name) && !/dependabot|pre-commit/.test(name);

export function readCorpus(checkout: Checkout): Corpus {
  const cases: Case[] = [];
  const skipped = new Map<string, number>();
  const skip = (why: string) => skipped.set(why, (skipped.get(why) ?? 0) + 1);
  for (const name of checkout.list(TESTS).filter((f) => f.endsWith('.rs') && f !== 'mod.rs')) {
    const source = checkout.read(`${TESTS}/${name}`);
    const blocks = source.split('assert_snapshot!(').slice(1);
    for (const block of blocks) {
      const snapshot = SNAPSHOT.exec(block);
      if (snapshot === null) {
        skip('snapshot kept in a file, not inline');
        continue;
      }
      const head = block.slice(0, snapshot.index);
      const inputs = [...head.matchAll(INPUT)].map((m) => m[1] as string);
      if (/WorkspaceBuilder|\.stdin\(|workspace/.test(head) || inputs.length === 0)
        skip('input written by the test itself');
      else if (/\.config\(/.test(head)) skip('run with a custom zizmor configuration');
      else if (inputs.length > 1) skip('several inputs in one run');
      else if (!isWorkflow(inputs[0] as string)) skip('an action, a directory or a non-workflow file');
      else {
        const file = `${TEST_DATA}/${inputs[0]}`;
        const text = snapshot[2] ?? snapshot[3] ?? '';
        const expected = [...text.matchAll(FINDING)].map((m) => ({
          file,
          audit: m[1] as string,
          line: Number(m[2]),
        }));
        cases.push({ test: name.replace(/\.rs$/, ''), file, expected });
      }
    }
  }
  return { cases, skipped };
}
