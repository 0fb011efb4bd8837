// zizmor's insecure-commands: ACTIONS_ALLOW_UNSECURE_COMMANDS brings back `::set-env` and `::add-path`, with
// which any text a step prints (a title, a log line) can set the environment of the steps after it.
import { isMap, isScalar, type Node } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { at, pair, type WorkflowSource } from '../source.js';

/** The `env:` pair of a map, when it enables the commands or is an expression that might. */
function enables(map: unknown): Node | undefined {
  const env = pair(map, 'env');
  if (env === undefined) return undefined;
  if (isScalar(env.value)) return /\$\{\{/.test(String(env.value.value)) ? (env.key as Node) : undefined;
  if (!isMap(env.value)) return undefined;
  const on = env.value.items.some(
    (p) =>
      isScalar(p.key) &&
      String(p.key.value).toUpperCase() === 'ACTIONS_ALLOW_UNSECURE_COMMANDS' &&
      isScalar(p.value) &&
      /^true$/i.test(String(p.value.value)), // the runner enables them for `true` only
  );
  return on ? (env.key as Node) : undefined;
}

export default defineCheck<WorkflowSource>({
  id: 'insecure-commands',
  summary: 'no ACTIONS_ALLOW_UNSECURE_COMMANDS (nor an env: computed by an expression that could set it)',
  standsFor: ['insecure-commands'],
  run(w) {
    const out: Problem[] = [];
    const maps = [w.root, ...w.jobs.flatMap((j) => [j.node, ...j.steps.map((s) => s.node)])];
    for (const map of maps) {
      const env = enables(map);
      if (env)
        out.push(
          at(w, env, 'ACTIONS_ALLOW_UNSECURE_COMMANDS lets printed text set the environment; remove it'),
        );
    }
    return out;
  },
});
