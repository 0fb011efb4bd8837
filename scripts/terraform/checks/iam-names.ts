// IAM names are account-wide: dev and prod share one account, so every role and policy a module creates
// must carry the environment's name (`${var.name}-...`). That prefix is also the only IAM the GitHub
// Terraform role may manage (modules/identity: `<name>-*`). The IRSA module of terraform-aws-modules/iam
// 6.x names the policy behind an attach_*_policy flag after the flag (AWS_Load_Balancer_Controller, ...)
// unless policy_name is set: the second environment's apply then fails with EntityAlreadyExists.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { type Block, expression, isDirOf, registryModuleCalls, resources } from '../model.js';
import { at } from '../problems.js';

const irsaModule = 'terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts';
/** The module's fixed policy names (main.tf `local.policy_name` at 6.5.0), for the message. */
const fixedPolicyNames: Readonly<Record<string, string>> = {
  attach_load_balancer_controller_policy: 'AWS_Load_Balancer_Controller',
  attach_cluster_autoscaler_policy: 'Cluster_Autoscaler',
  attach_external_secrets_policy: 'External_Secrets',
  attach_ebs_csi_policy: 'EBS_CSI',
  attach_external_dns_policy: 'External_DNS',
  attach_vpc_cni_policy: 'VPC_CNI_IPv4',
};
const PREFIX = `${expression('var.name')}-`;

const prefixed = (value: unknown) => typeof value === 'string' && value.startsWith(PREFIX);

function irsaProblems(m: Block): Problem[] {
  const out: Problem[] = [];
  if (!prefixed(m.body.name))
    out.push(at(m, `role name ${JSON.stringify(m.body.name ?? null)} must start with "${PREFIX}"`));
  const flags = Object.keys(m.body).filter((k) => /^attach_.*_policy$/.test(k) && m.body[k] === true);
  const createsPolicy =
    m.body.create_policy !== false &&
    (flags.length > 0 || 'source_policy_documents' in m.body || 'permissions' in m.body);
  if (createsPolicy && !prefixed(m.body.policy_name)) {
    const fixed = flags.map((f) => fixedPolicyNames[f]).find((n) => n !== undefined);
    out.push(
      at(
        m,
        `policy_name must start with "${PREFIX}": without it the module names the policy ${fixed ?? 'after its flag or the role'}, the same in dev and prod (EntityAlreadyExists in the second environment) and outside the <name>-* IAM the GitHub Terraform role may manage`,
      ),
    );
  }
  return out;
}

export const iamNames = defineCheck<TfTree>({
  id: 'iam-names',
  summary:
    "every IAM role and policy a module creates (aws_iam_role, aws_iam_policy, aws_iam_role_policy, and the IRSA module's role and policy_name) is named after var.name: <name>-...",
  run(tree) {
    const problems: Problem[] = [];
    for (const m of registryModuleCalls(tree, irsaModule)) problems.push(...irsaProblems(m));
    for (const type of ['aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy']) {
      for (const r of resources(tree, type)) {
        if (!isDirOf(tree, r.file.dir, 'modules')) continue;
        const name = r.body.name ?? r.body.name_prefix;
        if (!prefixed(name))
          problems.push(at(r, `name ${JSON.stringify(name ?? null)} must start with "${PREFIX}"`));
      }
    }
    return problems;
  },
});
