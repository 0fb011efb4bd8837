// zizmor's cache-poisoning: GitHub's cache is shared by every run of the repository, pull requests'
// included; a job that restores it while it publishes or deploys can ship what an untrusted run put there.
import { isScalar, type Node } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { publishes, releaseBranches } from '../deploys.js';
import { at, child, type Step, usesName, type WorkflowSource } from '../source.js';

/**
 * Cache-aware actions (lower case) and how their cache is switched: `always`; `on` = input that turns it on
 * (`on: x` with no default); `off` = input that turns it off; `default` = on unless the input says false.
 */
interface Switch {
  readonly input?: string;
  readonly mode: 'always' | 'on' | 'off' | 'default';
  /** From this major version on, `default` becomes `on` (and `auto` means off). */
  readonly until?: number;
  /** The first major version with this switch (older versions do not cache through it). */
  readonly from?: number;
  /** A second input that turns caching on by itself (setup-node's package-manager-cache). */
  readonly also?: Switch;
}

const CACHING: Readonly<Record<string, Switch>> = {
  'actions/cache': { input: 'lookup-only', mode: 'off' },
  'actions/cache/restore': { mode: 'always' },
  'actions/setup-node': {
    input: 'cache',
    mode: 'on',
    also: { input: 'package-manager-cache', mode: 'default', from: 5 },
  },
  'actions/setup-python': { input: 'cache', mode: 'on' },
  'actions/setup-java': { input: 'cache', mode: 'on' },
  'actions/setup-dotnet': { input: 'cache', mode: 'on' },
  'actions/setup-go': { input: 'cache', mode: 'default' },
  'astral-sh/setup-uv': { input: 'enable-cache', mode: 'default', until: 10 },
  'swatinem/rust-cache': { input: 'lookup-only', mode: 'off' },
  'ruby/setup-ruby': { input: 'bundler-cache', mode: 'on' },
  'pyo3/maturin-action': { input: 'sccache', mode: 'on' },
  'graalvm/setup-graalvm': { input: 'cache', mode: 'on' },
  'gradle/actions/setup-gradle': { input: 'cache-disabled', mode: 'off' },
  'oven-sh/setup-bun': { input: 'no-cache', mode: 'off' },
  'actions-rust-lang/setup-rust-toolchain': { input: 'cache', mode: 'default' },
  'jdx/mise-action': { input: 'cache', mode: 'default' },
  'mozilla-actions/sccache-action': { mode: 'always' },
  'ramsey/composer-install': { input: 'ignore-cache', mode: 'off' },
};

const falsy = (v: string) => /^(false|no|0|)$/i.test(v.trim());

/** The action's major version, from its ref (`@v6`) or the pin's comment (`# v6.5.0`); unknown: 0. */
function major(step: Step): number {
  const uses = child(step.node, 'uses');
  const version =
    /^v?(\d+)/.exec(step.uses?.split('@')[1] ?? '') ??
    /\bv?(\d+)\.\d+/.exec(isScalar(uses) ? (uses.comment ?? '') : '');
  return Number(version?.[1] ?? 0);
}

/** True when the switch, as the step sets it, leaves caching on. */
function on(w: WorkflowSource, step: Step, how: Switch): boolean {
  if (how.from !== undefined && major(step) < how.from) return false;
  if (how.mode === 'always' || how.input === undefined) return true;
  const value = child(child(step.node, 'with'), how.input) as Node | undefined;
  const text = isScalar(value) && value.value !== null ? String(value.value) : undefined;
  // `${{ !startsWith(github.ref, 'refs/tags/') }}`: switched off for exactly the runs that publish.
  // `${{ startsWith(github.ref, 'refs/tags/') }}`: switched on for exactly those runs.
  if (text !== undefined && /\$\{\{/.test(text) && /refs\/tags|ref_type/.test(text)) {
    const offForTags = /^\s*\$\{\{\s*!/.test(text) || /!=/.test(text);
    if (offForTags && releaseBranches(w)) return true; // still on for the release branch's pushes
    return offForTags === (how.mode === 'off');
  }
  const mode = how.until !== undefined && major(step) >= how.until ? 'on' : how.mode;
  if (mode === 'on')
    return text !== undefined && !falsy(text) && !(how.until !== undefined && text === 'auto');
  if (mode === 'off') return text === undefined || falsy(text);
  return text === undefined || !falsy(text);
}

/** True when the step restores GitHub's cache as written. */
function caches(w: WorkflowSource, step: Step): boolean {
  const how = CACHING[usesName(step.uses) ?? ''];
  return how !== undefined && (on(w, step, how) || (how.also !== undefined && on(w, step, how.also)));
}

export default defineCheck<WorkflowSource>({
  id: 'cache-poisoning',
  summary: 'no cache restored in a job that publishes or deploys, or in a release workflow',
  standsFor: ['cache-poisoning'],
  run(w) {
    const out: Problem[] = [];
    for (const job of w.jobs) {
      if (!publishes(w, job)) continue;
      for (const step of job.steps)
        if (caches(w, step))
          out.push(
            at(
              w,
              child(step.node, 'uses'),
              `job ${job.id} publishes or deploys, and ${step.uses?.split('@')[0]} restores a cache any run could have written`,
            ),
          );
    }
    return out;
  },
});
