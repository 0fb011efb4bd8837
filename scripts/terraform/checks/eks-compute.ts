// The compute choices this project makes on EKS: no FARGATE_SPOT (it does not exist on EKS, only on ECS), and
// Spot nodes tainted so only pricing lands there.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { record, registryModuleCalls, resolve, resources } from '../model.js';
import { at } from '../problems.js';

const eksModule = 'terraform-aws-modules/eks/aws';

export const eksCompute = defineCheck<TfTree>({
  id: 'eks-compute',
  summary:
    'no FARGATE_SPOT where EKS is used (only ECS has Fargate Spot); every SPOT node group carries a NoSchedule/NoExecute taint',
  run(tree) {
    const problems: Problem[] = [];
    const usesEks =
      registryModuleCalls(tree, eksModule).length > 0 || resources(tree, 'aws_eks_cluster').length > 0;
    if (usesEks) {
      for (const file of tree.files) {
        if (JSON.stringify(file.json).includes('FARGATE_SPOT')) {
          problems.push({
            file: file.display,
            message:
              'FARGATE_SPOT is an ECS capacity provider; EKS Fargate has no Spot: run Spot work on a SPOT node group',
          });
        }
      }
    }
    for (const m of registryModuleCalls(tree, eksModule)) {
      for (const [name, group] of Object.entries(record(m.body.eks_managed_node_groups) ?? {})) {
        const g = record(group);
        if (resolve(tree, m.file.dir, g?.capacity_type) !== 'SPOT') continue;
        const taints = Object.values(record(g?.taints) ?? {}).map((t) =>
          record(resolve(tree, m.file.dir, t)),
        );
        if (!taints.some((t) => t?.effect === 'NO_SCHEDULE' || t?.effect === 'NO_EXECUTE')) {
          problems.push(
            at(
              m,
              `node group ${name} is SPOT without a NO_SCHEDULE taint: any pod could land on a node that disappears`,
            ),
          );
        }
      }
    }
    return problems;
  },
});
