// The services' alert rules, checked by Prometheus' own tool: `promtool check rules` on each
// PrometheusRule's groups and `promtool test rules` on the unit tests beside its file
// (alerts.yaml -> alerts.test.yaml, whose rule_files names alerts.rules.yaml, written here). Every
// alert must have a test case where it fires and one where it does not.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { list, type RenderedObject, record } from './model.js';

const run = promisify(execFile);

/** Options of {@link promtoolProblems}. */
export interface PromtoolOptions {
  repoRoot: string;
  /** @defaultValue `promtool` from PATH */
  promtool?: string;
}

/** What promtool reports on a PrometheusRule: `check rules`, `test rules`, or an alert without both cases. */
export interface PromtoolProblem {
  readonly kind: 'check' | 'test' | 'untested';
  readonly message: string;
}

const checked = new WeakMap<RenderedObject, Promise<PromtoolProblem[]>>();

/** promtool's problems with one PrometheusRule, run once for the three promtool checks. */
export function promtoolProblems(item: RenderedObject, options: PromtoolOptions): Promise<PromtoolProblem[]> {
  let found = checked.get(item);
  if (!found) {
    found = checkRule(item, options);
    checked.set(item, found);
  }
  return found;
}

async function checkRule(item: RenderedObject, options: PromtoolOptions): Promise<PromtoolProblem[]> {
  const groups = list(record(item.object.spec)?.groups);
  const base = basename(item.file).replace(/\.ya?ml$/, '');
  const testFile = join(options.repoRoot, item.file.replace(/\.ya?ml$/, '.test.yaml'));
  const dir = await mkdtemp(join(tmpdir(), 'gitops-promtool-'));
  const out: PromtoolProblem[] = [];
  const add = (kind: PromtoolProblem['kind'], message: string) => out.push({ kind, message });
  try {
    await writeFile(join(dir, `${base}.rules.yaml`), stringify({ groups }));
    const check = await promtool(options, ['check', 'rules', `${base}.rules.yaml`], dir);
    if (check !== undefined) add('check', check);
    if (!existsSync(testFile)) {
      add('untested', `no unit tests: write ${item.file.replace(/\.ya?ml$/, '.test.yaml')}`);
      return out;
    }
    await copyFile(testFile, join(dir, 'rules.test.yaml'));
    const test = await promtool(options, ['test', 'rules', 'rules.test.yaml'], dir);
    if (test !== undefined) add('test', test);
    for (const message of coverageGaps(groups, parse(await readFile(testFile, 'utf8'))))
      add('untested', message);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

/** Runs promtool in `cwd`; its output when it fails, undefined when it passes. */
async function promtool(options: PromtoolOptions, args: string[], cwd: string): Promise<string | undefined> {
  try {
    await run(options.promtool ?? 'promtool', args, { cwd });
    return undefined;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT')
      return `promtool is not installed (Debian package "prometheus"): \`promtool ${args.join(' ')}\` cannot run`;
    return `promtool ${args.join(' ')} failed:\n${`${e.stdout ?? ''}${e.stderr ?? ''}`.trim()}`;
  }
}

/** Alerts without a test case that expects them to fire, or without one that expects silence. */
export function coverageGaps(groups: unknown[], tests: unknown): string[] {
  const fires = new Set<string>();
  const silent = new Set<string>();
  for (const test of list(record(tests)?.tests))
    for (const caseItem of list(record(test)?.alert_rule_test)) {
      const c = record(caseItem);
      const name = String(c?.alertname);
      (list(c?.exp_alerts).length > 0 ? fires : silent).add(name);
    }
  const gaps: string[] = [];
  for (const group of groups)
    for (const rule of list(record(group)?.rules)) {
      const alert = record(rule)?.alert;
      if (typeof alert !== 'string') continue;
      if (!fires.has(alert)) gaps.push(`alert ${alert} has no test case in which it fires`);
      if (!silent.has(alert)) gaps.push(`alert ${alert} has no test case in which it is silent (cleared)`);
    }
  return gaps;
}
