// Never a guessed input name: every argument of a terraform-aws-modules call must be a variable of the
// release the call pins (module-inputs.json records them, read from each release's variables.tf), and the
// pinned constraint must be the release recorded. A v20 name such as cluster_version fails here instead of
// at the first `terraform plan`.
import { readFileSync } from 'node:fs';
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { modules, record } from '../model.js';
import { at } from '../problems.js';

interface Recorded {
  readonly tag: string;
  readonly commit: string;
  readonly inputs: readonly string[];
  /** Attribute names of object-typed inputs (the objects of a map, or the object itself). */
  readonly nested?: Readonly<Record<string, readonly string[]>>;
}

export const recordedModules: Readonly<Record<string, Recorded>> = JSON.parse(
  readFileSync(new URL('../module-inputs.json', import.meta.url), 'utf8'),
);

/** Inputs whose value is one object rather than a map of objects. */
const singleObjects = new Set(['serverlessv2_scaling_configuration']);

const metaArguments = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);

/** True when `~> MAJOR.MINOR` (or `~> MAJOR.MINOR.PATCH`) admits the recorded tag. */
function admits(constraint: string, tag: string): boolean {
  const want = /^~>\s*(\d+)\.(\d+)/.exec(constraint);
  const have = /^(\d+)\.(\d+)/.exec(tag);
  if (!want || !have) return false;
  return want[1] === have[1] && Number(want[2]) <= Number(have[2]);
}

export const moduleInputs = defineCheck<TfTree>({
  id: 'module-inputs',
  summary:
    'every argument of a terraform-aws-modules call (and of its profile, node group, addon, instance and rule objects) is an input of the pinned release recorded in module-inputs.json',
  run(tree) {
    const problems: Problem[] = [];
    for (const m of modules(tree)) {
      const source = String(m.body.source ?? '');
      const recorded = recordedModules[source];
      if (!recorded) continue;
      const label = `${source} ${recorded.tag}`;
      const version = String(m.body.version ?? '');
      if (!admits(version, recorded.tag)) {
        problems.push(
          at(
            m,
            `version ${JSON.stringify(version)} is not the recorded release ${recorded.tag}: re-record its inputs`,
          ),
        );
      }
      for (const key of Object.keys(m.body)) {
        if (!metaArguments.has(key) && !recorded.inputs.includes(key)) {
          problems.push(at(m, `${key} is not an input of ${label}`));
        }
      }
      for (const [input, attributes] of Object.entries(recorded.nested ?? {})) {
        const value = record(m.body[input]);
        if (!value) continue;
        const objects = singleObjects.has(input) ? [['', value] as const] : Object.entries(value);
        for (const [entry, object] of objects) {
          for (const key of Object.keys(record(object) ?? {})) {
            if (!attributes.includes(key)) {
              problems.push(
                at(m, `${input}${entry ? `.${entry}` : ''}.${key} is not an attribute of ${label}`),
              );
            }
          }
        }
      }
    }
    return problems;
  },
});
