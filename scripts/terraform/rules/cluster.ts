// EKS: every control-plane log type, no API endpoint open to the internet, and the compute choices this
// project makes (no FARGATE_SPOT: it does not exist on EKS; Spot nodes tainted so only pricing lands there).
import type { Finding } from '../findings.js';
import type { TfTree } from '../hcl.js';
import { record, registryModuleCalls, resolve, resources, stringList, variableOf } from '../model.js';
import { at, type Rule } from './rule.js';

const eksModule = 'terraform-aws-modules/eks/aws';
export const controlPlaneLogTypes = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export const controlPlaneLogging: Rule = {
  id: 'eks-control-plane-logging',
  checkov: ['CKV_AWS_37'],
  summary: `EKS enables every control-plane log type (${controlPlaneLogTypes.join(', ')})`,
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    for (const m of registryModuleCalls(tree, eksModule)) {
      const types = stringList(tree, m.file.dir, m.body.enabled_log_types) ?? [];
      const missing = controlPlaneLogTypes.filter((t) => !types.includes(t));
      if (!('enabled_log_types' in m.body) || missing.length > 0) {
        findings.push(at(m, this.id, `enabled_log_types lacks ${missing.join(', ')} (CKV_AWS_37)`));
      }
    }
    for (const c of resources(tree, 'aws_eks_cluster')) {
      const types = stringList(tree, c.file.dir, c.body.enabled_cluster_log_types) ?? [];
      const missing = controlPlaneLogTypes.filter((t) => !types.includes(t));
      if (missing.length > 0)
        findings.push(at(c, this.id, `enabled_cluster_log_types lacks ${missing.join(', ')} (CKV_AWS_37)`));
    }
    return findings;
  },
};

export const publicEndpoint: Rule = {
  id: 'eks-public-endpoint',
  checkov: ['CKV_AWS_38', 'CKV_AWS_39'],
  summary:
    'the EKS public endpoint is off, or limited to endpoint_public_access_cidrs that never contain a /0 (a variable must carry a validation rejecting /0)',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    for (const m of registryModuleCalls(tree, eksModule)) {
      const dir = m.file.dir;
      if (
        resolve(tree, dir, m.body.endpoint_public_access) === false ||
        !('endpoint_public_access' in m.body)
      )
        continue;
      const cidrs = m.body.endpoint_public_access_cidrs;
      if (cidrs === undefined) {
        findings.push(
          at(
            m,
            this.id,
            'endpoint_public_access_cidrs is not set: the module defaults to 0.0.0.0/0 (CKV_AWS_38)',
          ),
        );
        continue;
      }
      const known = stringList(tree, dir, cidrs);
      if (known?.some((c) => c.endsWith('/0'))) {
        findings.push(
          at(
            m,
            this.id,
            `endpoint_public_access_cidrs opens the API to the internet: ${JSON.stringify(known)} (CKV_AWS_38)`,
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
          findings.push(
            at(
              v ?? m,
              this.id,
              `var.${variable} feeds endpoint_public_access_cidrs without a validation rejecting /0 (CKV_AWS_38)`,
            ),
          );
        }
      }
    }
    return findings;
  },
};

export const eksCompute: Rule = {
  id: 'eks-compute',
  checkov: [],
  summary:
    'no FARGATE_SPOT where EKS is used (only ECS has Fargate Spot); every SPOT node group carries a NoSchedule/NoExecute taint',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    const usesEks =
      registryModuleCalls(tree, eksModule).length > 0 || resources(tree, 'aws_eks_cluster').length > 0;
    if (usesEks) {
      for (const file of tree.files) {
        if (JSON.stringify(file.json).includes('FARGATE_SPOT')) {
          findings.push({
            file: file.display,
            rule: this.id,
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
          findings.push(
            at(
              m,
              this.id,
              `node group ${name} is SPOT without a NO_SCHEDULE taint: any pod could land on a node that disappears`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
