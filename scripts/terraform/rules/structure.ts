// How the tree is laid out: modules in the terraform-aws-modules shape, typed and described variables with
// validations, pinned versions, the outputs the GitOps tree and workflows read, dev and prod kept alike.
import type { Finding } from '../findings.js';
import type { TfTree } from '../hcl.js';
import { directories, isDirOf, modules, nested, outputs, record, resources, variables } from '../model.js';
import { at, dirDisplay, type Rule } from './rule.js';

const moduleFiles = ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'];

export const moduleShape: Rule = {
  id: 'module-shape',
  checkov: [],
  summary:
    'every modules/<name> has main.tf, variables.tf, outputs.tf, versions.tf and a main resource or module named "this"',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    for (const dir of directories(tree).filter((d) => isDirOf(tree, d, 'modules'))) {
      const names = tree.files
        .filter((f) => f.dir === dir)
        .map((f) => f.path.slice(f.path.lastIndexOf('/') + 1));
      for (const want of moduleFiles) {
        if (!names.includes(want))
          findings.push({ file: dirDisplay(tree, dir), rule: this.id, message: `${want} is missing` });
      }
      const hasThis =
        resources(tree).some((r) => r.file.dir === dir && r.name === 'this') ||
        modules(tree).some((m) => m.file.dir === dir && m.name === 'this');
      if (!hasThis)
        findings.push({
          file: dirDisplay(tree, dir),
          rule: this.id,
          message: 'no resource or module named "this"',
        });
    }
    return findings;
  },
};

export const variableRules: Rule = {
  id: 'variables',
  checkov: [],
  summary:
    'every variable has a type and a description; every string, number, list, set or object variable has a validation',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    for (const v of variables(tree)) {
      const type = typeof v.body.type === 'string' ? v.body.type.replace(/^\$\{|\}$/g, '') : '';
      if (!type) findings.push(at(v, this.id, 'no type'));
      if (typeof v.body.description !== 'string' || v.body.description.trim().length < 10)
        findings.push(at(v, this.id, 'no description'));
      const free = type !== '' && !/^(bool|map\(string\))$/.test(type);
      if (free && nested(v.body, 'validation').length === 0) {
        findings.push(at(v, this.id, `type ${type} can hold a wrong value: add a validation block`));
      }
    }
    return findings;
  },
};

export const versionPins: Rule = {
  id: 'versions',
  checkov: [],
  summary:
    'required_version set, the AWS provider pinned to major 6 (~> 6.x), every registry module pinned with version',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    for (const file of tree.files) {
      for (const t of nested(file.json, 'terraform')) {
        const fail = (m: string) => findings.push({ file: file.display, rule: this.id, message: m });
        if (typeof t.required_version !== 'string') fail('required_version is not set');
        const providers = nested(t, 'required_providers').flatMap((p) => Object.entries(p));
        for (const [name, spec] of providers) {
          const version = String(record(spec)?.version ?? '');
          if (name === 'aws' && !/^~>\s*6\.\d+/.test(version))
            fail(`provider aws must be pinned to major 6 (~> 6.x), found ${JSON.stringify(version)}`);
        }
        if (!providers.some(([name]) => name === 'aws')) fail('required_providers does not list aws');
      }
    }
    for (const m of modules(tree)) {
      const source = String(m.body.source ?? '');
      if (!source.startsWith('.') && typeof m.body.version !== 'string')
        findings.push(at(m, this.id, `registry module ${source} has no version`));
    }
    return findings;
  },
};

/** The outputs CONTRACTS.md fixes for envs/dev and envs/prod (scripts/terraform/outputs.ts reads them). */
export const contractOutputs = [
  'region',
  'account_id',
  'cluster_name',
  'inventory_role_arn',
  'pricing_role_arn',
  'external_secrets_role_arn',
  'queue_url',
  'dlq_url',
  'database_endpoint',
  'database_name',
  'database_secret_arn',
  'certificate_arn',
  'hostname',
  'inventory_repository_url',
  'pricing_repository_url',
  'ecr_registry',
  'ci_role_arn',
  'pr_role_arn',
  'release_role_arn',
  'deploy_role_arn',
  'terraform_role_arn',
  'alb_controller_role_arn',
  'vpc_id',
  'cluster_autoscaler_role_arn',
  'loki_bucket',
  'loki_role_arn',
  'alertmanager_role_arn',
  'alerts_topic_arn',
] as const;

export const outputsContract: Rule = {
  id: 'outputs-contract',
  checkov: [],
  summary: 'every envs/<env> has exactly the outputs of the contract (region ... alb_controller_role_arn)',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    for (const dir of directories(tree).filter((d) => isDirOf(tree, d, 'envs'))) {
      const names = outputs(tree)
        .filter((o) => o.file.dir === dir)
        .map((o) => o.name);
      const missing = contractOutputs.filter((n) => !names.includes(n));
      const extra = names.filter((n) => !(contractOutputs as readonly string[]).includes(n));
      const file = dirDisplay(tree, dir);
      if (missing.length > 0)
        findings.push({ file, rule: this.id, message: `missing outputs: ${missing.join(', ')}` });
      if (extra.length > 0)
        findings.push({ file, rule: this.id, message: `outputs outside the contract: ${extra.join(', ')}` });
    }
    return findings;
  },
};

const sharedEnvFiles = ['main.tf', 'variables.tf', 'outputs.tf'];

export const envParity: Rule = {
  id: 'env-parity',
  checkov: [],
  summary:
    'envs/dev and envs/prod share main.tf, variables.tf and outputs.tf unchanged; they differ only in settings.tf and versions.tf',
  check(tree: TfTree): Finding[] {
    const findings: Finding[] = [];
    const envs = directories(tree).filter((d) => isDirOf(tree, d, 'envs'));
    const [first, ...rest] = envs;
    if (first === undefined) return findings;
    for (const name of sharedEnvFiles) {
      const reference = tree.files.find((f) => f.path === `${first}/${name}`);
      for (const other of rest) {
        const file = tree.files.find((f) => f.path === `${other}/${name}`);
        if (!reference || !file) {
          findings.push({
            file: dirDisplay(tree, other),
            rule: this.id,
            message: `${name} must exist in ${first} and ${other}`,
          });
        } else if (JSON.stringify(reference.json) !== JSON.stringify(file.json)) {
          findings.push({
            file: file.display,
            rule: this.id,
            message: `differs from ${reference.display}: move the difference into settings.tf`,
          });
        }
      }
    }
    return findings;
  },
};
