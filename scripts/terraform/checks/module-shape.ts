// Modules in the terraform-aws-modules shape: main.tf, variables.tf, outputs.tf, versions.tf, a main "this".
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { directories, isDirOf, modules, resources } from '../model.js';
import { dirDisplay } from '../problems.js';

const moduleFiles = ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'];

export const moduleShape = defineCheck<TfTree>({
  id: 'module-shape',
  summary:
    'every modules/<name> has main.tf, variables.tf, outputs.tf, versions.tf and a main resource or module named "this"',
  run(tree) {
    const problems: Problem[] = [];
    for (const dir of directories(tree).filter((d) => isDirOf(tree, d, 'modules'))) {
      const names = tree.files
        .filter((f) => f.dir === dir)
        .map((f) => f.path.slice(f.path.lastIndexOf('/') + 1));
      for (const want of moduleFiles) {
        if (!names.includes(want))
          problems.push({ file: dirDisplay(tree, dir), message: `${want} is missing` });
      }
      const hasThis =
        resources(tree).some((r) => r.file.dir === dir && r.name === 'this') ||
        modules(tree).some((m) => m.file.dir === dir && m.name === 'this');
      if (!hasThis)
        problems.push({
          file: dirDisplay(tree, dir),
          message: 'no resource or module named "this"',
        });
    }
    return problems;
  },
});
