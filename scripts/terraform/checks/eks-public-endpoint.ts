// CKV_AWS_38: the EKS API endpoint is never open to the internet, whether the cluster is the EKS module's or a
// plain aws_eks_cluster. A public endpoint limited to known CIDRs is allowed here (so CKV_AWS_39, which
// refuses any public endpoint, is not what this project asks).

import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import {
  expression,
  nested,
  record,
  registryModuleCalls,
  resolve,
  resources,
  stringList,
  variableOf,
} from '../model.js';
import { at } from '../problems.js';

const eksModule = 'terraform-aws-modules/eks/aws';

export const eksPublicEndpoint = defineCheck<TfTree>({
  id: 'eks-public-endpoint',
  standsFor: ['CKV_AWS_38'],
  summary:
    'the EKS public endpoint is off, or limited to endpoint_public_access_cidrs that never contain a /0 (a variable must carry a validation rejecting /0)',
  run(tree) {
    const problems: Problem[] = [];
    for (const c of resources(tree, 'aws_eks_cluster')) {
      const dir = c.file.dir;
      const vpc = nested(c.body, 'vpc_config')[0];
      if (!vpc) continue;
      const publicAccess = resolve(tree, dir, vpc.endpoint_public_access);
      // HCL has no `False`, but checkov's own fixtures write it: read it as false rather than as open.
      if (publicAccess === false || String(publicAccess).toLowerCase() === expression('false')) continue;
      const cidrs = 'public_access_cidrs' in vpc ? stringList(tree, dir, vpc.public_access_cidrs) : [];
      if (cidrs === undefined) continue;
      if (cidrs.length === 0)
        problems.push(
          at(
            c,
            'vpc_config has a public endpoint without public_access_cidrs: AWS opens it to 0.0.0.0/0 [CKV_AWS_38]',
          ),
        );
      else if (cidrs.includes('0.0.0.0/0'))
        problems.push(
          at(
            c,
            `vpc_config.public_access_cidrs opens the API to the internet: ${JSON.stringify(cidrs)} [CKV_AWS_38]`,
          ),
        );
    }
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
              `var.${variable} feeds endpoint_public_access_cidrs without a validation rejecting /0 (this project's guard for CKV_AWS_38)`,
            ),
          );
        }
      }
    }
    return problems;
  },
});
