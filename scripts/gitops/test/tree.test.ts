// The committed gitops/ tree: every kustomization renders and passes, well under 10 s; the CLI prints the
// table and exits 0, and exits 1 naming file and rule when a tree is broken.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { ENVIRONMENTS } from '../../../services/lib/catalogue/score-schema.js';
import {
  CONFIGS_DIR,
  CONTROLLERS_DIR,
  clusterDir,
  GITOPS_DIR,
  MONITORING_DIR,
  overlayDir,
  overlayKustomizationFile,
  serviceBaseDir,
} from '../layout.js';
import { validateGitops } from '../validate-gitops.js';
import { goodFixture, podSpec, removeFixture, writeFixture } from './fixture.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const root = join(repoRoot, GITOPS_DIR);
const catalogue = loadCatalogue(repoRoot);
const run = promisify(execFile);
const repos: string[] = [];
afterAll(() => repos.forEach(removeFixture));

describe('the gitops/ tree', () => {
  it('renders and passes every check, well under 10 s', async () => {
    const result = await validateGitops({ root });
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.ms).toBeLessThan(10_000);
    const rows = Object.fromEntries(result.rows.map((r) => [r.tree, r]));
    for (const tree of [...ENVIRONMENTS.flatMap((e) => [clusterDir(e), overlayDir(e)]), MONITORING_DIR]) {
      expect(rows[tree]).toMatchObject({ role: 'deployable', verdict: 'pass' });
      expect(rows[tree]?.objects).toBeGreaterThan(0);
    }
    for (const tree of [...catalogue.names.map(serviceBaseDir), CONTROLLERS_DIR, CONFIGS_DIR])
      expect(rows[tree]).toMatchObject({ role: 'building block', verdict: 'pass' });
  });

  it.each(ENVIRONMENTS)('apps/%s has one images list naming every declared service by digest', (env) => {
    const k = parse(readFileSync(join(repoRoot, overlayKustomizationFile(env)), 'utf8')) as {
      images: Array<{ name: string; newName: string; digest?: string }>;
    };
    // In the order services were added (a new one is appended, every pin kept byte for byte).
    expect(k.images.map((i) => i.name).sort()).toEqual([...catalogue.names].sort());
    for (const image of k.images) expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('npm run validate:gitops (the CLI)', () => {
  const cli = (target: string, ...flags: string[]) =>
    run(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'scripts/gitops/validate.ts'), target, ...flags],
      {
        cwd: repoRoot,
      },
    );

  it('prints the table and exits 0 on the committed tree', async () => {
    const { stdout } = await cli(root);
    expect(stdout).toMatch(/^tree\s+role\s+objects\s+time\s+verdict/);
    expect(stdout).toMatch(/gitops\/apps\/prod\s+deployable\s+\d+\s+\d+ ms\s+pass/);
    expect(stdout).toMatch(/total\s+\d+\s+\d+ ms\s+pass/);
  });

  it.each([
    ['a missing folder', 'no-such-folder', /no-such-folder is not a directory/],
    ['a folder without kustomizations', 'scripts/gitops/test', /holds no kustomization\.yaml/],
  ])('refuses %s with one line and exit 2 (nothing checked is no pass)', async (_name, target, message) => {
    const failure = await cli(join(repoRoot, target)).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(message);
    expect(failure?.stderr).not.toMatch(/\n\s+at /);
    expect(failure?.stdout).toBe('');
  });

  it('exits 1 and names the file and the rule when a tree breaks one', async () => {
    const fixture = goodFixture();
    delete podSpec(fixture).containers[0].securityContext.allowPrivilegeEscalation;
    const repo = writeFixture(fixture);
    repos.push(repo);
    const failure = await cli(join(repo, 'gitops')).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain(
      'gitops/apps/prod/deployment.yaml:1: allow-privilege-escalation: Deployment demo/app: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false',
    );
    expect(failure?.stdout).toMatch(/gitops\/apps\/prod\s+deployable\s+\d+\s+\d+ ms\s+FAIL \(1\)/);
  });

  it('writes SARIF with --format sarif --output, and still prints the findings', async () => {
    const fixture = goodFixture();
    podSpec(fixture).hostNetwork = true;
    const repo = writeFixture(fixture);
    repos.push(repo);
    const sarifFile = join(repo, 'gitops.sarif');
    const failure = await cli(join(repo, 'gitops'), '--format', 'sarif', '--output', sarifFile).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain('gitops/apps/prod/deployment.yaml:1: host-namespaces: ');
    const log = JSON.parse(readFileSync(sarifFile, 'utf8'));
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('validate-gitops');
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'host-namespaces');
    expect(rule.properties.tags).toEqual(['hostNamespaces']);
    expect(run.results).toEqual([
      expect.objectContaining({
        ruleId: 'host-namespaces',
        level: 'error',
        locations: [
          expect.objectContaining({
            physicalLocation: expect.objectContaining({
              artifactLocation: expect.objectContaining({ uri: 'gitops/apps/prod/deployment.yaml' }),
            }),
          }),
        ],
      }),
    ]);
  });

  it('refuses an unknown --format with exit 2', async () => {
    const failure = await cli(root, '--format', 'xml').then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/--format must be text or sarif/);
  });
});

describe('findings name the line of their object', () => {
  it('reads the file anew when it changed, and apart from another checkout with the same paths', async () => {
    const broken = goodFixture();
    podSpec(broken).hostNetwork = true;
    const lineOf = async (repo: string) => {
      const result = await validateGitops({ root: join(repo, 'gitops') });
      const found = result.findings.filter((f) => f.rule === 'host-namespaces');
      expect(found.map((f) => f.file)).toEqual(['gitops/apps/prod/deployment.yaml']);
      return found[0]?.line;
    };
    const first = writeFixture(broken);
    repos.push(first);
    expect(await lineOf(first)).toBe(1);
    // The same relative path in another checkout, two comment lines before its Deployment: its own line.
    const shifted = writeFixture(broken);
    repos.push(shifted);
    const file = join(shifted, 'gitops/apps/prod/deployment.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `# leading comment\n# another\n${text}`);
    expect(await lineOf(shifted)).toBe(3);
    // The first checkout's file edited in place: read anew.
    writeFileSync(join(first, 'gitops/apps/prod/deployment.yaml'), `# one line more\n${text}`);
    expect(await lineOf(first)).toBe(2);
  });
});
