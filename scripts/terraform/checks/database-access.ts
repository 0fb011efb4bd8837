// The database: no password in state or git (RDS manages it in Secrets Manager) and reachable only from the
// workloads' security groups, never from an address range.

import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { record, registryModuleCalls, resolve, resources } from '../model.js';
import { at } from '../problems.js';

export const databaseAccess = defineCheck<TfTree>({
  id: 'database-access',
  summary:
    'Aurora: manage_master_user_password = true and no master_password; ingress only from referenced security groups (no CIDR)',
  run(tree) {
    const problems: Problem[] = [];
    for (const m of registryModuleCalls(tree, 'terraform-aws-modules/rds-aurora/aws')) {
      const fail = (msg: string) => problems.push(at(m, msg));
      if (resolve(tree, m.file.dir, m.body.manage_master_user_password) !== true) {
        fail(
          'manage_master_user_password must be true: RDS keeps the password in Secrets Manager, never in state',
        );
      }
      for (const key of ['master_password', 'master_password_wo']) {
        if (key in m.body) fail(`${key} is set: the password would live in variables, state or git`);
      }
      const rules = record(resolve(tree, m.file.dir, m.body.security_group_ingress_rules));
      const bodies = rules ? Object.values(rules).map((r) => record(r)) : [];
      const comprehension =
        typeof m.body.security_group_ingress_rules === 'string'
          ? String(m.body.security_group_ingress_rules)
          : '';
      if (!rules && !comprehension) fail('security_group_ingress_rules is not set: say who may connect');
      if (
        bodies.some((b) => b && ('cidr_ipv4' in b || 'cidr_ipv6' in b || 'prefix_list_id' in b)) ||
        /cidr_ipv[46]|prefix_list_id/.test(comprehension)
      ) {
        fail(
          "ingress from an address range: only the workloads' security groups (referenced_security_group_id) may connect",
        );
      }
      if (
        bodies.some((b) => b && !('referenced_security_group_id' in b)) ||
        (comprehension && !comprehension.includes('referenced_security_group_id'))
      ) {
        fail('every ingress rule must name a referenced_security_group_id');
      }
    }
    for (const c of resources(tree, 'aws_rds_cluster')) {
      if ('master_password' in c.body)
        problems.push(at(c, 'master_password is set: use manage_master_user_password'));
    }
    return problems;
  },
});
