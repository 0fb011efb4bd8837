// Pinned versions: Terraform, the AWS provider (major 6) and every registry module.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { modules, nested, record } from '../model.js';
import { at } from '../problems.js';

export const versions = defineCheck<TfTree>({
  id: 'versions',
  summary:
    'required_version set, the AWS provider pinned to major 6 (~> 6.x), every registry module pinned with version',
  run(tree) {
    const problems: Problem[] = [];
    for (const file of tree.files) {
      for (const t of nested(file.json, 'terraform')) {
        const fail = (m: string) => problems.push({ file: file.display, message: m });
        if (typeof t.required_version !== 'string') fail('required_version is not set');
        const providers = nested(t, 'required_providers').flatMap((p) => Object.entries(p));
        for (const [name, spec] of providers) {
          const version = String(record(spec)?.version ?? '');
          if (name === 'aws' && !/^~>\s*6\.\d+/.test(version))
            fail(`provider aws must be pinned to major 6 (~> 6.x), found ${JSON.stringify(version)}`);
        }
        if (!providers.some(([name]) => name === 'aws')) fail('required_providers does not list aws');
      }
    }
    for (const m of modules(tree)) {
      const source = String(m.body.source ?? '');
      if (!source.startsWith('.') && typeof m.body.version !== 'string')
        problems.push(at(m, `registry module ${source} has no version`));
    }
    return problems;
  },
});
