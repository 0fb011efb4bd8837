// terraform/bootstrap and an account that already has GitHub's OIDC provider (one per URL per account): the
// layer either creates it or adopts the existing one, never both, never neither, and the ARN it hands to the
// environments is the one in use. Read with HashiCorp's HCL parser (@cdktf/hcl2json).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const parse = createRequire(import.meta.url)('@cdktf/hcl2json').parse as (
  file: string,
  text: string,
) => Promise<Record<string, unknown>>;
const DIR = join(import.meta.dirname, '..', 'bootstrap');
type Block = Record<string, unknown>;

const load = async (file: string) => (await parse(file, readFileSync(join(DIR, file), 'utf8'))) as Block;
const account = await load('account.tf');
const outputs = await load('outputs.tf');
const variables = await load('variables.tf');
const locals: Block = Object.assign({}, ...((account.locals ?? []) as Block[]));

const first = (blocks: unknown, type: string, name: string): Block | undefined =>
  ((blocks as Record<string, Record<string, Block[]>> | undefined)?.[type]?.[name] ?? [])[0];

const resource = first(account.resource, 'aws_iam_openid_connect_provider', 'github');
const lookup = first(account.data, 'aws_iam_openid_connect_provider', 'github');

/** `cond ? a : b` with `cond` = var.create_github_oidc_provider, evaluated for one value of it. */
function count(expression: unknown, create: boolean): number {
  const match = /^\$\{var\.create_github_oidc_provider \? (\d+) : (\d+)\}$/.exec(String(expression));
  if (!match)
    throw new Error(`count is not decided by var.create_github_oidc_provider: ${String(expression)}`);
  return Number(create ? match[1] : match[2]);
}

const resolve = (value: unknown) =>
  String(value).replace(/\$\{local\.(\w+)\}/g, (_, name: string) => String(locals[name]));

describe('bootstrap: the GitHub OIDC provider, created or adopted', () => {
  it('is a variable, created by default', () => {
    const variable = first({ variable: variables.variable }, 'variable', 'create_github_oidc_provider');
    expect(variable?.type).toBe(`\${bool}`);
    expect(variable?.default).toBe(true);
    expect(String(variable?.description)).toMatch(/adopts/);
  });

  it.each([true, false])(
    'create_github_oidc_provider = %s: exactly one of the resource and the lookup',
    (create) => {
      expect(count(resource?.count, create) + count(lookup?.count, create)).toBe(1);
      expect(count(resource?.count, create)).toBe(create ? 1 : 0);
    },
  );

  it('adopts the provider of the same URL the layer would create', () => {
    expect(resolve(lookup?.url)).toBe('https://token.actions.githubusercontent.com');
    expect(resolve(resource?.url)).toBe(resolve(lookup?.url));
  });

  it('hands on the ARN of whichever is in use', () => {
    const output = first({ output: outputs.output }, 'output', 'github_oidc_provider_arn');
    const value = String(output?.value);
    expect(value).toContain('aws_iam_openid_connect_provider.github[*].arn');
    expect(value).toContain('data.aws_iam_openid_connect_provider.github[*].arn');
    expect(value).toMatch(/^\$\{one\(/);
  });

  it('keeps a provider applied before the count existed (moved to instance 0, not replaced)', () => {
    const moved = (account.moved ?? []) as Block[];
    expect(moved).toContainEqual({
      from: `\${aws_iam_openid_connect_provider.github}`,
      to: `\${aws_iam_openid_connect_provider.github[0]}`,
    });
  });
});
