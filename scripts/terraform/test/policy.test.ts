// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are HCL and IAM text, `${...}` included.
// IAM read as IAM: the expression evaluator behind jsonencode(...), JSON with HCL's leniencies, and IAM's
// action patterns.
import { describe, expect, it } from '@jest/globals';
import { treeOf } from '../checks/test/fixture.js';
import { evaluate, Unknown } from '../expression.js';
import { allows, matches, policyOf } from '../policy.js';

describe('evaluate', () => {
  it('reads jsonencode objects and tuples, resolving references and keeping the rest unknown', () => {
    const source =
      '${jsonencode({\n  Version = "2012-10-17" # comment\n  Statement = [{\n    Action = ["sts:AssumeRoleWith*", local.extra]\n    "Condition" : { StringLike = { "a:sub" = "repo:${var.repo}:*" } }\n    Other = var.flag ? 1 : 2\n    Call = merge(local.a, {b = 1})\n  },]\n})}';
    const value = evaluate(source, (path) => (path === 'local.extra' ? 'iam:PassRole' : new Unknown(path)));
    expect(value).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Action: ['sts:AssumeRoleWith*', 'iam:PassRole'],
          Condition: { StringLike: { 'a:sub': 'repo:${var.repo}:*' } },
          Other: new Unknown('var.flag ? 1 : 2'),
          Call: new Unknown('merge(local.a, {b = 1})'),
        },
      ],
    });
  });

  it('refuses text that is not an expression', () => {
    expect(() => evaluate('{ = }', () => null)).toThrow();
  });
});

describe('policyOf', () => {
  it('reads heredoc JSON with a trailing comma and a principal list', async () => {
    const tree = await treeOf({ 'main.tf': 'locals {\n  x = 1\n}\n' });
    const policy = policyOf(
      tree,
      '.',
      '{"Statement": [{"Effect": "Allow", "Principal": ["a", "*"], "Action": "kms:*", "Resource": "*"},]}',
    );
    expect(policy?.unknown).toBe(false);
    expect(policy?.statements[0]?.principals).toEqual([{ type: '*', ids: ['a', '*'] }]);
  });

  it('keeps a policy it cannot read as unknown, never as empty and safe', async () => {
    const tree = await treeOf({ 'main.tf': 'locals {\n  x = 1\n}\n' });
    expect(policyOf(tree, '.', '${file("policy.json")}')?.unknown).toBe(true);
    expect(policyOf(tree, '.', '${var.missing}')?.unknown).toBe(true);
  });
});

describe('matches and allows', () => {
  it('match actions as IAM does: case-insensitive, * and ?', () => {
    expect(matches('sts:AssumeRoleWith*', 'sts:AssumeRoleWithWebIdentity')).toBe(true);
    expect(matches('STS:assumerole?ithwebidentity', 'sts:AssumeRoleWithWebIdentity')).toBe(true);
    expect(matches('sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity')).toBe(false);
  });

  it('a NotAction statement allows what it does not name', () => {
    const st = {
      sid: 's',
      effect: 'Allow' as const,
      actions: ['iam:*'],
      notActions: true,
      resources: ['*'],
      notResources: false,
      principals: [],
      notPrincipals: false,
      conditions: [],
      unknown: false,
    };
    expect(allows(st, 'iam:PassRole')).toBe(false);
    expect(allows(st, 'lambda:CreateFunction')).toBe(true);
  });
});
