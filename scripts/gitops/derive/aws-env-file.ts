// An environment's aws.env for its services (apps/<env>/aws.env): its keys are the catalogue's
// (services/lib/catalogue/aws-env.ts awsEnvKeys), its values Terraform's (scripts/terraform/outputs.ts
// writes them). Derived here: a key a new declaration needs is added with a placeholder that follows the
// naming contract (what Terraform will write, in the file's account and the platform's prefix and region), a
// key no declaration needs any more is dropped, and every other value is kept as it is, except the two the
// init values decide (AWS_REGION and HOSTNAME: Terraform outputs the very values init.values.json gives it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  awsEnvKeys,
  oauthClientSecretKey,
  queueDlqUrlKey,
  queueUrlKey,
  serviceRepositoryKey,
  serviceRoleKey,
} from '../../../services/lib/catalogue/aws-env.js';
import type { Catalogue } from '../../../services/lib/catalogue/catalogue.js';
import type { Environment } from '../../../services/lib/catalogue/score-schema.js';
import type { DerivedFile } from '../../catalogue/derived.js';
import { type Platform, platform } from '../../platform/platform.js';
import { awsEnvFile } from '../layout.js';

/** The Secrets Manager secret of a service's OAuth client in an environment `<project>-<env>`. */
export const oauthClientSecretName = (environmentPrefix: string, service: string): string =>
  `${environmentPrefix}/${service}/oauth-client`;

/** A placeholder account for a file that names none yet. */
const ACCOUNT = '111111111111';

/** `KEY=value` lines of an env file (comments and blank lines skipped), in file order. */
export function parseEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined) values.set(match[1], match[2] ?? '');
  }
  return values;
}

/** What Terraform names each key's resource, as placeholders in `account`. */
function placeholders(catalogue: Catalogue, env: Environment, account: string, p: Platform) {
  const { region } = p;
  const prefix = `${p.prefix}-${env}`;
  const role = (name: string) => `arn:aws:iam::${account}:role/${prefix}-${name}`;
  const queue = (name: string) => `https://sqs.${region}.amazonaws.com/${account}/${prefix}-${name}.fifo`;
  const values = new Map<string, string>([
    ['AWS_REGION', region],
    ['AWS_ACCOUNT_ID', account],
    ['EXTERNAL_SECRETS_ROLE_ARN', role('external-secrets')],
    ['DATABASE_HOST', `${prefix}.cluster-abcdefghijkl.${region}.rds.amazonaws.com`],
    ['DATABASE_NAME', p.prefix.replaceAll('-', '_')],
    [
      'DATABASE_SECRET_ARN',
      `arn:aws:secretsmanager:${region}:${account}:secret:rds!cluster-00000000-0000-0000-0000-000000000000-AbCdEf`,
    ],
    ['CERTIFICATE_ARN', `arn:aws:acm:${region}:${account}:certificate/00000000-0000-0000-0000-000000000000`],
    ['HOSTNAME', p.hostname(env)],
  ]);
  for (const name of catalogue.names) {
    values.set(serviceRoleKey(name), role(name));
    values.set(serviceRepositoryKey(name), `${account}.dkr.ecr.${region}.amazonaws.com/${p.prefix}/${name}`);
    // A name, not an ARN: Terraform names it so (terraform/modules/identity), and the ExternalSecret reads it by name.
    values.set(oauthClientSecretKey(name), oauthClientSecretName(prefix, name));
  }
  for (const id of catalogue.queueIds) {
    values.set(queueUrlKey(id), queue(id));
    values.set(queueDlqUrlKey(id), queue(`${id}-dlq`));
  }
  return values;
}

/** The values the file at `path` under `root` holds now (none when it does not exist). */
export function currentValues(root: string, path: string): Map<string, string> {
  const file = join(root, path);
  return existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : new Map();
}

/** The environment's aws.env values after derivation, in awsEnvKeys' order. */
export function awsEnvValues(catalogue: Catalogue, env: Environment): Map<string, string> {
  const current = currentValues(catalogue.root, awsEnvFile(env));
  const p = platform(catalogue.root);
  const fresh = placeholders(catalogue, env, current.get('AWS_ACCOUNT_ID') ?? ACCOUNT, p);
  const decided = new Map([
    ['AWS_REGION', p.region],
    ['HOSTNAME', p.hostname(env)],
  ]);
  return new Map(
    awsEnvKeys(catalogue).map((key) => [key, decided.get(key) ?? current.get(key) ?? fresh.get(key) ?? '']),
  );
}

export function awsEnvFileOf(catalogue: Catalogue, env: Environment): DerivedFile {
  const header = [
    `# ${env}'s values for its services. Keys: services/*/score.yaml through \`npm run derive\``,
    "# (services/lib/catalogue/aws-env.ts); values: Terraform's outputs, written by scripts/terraform/outputs.ts.",
  ];
  const lines = [...awsEnvValues(catalogue, env)].map(([key, value]) => `${key}=${value}`);
  return { path: awsEnvFile(env), text: `${[...header, ...lines].join('\n')}\n` };
}
