// dev and prod kept alike: the same main.tf, variables.tf and outputs.tf; differences live in settings.tf.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { directories, isDirOf } from '../model.js';
import { dirDisplay } from '../problems.js';

const sharedEnvFiles = ['main.tf', 'variables.tf', 'outputs.tf'];

export const envParity = defineCheck<TfTree>({
  id: 'env-parity',
  summary:
    'envs/dev and envs/prod share main.tf, variables.tf and outputs.tf unchanged; they differ only in settings.tf and versions.tf',
  run(tree) {
    const problems: Problem[] = [];
    const envs = directories(tree).filter((d) => isDirOf(tree, d, 'envs'));
    const [first, ...rest] = envs;
    if (first === undefined) return problems;
    for (const name of sharedEnvFiles) {
      const reference = tree.files.find((f) => f.path === `${first}/${name}`);
      for (const other of rest) {
        const file = tree.files.find((f) => f.path === `${other}/${name}`);
        if (!reference || !file) {
          problems.push({
            file: dirDisplay(tree, other),
            message: `${name} must exist in ${first} and ${other}`,
          });
        } else if (JSON.stringify(reference.json) !== JSON.stringify(file.json)) {
          problems.push({
            file: file.display,
            message: `differs from ${reference.display}: move the difference into settings.tf`,
          });
        }
      }
    }
    return problems;
  },
});
