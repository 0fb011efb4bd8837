// Typed and described variables, with a validation wherever a value can be wrong.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { nested, variables as variableBlocks } from '../model.js';
import { at } from '../problems.js';

export const variables = defineCheck<TfTree>({
  id: 'variables',
  summary:
    'every variable has a type and a description; every string, number, list, set or object variable has a validation',
  run(tree) {
    const problems: Problem[] = [];
    for (const v of variableBlocks(tree)) {
      const type = typeof v.body.type === 'string' ? v.body.type.replace(/^\$\{|\}$/g, '') : '';
      if (!type) problems.push(at(v, 'no type'));
      if (typeof v.body.description !== 'string' || v.body.description.trim().length < 10)
        problems.push(at(v, 'no description'));
      const free = type !== '' && !/^(bool|map\(string\))$/.test(type);
      if (free && nested(v.body, 'validation').length === 0) {
        problems.push(at(v, `type ${type} can hold a wrong value: add a validation block`));
      }
    }
    return problems;
  },
});
