// No policy hands out a known way to escalate privileges (Rhino Security Labs' methods, as cloudsplaining
// reads them): a set of actions that, allowed on every resource, lets the holder grant itself more, such as
// iam:CreatePolicyVersion, iam:PutRolePolicy with sts:AssumeRole, iam:PassRole with lambda:CreateFunction and
// a trigger. CKV_AWS_110 for policy documents, CKV_AWS_286 for JSON on a policy resource. Escalation through
// resources named after the role itself is iam-self-escalation.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { allows, identityPolicies, type Statement, unrestricted } from '../policy.js';
import { at } from '../problems.js';

/** Each entry: actions that together escalate. */
export const escalations: readonly (readonly string[])[] = [
  ['iam:CreatePolicyVersion'],
  ['iam:SetDefaultPolicyVersion'],
  ['iam:CreateAccessKey'],
  ['iam:CreateLoginProfile'],
  ['iam:UpdateLoginProfile'],
  ['iam:AttachUserPolicy'],
  ['iam:AttachGroupPolicy'],
  ['iam:AttachRolePolicy', 'sts:AssumeRole'],
  ['iam:PutUserPolicy'],
  ['iam:PutGroupPolicy'],
  ['iam:PutRolePolicy', 'sts:AssumeRole'],
  ['iam:AddUserToGroup'],
  ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
  ['iam:PassRole', 'ec2:RunInstances'],
  ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
  ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
  ['lambda:UpdateFunctionCode'],
  ['iam:PassRole', 'glue:CreateDevEndpoint'],
  ['glue:UpdateDevEndpoint'],
  ['iam:PassRole', 'cloudformation:CreateStack'],
  ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
  ['iam:PassRole', 'codestar:CreateProject'],
  ['codestar:CreateProjectFromTemplate'],
  ['iam:PassRole', 'sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'],
];

/** The escalations a policy's unrestricted Allow statements make possible, each as its actions. */
export function escalationsOf(statements: readonly Statement[]): (readonly string[])[] {
  const open = statements.filter((s) => s.principals.length === 0 && unrestricted(s));
  return escalations.filter((set) => set.every((action) => open.some((s) => allows(s, action))));
}

export const iamPrivilegeEscalation = defineCheck<TfTree>({
  id: 'iam-privilege-escalation',
  standsFor: ['CKV_AWS_110', 'CKV_AWS_286'],
  summary:
    'no IAM policy allows, on every resource, a set of actions known to escalate privileges (iam:CreatePolicyVersion, iam:PassRole + lambda:CreateFunction + a trigger, ...)',
  run(tree) {
    const problems: Problem[] = [];
    for (const { block, policy, on } of identityPolicies(tree)) {
      const found = escalationsOf(policy.statements);
      if (found.length === 0) continue;
      const id = on === 'document' ? 'CKV_AWS_110' : 'CKV_AWS_286';
      const how = found.map((set) => set.join(' + ')).join('; ');
      problems.push(at(block, `allows privilege escalation on every resource: ${how} [${id}]`));
    }
    return problems;
  },
});
