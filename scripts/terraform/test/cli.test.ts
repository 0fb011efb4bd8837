// The command as people and CI run it: the real tree is clean (parse, terraform fmt, checks), and a copy
// with a policy violation, a badly formatted file and a file that does not parse makes it print one
// `file:line: check: message` line for each (or SARIF) and exit 1.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkTerraform } from '../check.js';
import { terraformFmt } from '../format.js';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..', '..');
const cli = join(repo, 'scripts', 'terraform', 'check.ts');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');

async function terraformAvailable(): Promise<boolean> {
  const probe = await terraformFmt(join(repo, 'terraform', 'bootstrap'));
  if (!probe.ran) {
    const message = 'terraform is not on PATH: the terraform fmt -check part of these tests cannot run';
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true: failing)`);
    console.warn(`SKIPPED LOUDLY: ${message}`);
  }
  return probe.ran;
}

async function cliRun(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [cli, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the real terraform/ tree', () => {
  it('parses, is formatted and passes every policy check', async () => {
    const withFmt = await terraformAvailable();
    const result = await checkTerraform('terraform', { cwd: repo, skipFormat: !withFmt });
    expect(result.findings).toEqual([]);
    expect(result.files).toBeGreaterThan(40);
    expect(result.formatRan).toBe(withFmt);
  });
});

describe('npm run check:terraform -- DIR on a broken copy', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'tf-check-'));
    await cp(join(repo, 'terraform'), join(work, 'terraform'), { recursive: true });
    const registry = join(work, 'terraform', 'modules', 'registry', 'main.tf');
    await writeFile(registry, (await readFile(registry, 'utf8')).replace('"IMMUTABLE"', '"MUTABLE"'));
    const network = join(work, 'terraform', 'modules', 'network', 'outputs.tf');
    await writeFile(
      network,
      (await readFile(network, 'utf8')).replace(
        '  value       = module.this.vpc_id',
        '  value = module.this.vpc_id',
      ),
    );
    await writeFile(
      join(work, 'terraform', 'modules', 'dns', 'broken.tf'),
      'resource "aws_route53_record" "x" {\n',
    );
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('prints file:line: check: message for each finding and exits 1', async () => {
    const withFmt = await terraformAvailable();
    const { code, stdout } = await cliRun(['terraform'], work);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    const registry = await readFile(join(work, 'terraform', 'modules', 'registry', 'main.tf'), 'utf8');
    const line =
      registry.split('\n').findIndex((l) => l.startsWith('resource "aws_ecr_repository" "this"')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(lines).toContain(
      `terraform/modules/registry/main.tf:${line}: ecr-repository: aws_ecr_repository.this: image_tag_mutability must be IMMUTABLE: a released tag must always mean the same digest [CKV_AWS_51]`,
    );
    expect(
      lines.some((l) =>
        /^terraform\/modules\/dns\/broken\.tf:1: parse: .*Unclosed configuration block/.test(l),
      ),
    ).toBe(true);
    if (withFmt) {
      // terraform fmt refuses a directory with a file it cannot parse; the format finding names the tree.
      expect(lines.some((l) => /^terraform(\/[^:]*)?:1: fmt: /.test(l))).toBe(true);
    }
    for (const l of lines) expect(l).toMatch(/^[^:]+:\d+: [a-z-]+: .+/);
  });

  it('names the unformatted file once the tree parses again', async () => {
    if (!(await terraformAvailable())) return;
    await rm(join(work, 'terraform', 'modules', 'dns', 'broken.tf'));
    const { code, stdout } = await cliRun(['terraform'], work);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'terraform/modules/network/outputs.tf:1: fmt: not formatted: run terraform fmt\n',
    );
  });

  it('writes SARIF with --format sarif --output FILE, each result at its file and line', async () => {
    const out = join(work, 'findings.sarif');
    const { code, stdout } = await cliRun(['terraform', '--format', 'sarif', '--output', out], work);
    expect(code).toBe(1);
    const sarif = JSON.parse(await readFile(out, 'utf8')) as {
      runs: {
        results: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    const ecr = sarif.runs[0]?.results.find((r) => r.ruleId === 'ecr-repository');
    expect(ecr?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'terraform/modules/registry/main.tf',
    );
    expect(ecr?.locations[0]?.physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(stdout).toContain('ecr-repository');
  });

  it('refuses a second argument or an unknown option with usage and exit 2', async () => {
    for (const args of [
      ['terraform', '--fix'],
      ['terraform', 'other'],
    ]) {
      const { code, stderr } = await cliRun(args, work);
      expect(code).toBe(2);
      expect(stderr).toContain('usage: npm run check:terraform -- [DIR]');
    }
  });
});
