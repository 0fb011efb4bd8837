// CKV_AWS_37: EKS sends every control-plane log type to CloudWatch, whether the cluster is the EKS module's
// or a plain aws_eks_cluster.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { registryModuleCalls, resources, stringList } from '../model.js';
import { at } from '../problems.js';

const eksModule = 'terraform-aws-modules/eks/aws';

export const controlPlaneLogTypes = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export const eksControlPlaneLogging = defineCheck<TfTree>({
  id: 'eks-control-plane-logging',
  standsFor: ['CKV_AWS_37'],
  summary: `EKS enables every control-plane log type (${controlPlaneLogTypes.join(', ')})`,
  run(tree) {
    const problems: Problem[] = [];
    for (const m of registryModuleCalls(tree, eksModule)) {
      const types = stringList(tree, m.file.dir, m.body.enabled_log_types) ?? [];
      const missing = controlPlaneLogTypes.filter((t) => !types.includes(t));
      if (!('enabled_log_types' in m.body) || missing.length > 0) {
        problems.push(at(m, `enabled_log_types lacks ${missing.join(', ')} [CKV_AWS_37]`));
      }
    }
    for (const c of resources(tree, 'aws_eks_cluster')) {
      const types = stringList(tree, c.file.dir, c.body.enabled_cluster_log_types) ?? [];
      const missing = controlPlaneLogTypes.filter((t) => !types.includes(t));
      if (missing.length > 0)
        problems.push(at(c, `enabled_cluster_log_types lacks ${missing.join(', ')} [CKV_AWS_37]`));
    }
    return problems;
  },
});
