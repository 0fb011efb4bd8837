// EKS: every control-plane log type, no API endpoint open to the internet, and the compute choices this
// project makes (no FARGATE_SPOT: it does not exist on EKS; Spot nodes tainted so only pricing lands there).

import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { record, registryModuleCalls, resolve, stringList, variableOf } from '../model.js';
import { at } from '../problems.js';

const eksModule = 'terraform-aws-modules/eks/aws';

export const eksPublicEndpoint = defineCheck<TfTree>({
  id: 'eks-public-endpoint',
  standsFor: ['CKV_AWS_38', 'CKV_AWS_39'],
  summary:
    'the EKS public endpoint is off, or limited to endpoint_public_access_cidrs that never contain a /0 (a variable must carry a validation rejecting /0)',
  run(tree) {
    const problems: Problem[] = [];
    for (const m of registryModuleCalls(tree, eksModule)) {
      const dir = m.file.dir;
      if (
        resolve(tree, dir, m.body.endpoint_public_access) === false ||
        !('endpoint_public_access' in m.body)
      )
        continue;
      const cidrs = m.body.endpoint_public_access_cidrs;
      if (cidrs === undefined) {
        problems.push(
          at(m, 'endpoint_public_access_cidrs is not set: the module defaults to 0.0.0.0/0 [CKV_AWS_38]'),
        );
        continue;
      }
      const known = stringList(tree, dir, cidrs);
      if (known?.some((c) => c.endsWith('/0'))) {
        problems.push(
          at(
            m,
            `endpoint_public_access_cidrs opens the API to the internet: ${JSON.stringify(known)} [CKV_AWS_38]`,
          ),
        );
      }
      const variable = /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(String(cidrs))?.[1];
      if (variable !== undefined) {
        const v = variableOf(tree, dir, variable);
        const guarded = (Array.isArray(v?.body.validation) ? v.body.validation : []).some((val) =>
          String(record(val)?.condition ?? '').includes('/0'),
        );
        if (!guarded) {
          problems.push(
            at(
              v ?? m,
              `var.${variable} feeds endpoint_public_access_cidrs without a validation rejecting /0 [CKV_AWS_38]`,
            ),
          );
        }
      }
    }
    return problems;
  },
});
