// check:terraform measured on checkov's own per-check tests: for each CKV id our checks stand for, the
// tests that import that check (tests/terraform/checks/{resource,data}/aws/test_<Check>.py) list the
// resource addresses checkov must pass and fail in their example folder. We run our checker on that folder
// and count a failing resource caught when a finding names its address and quotes the id ([CKV_AWS_n]); a
// passing resource is wrongly refused when such a finding names it. A test that judges inline HCL
// (`hcl2.loads("""...""")` with an expected CheckResult per test method) counts one resource per method;
// a test that judges a Python dict is listed in the notes. Read from a work tree or a bare git directory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecks } from '../../scripts/checks/check.js';
import { terraformChecks } from '../../scripts/terraform/checks/index.js';
import { loadTree } from '../../scripts/terraform/hcl.js';
import type { CorpusResult, CorpusRow } from './corpus.js';

interface Checkout {
  readonly revision: string;
  list(dir: string): string[];
  read(path: string): string | undefined;
  /** A directory on disk holding `dir` of the checkout (extracted for a bare one). */
  materialise(dir: string): string;
  /** A private temporary directory, removed by dispose. */
  readonly scratch: string;
  dispose(): void;
}

function open(path: string): Checkout {
  const bare = !existsSync(join(path, '.git')) && existsSync(join(path, 'HEAD'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', path, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const scratch = mkdtempSync(join(tmpdir(), 'checkov-corpus-'));
  const files = git(
    'ls-tree',
    '-r',
    '--name-only',
    'HEAD',
    'tests/terraform/checks',
    'checkov/terraform/checks',
  )
    .split('\n')
    .filter(Boolean);
  return {
    revision: git('rev-parse', 'HEAD').trim(),
    list: (dir) => files.filter((f) => f.startsWith(`${dir}/`)),
    read: (file) => {
      try {
        return bare ? git('show', `HEAD:${file}`) : readFileSync(join(path, file), 'utf8');
      } catch {
        return undefined;
      }
    },
    materialise: (dir) => {
      if (!bare) return join(path, dir);
      execFileSync('sh', [
        '-c',
        `git -C "$1" archive HEAD "$2" 2>/dev/null | tar -x -C "$3"`,
        'sh',
        path,
        dir,
        scratch,
      ]);
      return join(scratch, dir);
    },
    scratch,
    dispose: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

/** The quoted strings of `name = { ... }` in a test file; undefined when the test has no such set. */
function addressSet(test: string, name: string): string[] | undefined {
  const body = new RegExp(`${name}\\s*=\\s*(?:set\\()?[{[]([^}\\]]*)[}\\]]`).exec(test)?.[1];
  if (body === undefined) return undefined;
  return [...body.matchAll(/["']([^"']+)["']/g)].map((m) => m[1] as string);
}

interface InlineCase {
  readonly address: string;
  readonly hcl: string;
  readonly fails: boolean;
}

/** The test methods that load an HCL string and expect PASSED or FAILED for one resource of it. */
function inlineCases(test: string): InlineCase[] {
  return test.split(/\n\s*def test/).flatMap((method) => {
    const hcl = /hcl2\.loads\(\s*(?:r|f)?(?:"""|''')([\s\S]*?)(?:"""|''')/.exec(method)?.[1];
    const expected = /CheckResult\.(PASSED|FAILED)/.exec(method)?.[1];
    if (!hcl || !expected) return [];
    const picked = /\['resource'\]\[0\]\['([\w-]+)'\]\['([\w-]+)'\]/.exec(method);
    const header = /resource\s+"?([\w-]+)"?\s+"([\w-]+)"/.exec(hcl);
    const address = picked ? `${picked[1]}.${picked[2]}` : header ? `${header[1]}.${header[2]}` : undefined;
    return address ? [{ address, hcl, fails: expected === 'FAILED' }] : [];
  });
}

/** True when a finding message is about `address` (our messages start with the block's address). */
function names(message: string, address: string): boolean {
  return message.startsWith(`${address}:`) || message.startsWith(`data.${address}:`);
}

export async function measure(path: string): Promise<CorpusResult> {
  const checkout = open(path);
  const notes: string[] = [];
  try {
    const ours = new Map<string, string[]>();
    for (const c of terraformChecks)
      for (const id of c.standsFor ?? []) ours.set(id, [...(ours.get(id) ?? []), c.id]);

    // CKV id of each check module, read from its source (`id = "CKV_AWS_n"` or `check_id="CKV_AWS_n"`).
    const idOf = new Map<string, string>();
    for (const kind of ['resource', 'data'])
      for (const file of checkout.list(`checkov/terraform/checks/${kind}/aws`)) {
        const id = /\b(?:check_)?id\s*=\s*"(CKV2?_AWS_\d+)"/.exec(checkout.read(file) ?? '')?.[1];
        const module = /\/([A-Za-z0-9_]+)\.py$/.exec(file)?.[1];
        if (id && module) idOf.set(`${kind}.aws.${module}`, id);
      }

    const rows = new Map<string, { expected: number; caught: number; passing: number; refused: number }>();
    const measured = new Set<string>();
    for (const kind of ['resource', 'data'])
      for (const testFile of checkout.list(`tests/terraform/checks/${kind}/aws`)) {
        if (!/\/test_[^/]+\.py$/.test(testFile)) continue;
        const test = checkout.read(testFile) ?? '';
        const module =
          /from checkov\.terraform\.checks\.(resource|data)\.aws\.([A-Za-z0-9_]+) import (?:check|scanner)/.exec(
            test,
          );
        const id = module ? idOf.get(`${module[1]}.aws.${module[2]}`) : undefined;
        if (!id || !ours.has(id)) continue;
        const failing = addressSet(test, 'failing_resources');
        const passing = addressSet(test, 'passing_resources') ?? [];
        const example = /["'/](example_[A-Za-z0-9_]+)["']/.exec(test)?.[1];
        const row = rows.get(id) ?? { expected: 0, caught: 0, passing: 0, refused: 0 };
        rows.set(id, row);
        const count = (fails: boolean, caught: boolean) => {
          if (fails) {
            row.expected++;
            if (caught) row.caught++;
          } else {
            row.passing++;
            if (caught) row.refused++;
          }
        };
        if (!failing || !example) {
          const cases = inlineCases(test);
          if (cases.length === 0) {
            notes.push(`${id}: ${testFile} judges a Python dict, not Terraform: not counted`);
            continue;
          }
          for (const [i, c] of cases.entries()) {
            const dir = join(checkout.scratch, 'inline', `${id}-${i}`);
            mkdirSync(dir, { recursive: true });
            writeFileSync(join(dir, 'main.tf'), c.hcl);
            const { tree } = await loadTree(dir, tmpdir());
            const messages = (await runChecks(terraformChecks, tree)).map((f) => f.message);
            count(
              c.fails,
              messages.some((m) => m.includes(`[${id}]`) && names(m, c.address)),
            );
          }
          measured.add(id);
          continue;
        }
        const folder = `tests/terraform/checks/${kind}/aws/${example}`;
        const { tree } = await loadTree(checkout.materialise(folder), tmpdir());
        const messages = (await runChecks(terraformChecks, tree))
          .map((f) => f.message)
          .filter((m) => m.includes(`[${id}]`));
        for (const a of failing)
          count(
            true,
            messages.some((m) => names(m, a)),
          );
        for (const a of passing)
          count(
            false,
            messages.some((m) => names(m, a)),
          );
        measured.add(id);
      }
    for (const id of ours.keys())
      if (!measured.has(id) && !notes.some((n) => n.startsWith(`${id}:`)))
        notes.push(
          `${id}: no test in tests/terraform/checks/{resource,data}/aws imports its check (a graph check?): not counted`,
        );
    const out: CorpusRow[] = [...rows.entries()]
      .filter(([, r]) => r.expected + r.passing > 0)
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([id, r]) => ({
        anchorCheck: id,
        ours: (ours.get(id) ?? []).join(', '),
        expected: r.expected,
        caught: r.caught,
        passing: r.passing,
        wronglyRefused: r.refused,
      }));
    return { anchor: 'bridgecrewio/checkov', revision: checkout.revision, rows: out, notes };
  } finally {
    checkout.dispose();
  }
}
