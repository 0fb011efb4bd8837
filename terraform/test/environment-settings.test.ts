// terraform/environment's variables as the real terraform binary reads them: each environment's committed
// settings (<env>.tfvars) and the derived services.auto.tfvars.json and platform.auto.tfvars.json (the init
// values: no operator's file) are accepted by the types and validations, and what must never pass is refused
// before anything is planned.
// No provider can be downloaded here, so the root's variable blocks are planned alone, in a scratch root.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { terraformFmt } from '../../scripts/terraform/format.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', 'environment');
const ENVIRONMENTS = ['dev', 'prod'];

/** Every top-level `variable` block of the root's .tf files, as written. */
function variableBlocks(): string {
  return ['settings.tf', 'variables.tf', 'services.tf']
    .map((f) => readFileSync(join(ROOT, f), 'utf8'))
    .flatMap((text) => [...text.matchAll(/^variable "[^"]+" \{\n[\s\S]*?^\}\n/gm)].map((m) => m[0]))
    .join('\n');
}

let scratch: string;
let available = true;
beforeAll(async () => {
  available = (await terraformFmt(ROOT)).ran;
  if (!available && process.env.CI === 'true') throw new Error('terraform is not on PATH (CI=true: failing)');
  if (!available) console.warn('SKIPPED LOUDLY: terraform is not on PATH');
  scratch = mkdtempSync(join(tmpdir(), 'tf-settings-'));
  writeFileSync(join(scratch, 'variables.tf'), variableBlocks());
  for (const file of ['dev.tfvars', 'prod.tfvars', 'services.auto.tfvars.json', 'platform.auto.tfvars.json'])
    cpSync(join(ROOT, file), join(scratch, file));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `terraform plan` of the variables alone with these var-files: exit code and output (on one line). */
async function plan(...varFiles: string[]): Promise<{ code: number; output: string }> {
  const args = [
    `-chdir=${scratch}`,
    'plan',
    '-input=false',
    '-no-color',
    ...varFiles.map((f) => `-var-file=${f}`),
    '-var=state_bucket=shop-tfstate-123456789012',
    '-var=state_kms_key_arn=arn:aws:kms:eu-west-1:123456789012:key/k',
  ];
  const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_DATA_DIR: join(scratch, '.terraform') };
  try {
    const { stdout, stderr } = await run('terraform', args, { env });
    return { code: 0, output: `${stdout}${stderr}`.replace(/\s+/g, ' ') };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: `${e.stdout}${e.stderr}`.replace(/\s+/g, ' ') };
  }
}

describe('terraform/environment settings', () => {
  it.each(ENVIRONMENTS)(
    '%s.tfvars with the derived services and platform values is valid, nothing else given',
    async (env) => {
      if (!available) return;
      const { code, output } = await plan(`${env}.tfvars`);
      expect([code, output]).toEqual([0, expect.stringContaining('No changes.')]);
    },
  );

  it.each([
    [
      { hostnames: { dev: 'dev.elsewhere.dev', prod: 'example.com' } },
      'dev.tfvars',
      'every host name must be zone_name itself or end with .<zone_name>',
    ],
    [
      { hostnames: { dev: 'dev.example.com' } },
      'prod.tfvars',
      "hostnames must name this environment's host name",
    ],
    [{ project: 'Shop' }, 'dev.tfvars', 'project must be 2-21 lower-case letters'],
  ])('refuses platform values %j that break a rule', async (values, settings, message) => {
    if (!available) return;
    writeFileSync(join(scratch, 'bad.tfvars.json'), JSON.stringify(values));
    const { code, output } = await plan(settings, 'bad.tfvars.json');
    expect(code).not.toBe(0);
    expect(output).toContain(message);
  });

  it('refuses prod without deletion protection', async () => {
    if (!available) return;
    const text = readFileSync(join(ROOT, 'prod.tfvars'), 'utf8');
    expect(text).toContain('deletion_protection = true');
    writeFileSync(
      join(scratch, 'off.tfvars'),
      text.replace('deletion_protection = true', 'deletion_protection = false'),
    );
    const { code, output } = await plan('off.tfvars');
    expect(code).not.toBe(0);
    expect(output).toContain('database.deletion_protection must be true in prod');
  });

  it('refuses an environment that is neither dev nor prod (it has no state key nor GitHub environment)', async () => {
    if (!available) return;
    writeFileSync(
      join(scratch, 'staging.tfvars'),
      readFileSync(join(ROOT, 'dev.tfvars'), 'utf8').replace('"dev"', '"staging"'),
    );
    const { code, output } = await plan('staging.tfvars');
    expect(code).not.toBe(0);
    expect(output).toContain('environment must be dev or prod');
  });

  it("refuses a service whose role name would pass IAM's 64 characters", async () => {
    if (!available) return;
    const derived = JSON.parse(readFileSync(join(ROOT, 'services.auto.tfvars.json'), 'utf8'));
    writeFileSync(
      join(scratch, 'long.tfvars.json'),
      JSON.stringify({ services: [...derived.services, `a${'b'.repeat(60)}c`] }),
    );
    const { code, output } = await plan('prod.tfvars', 'long.tfvars.json');
    expect(code).not.toBe(0);
    expect(output).toContain('IAM role names have at most 64 characters');
  });

  it('refuses a derived use of a queue no service declares', async () => {
    if (!available) return;
    const derived = JSON.parse(readFileSync(join(ROOT, 'services.auto.tfvars.json'), 'utf8'));
    const [key, use] = Object.entries(derived.queue_senders)[0] as [
      string,
      { service: string; queue: string },
    ];
    derived.queue_senders[key] = { ...use, queue: 'nowhere-events' };
    // A -var-file given later wins over the auto file, as a hand edit of it would.
    writeFileSync(
      join(scratch, 'edited.tfvars.json'),
      JSON.stringify({ queue_senders: derived.queue_senders }),
    );
    const { code, output } = await plan('dev.tfvars', 'edited.tfvars.json');
    expect(code).not.toBe(0);
    expect(output).toContain(
      'queue_senders entries must be keyed <service>/<queue> and name a declared service and queue',
    );
  });
});
