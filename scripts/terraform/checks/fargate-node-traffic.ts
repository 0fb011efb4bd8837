// An EKS cluster with both Fargate and a node group has two security-group worlds: Fargate pods carry the
// cluster's primary group, nodes the module's node group, and the module's recommended rules only admit
// the control plane's own group to the nodes. So metrics-server and Prometheus on Fargate cannot reach a
// node's kubelet (no CPU metric, no HPA) and the nodes' pods cannot reach CoreDNS on Fargate, unless rules
// open exactly that: the kubelet port from the primary group to the nodes, DNS from the nodes to it.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { type Block, registryModuleCalls, resolve, resources } from '../model.js';
import { at } from '../problems.js';

interface Need {
  readonly what: string;
  readonly to: string;
  readonly from: string;
  readonly port: number;
}

const needs = (m: string): Need[] => [
  {
    what: 'the node kubelets (10250/tcp) from the Fargate pods (metrics-server, Prometheus)',
    to: `module.${m}.node_security_group_id`,
    from: `module.${m}.cluster_primary_security_group_id`,
    port: 10250,
  },
  {
    what: 'CoreDNS on Fargate (53) from the nodes',
    to: `module.${m}.cluster_primary_security_group_id`,
    from: `module.${m}.node_security_group_id`,
    port: 53,
  },
];

function opens(tree: TfTree, rule: Block, need: Need): boolean {
  const value = (k: string) => resolve(tree, rule.file.dir, rule.body[k]);
  const text = (k: string) => String(rule.body[k] ?? '');
  const from = Number(value('from_port'));
  const to = Number(value('to_port'));
  return (
    text('security_group_id').includes(need.to) &&
    text('referenced_security_group_id').includes(need.from) &&
    (value('ip_protocol') === '-1' || (from <= need.port && need.port <= to))
  );
}

export const fargateNodeTraffic = defineCheck<TfTree>({
  id: 'fargate-node-traffic',
  summary:
    'an EKS cluster with Fargate profiles and node groups admits the Fargate pods (cluster primary security group) to the node kubelets on 10250, and the nodes to DNS on Fargate',
  run(tree) {
    const problems: Problem[] = [];
    for (const m of registryModuleCalls(tree, 'terraform-aws-modules/eks/aws')) {
      if (!('fargate_profiles' in m.body) || !('eks_managed_node_groups' in m.body)) continue;
      const rules = resources(tree, 'aws_vpc_security_group_ingress_rule').filter(
        (r) => r.file.dir === m.file.dir,
      );
      for (const need of needs(m.name))
        if (!rules.some((r) => opens(tree, r, need)))
          problems.push(
            at(
              m,
              `no aws_vpc_security_group_ingress_rule opens ${need.what}: Fargate pods and nodes are in different security groups`,
            ),
          );
    }
    return problems;
  },
});
