// npm run init in a scratch copy of the repository's declarations, GitOps tree, Terraform and CODEOWNERS:
// every value written once, in init.values.json, and everything derived from it follows, so that no
// placeholder of the upstream tree survives anywhere in the configuration.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { projectName } from '../../../services/lib/catalogue/names.js';
import { drift } from '../../catalogue/derive.js';
import { derivedFiles } from '../../catalogue/derived.js';
import { parseCodeowners } from '../../github/codeowners.js';
import { fargateSelectors } from '../../gitops/fargate-profiles.js';
import { renderTree } from '../../gitops/render.js';
import type { Loose } from '../../gitops/test/fixture.js';
import { CODEOWNERS_FILE, PLATFORM_BOOTSTRAP_INPUTS, PLATFORM_ENVIRONMENT_INPUTS } from '../derive.js';
import { InitError, init, jsonText } from '../init.js';
import { cidrProblem, PLACEHOLDERS, VALUES_FILE } from '../values.js';

const repository = loadCatalogue();
const FLAGS = [
  '--repo',
  'acme/shop-platform',
  '--domain',
  'shop.acme.dev',
  '--email',
  'oncall@acme.dev',
  '--region',
  'eu-central-1',
  '--admin-cidr',
  '198.18.7.0/24',
];

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'init-'));
  // The declarations init's derivation reads, and the files they name (contents do not matter here).
  for (const s of repository.services) {
    mkdirSync(join(root, s.directory), { recursive: true });
    cpSync(join(repository.root, s.file), join(root, s.file));
    for (const f of [s.build.entry, ...s.build.include]) {
      mkdirSync(join(root, s.directory, f, '..'), { recursive: true });
      writeFileSync(join(root, s.directory, f), '');
    }
  }
  // What init's derivation reads and writes: the GitOps tree, Terraform, CODEOWNERS, the values.
  for (const path of ['gitops', 'terraform', CODEOWNERS_FILE, VALUES_FILE])
    cpSync(join(repository.root, path), join(root, path), {
      recursive: true,
      filter: (source) => !source.split('/').includes('.terraform'),
    });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const valuesText = () => readFileSync(join(root, VALUES_FILE), 'utf8');
const run = async (argv: string[], ask?: (q: string, c: string | undefined) => Promise<string>) => {
  const lines: string[] = [];
  await init(argv, root, { log: (l) => lines.push(l), ...(ask && { ask }) });
  return lines;
};
const refusal = async (argv: string[]) => {
  const before = valuesText();
  const error = await run(argv).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InitError);
  expect(valuesText()).toBe(before);
  return (error as Error).message;
};

describe('npm run init', () => {
  it('writes every value once, says what changed, and a second run changes nothing', async () => {
    const lines = await run(FLAGS);
    expect(JSON.parse(valuesText())).toEqual({
      repository: 'acme/shop-platform',
      domain: 'shop.acme.dev',
      email: 'oncall@acme.dev',
      region: 'eu-central-1',
      adminCidrs: ['198.18.7.0/24'],
      prefix: 'shop',
      releaseProvenance: 'attest',
      requiredApprovals: 1,
    });
    expect(lines).toContain('  repository: "example-org/delivery-platform" → "acme/shop-platform"');
    expect(lines).toContain('  region: "eu-west-1" → "eu-central-1"');
    expect(lines).toContain(`wrote ${PLATFORM_ENVIRONMENT_INPUTS}`);
    // As the formatter writes it: npm run lint passes on the file init wrote.
    expect(valuesText()).toBe(`${jsonText(JSON.parse(valuesText()))}\n`);
    expect(valuesText()).toContain('"adminCidrs": ["198.18.7.0/24"],');
    expect(drift(root, derivedFiles(loadCatalogue(root)))).toEqual([]);
    expect(await run(FLAGS)).toEqual(['nothing to change: the tree already says this']);
    // Values already set need no flag the second time.
    expect(await run([])).toEqual(['nothing to change: the tree already says this']);
  });

  it('refuses the placeholders it replaces, naming each flag, and writes nothing', async () => {
    const message = await refusal([]);
    for (const flag of ['--repo', '--domain', '--email', '--admin-cidr'])
      expect(message).toMatch(new RegExp(`^  ${flag}: `, 'm'));
    expect(message).toContain('--repo: still the placeholder owner');
    expect(message).toContain('--admin-cidr: "203.0.113.10/32" is a documentation address');
    expect(message).not.toMatch(/^ {2}--region/m); // eu-west-1 is a real region, a default rather than a placeholder
  });

  it.each([
    [['--repo', 'acme'], '--repo: expected owner/name'],
    [['--domain', 'Shop.Acme.dev'], '--domain: expected a lower-case DNS name'],
    [['--domain', 'shop.example.org'], '--domain: a reserved example name'],
    [['--email', 'oncall@example.com'], '--email: a reserved example domain'],
    [['--region', 'europe'], '--region: expected an AWS region'],
    [['--admin-cidr', '0.0.0.0/0'], "opens the cluster's API to the whole internet"],
    [['--admin-cidr', '198.18.7.9/24'], 'has host bits set: did you mean 198.18.7.0/24?'],
    [['--prefix', 'Shop'], '--prefix: expected 2 to 12 lower-case letters'],
    [['--prefix', 'a-very-long-prefix'], '--prefix: expected 2 to 12'],
    [['--app-client-id', 'not-an-id'], 'appClientId: expected a GitHub App Client ID'],
    [['--colour', 'blue'], "Unknown option '--colour'"],
    [['--owner', 'billing=@acme/billing'], 'owners of billing: not a CODEOWNERS area'],
    [['--owner', '@acme/billing'], '--owner @acme/billing: expected AREA=@LOGIN'],
    [['--owner', 'gitops=acme'], 'owners.gitops.0: expected @login, @org/team or an e-mail'],
    [['--auth-issuer', 'http://login.acme.dev/'], 'authIssuer: expected an https URL ending with /'],
  ])('refuses %j with a clear error and writes nothing', async (bad, expected) => {
    const argv = [...FLAGS];
    const at = argv.indexOf(bad[0] as string);
    if (at >= 0) argv.splice(at, 2, ...bad);
    else argv.push(...bad);
    expect(await refusal(argv)).toContain(expected);
  });

  it('asks for what is missing when a terminal is attached, again until the answer is valid', async () => {
    const asked: string[] = [];
    const answers = [
      'acme',
      'acme/shop-platform',
      'shop.acme.dev',
      'oncall@acme.dev',
      '198.18.7.0/24, 2a05:d018:42::/48',
    ];
    await run(['--region', 'eu-west-1'], async (question) => {
      asked.push(question);
      return answers.shift() ?? '';
    });
    expect(asked.filter((q) => q.startsWith('GitHub repository'))).toHaveLength(2);
    expect(JSON.parse(valuesText())).toMatchObject({
      repository: 'acme/shop-platform',
      adminCidrs: ['198.18.7.0/24', '2a05:d018:42::/48'],
    });
  });

  it('--commit where there is no git repository: says the files are written, not committed', async () => {
    const error = await run([...FLAGS, '--commit']).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InitError);
    expect((error as Error).message).toMatch(/^written but not committed \(git: .*not a git repository/);
    expect(JSON.parse(valuesText()).repository).toBe('acme/shop-platform');
  });

  it('refuses a file that is not JSON rather than overwrite it', async () => {
    writeFileSync(join(root, VALUES_FILE), '{ not json');
    const error = await run(FLAGS).catch((e: Error) => e);
    expect((error as Error).message).toContain('init.values.json is not JSON');
    expect(valuesText()).toBe('{ not json');
  });
});

/** Every file of the configuration (not its docs, not test fixtures), relative to the root. */
function configFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((f) => !f.endsWith('.md') && !f.includes('/test/') && !f.endsWith('.test.yaml'));
}

describe('what init derives', () => {
  const everything = [
    ...FLAGS.slice(0, -2),
    '--admin-cidr',
    '198.18.7.0/24',
    '--prefix',
    'acme',
    '--reviewer',
    'founder',
    '--reviewer',
    'acme/release-managers',
    '--owner',
    'terraform=@acme/infra',
    '--auth-issuer',
    'https://login.acme.dev/realms/shop/',
  ];

  it('leaves no placeholder of the upstream tree in gitops/, terraform/, .github/ or the values', async () => {
    const before = ['gitops', 'terraform', '.github'].flatMap(configFiles);
    const holding = (files: string[]) =>
      files.filter((f) =>
        Object.values(PLACEHOLDERS).some((p) => readFileSync(join(root, f), 'utf8').includes(p)),
      );
    // The upstream tree holds them, derived from its placeholder values: the grep can fail.
    expect(holding([...before, VALUES_FILE]).length).toBeGreaterThan(3);
    await run(everything);
    const after = ['gitops', 'terraform', '.github'].flatMap(configFiles);
    expect(holding([...after, VALUES_FILE])).toEqual([]);
  });

  it('carries each value where it is read: Argo CD, the namespaces, Terraform, CODEOWNERS, auth.env', async () => {
    await run(everything);
    const read = (path: string) => readFileSync(join(root, path), 'utf8');
    expect(projectName(root)).toBe('acme');
    expect(JSON.parse(read(PLATFORM_ENVIRONMENT_INPUTS))).toMatchObject({
      project: 'acme',
      region: 'eu-central-1',
      github_repository: 'acme/shop-platform',
      zone_name: 'shop.acme.dev',
      hostnames: { dev: 'dev.shop.acme.dev', prod: 'shop.acme.dev' },
      api_allowed_cidrs: ['198.18.7.0/24'],
      alarm_email: 'oncall@acme.dev',
    });
    expect(JSON.parse(read(PLATFORM_BOOTSTRAP_INPUTS))).toMatchObject({
      project: 'acme',
      region: 'eu-central-1',
    });
    const owners = parseCodeowners(read(CODEOWNERS_FILE));
    expect(owners.get('*')).toEqual(['@founder', '@acme/release-managers']);
    expect(owners.get('/terraform/')).toEqual(['@acme/infra']);
    expect(owners.get('/services/pricing/')).toEqual(['@founder', '@acme/release-managers']);
    expect(read('gitops/apps/prod/auth.env')).toContain(
      'AUTH_ISSUER=https://login.acme.dev/realms/shop/\nAUTH_AUDIENCE=https://shop.acme.dev\n',
    );
    expect(parse(read('gitops/apps/dev/kustomization.yaml')).namespace).toBe('acme-dev');
    // Terraform's side of the namespace, as the Fargate check reads it: the same prefix.
    expect(await fargateSelectors(root)).toEqual(
      expect.arrayContaining([
        { namespace: 'acme-dev', labels: { 'platform.shop/compute': 'fargate' } },
        { namespace: 'acme-prod', labels: { 'platform.shop/compute': 'fargate' } },
      ]),
    );
    // The cluster's entry, rendered by kustomize as Argo CD renders it: the fork's URL and namespace.
    const cluster = await renderTree(join(root, 'gitops/clusters/prod'), { repoRoot: root });
    expect(cluster.error).toBeUndefined();
    const objects = cluster.objects.map((o) => o.object as Loose);
    const url = 'https://github.com/acme/shop-platform.git';
    const ours = objects.filter((o) => o.kind === 'Application' && !o.spec.source.chart);
    expect(ours.map((o) => [o.metadata.name, o.spec.source.repoURL])).toEqual(
      expect.arrayContaining([
        ['root-prod', url],
        ['acme-prod', url],
        ['shop-monitoring', url],
      ]),
    );
    expect(ours.find((o) => o.metadata.name === 'acme-prod')?.spec.destination.namespace).toBe('acme-prod');
    const project = objects.find((o) => o.kind === 'AppProject' && o.metadata.name === 'prod');
    expect(project?.spec.sourceRepos).toContain(url);
    expect(project?.spec.destinations.map((d: { namespace: string }) => d.namespace)).toContain('acme-prod');
    expect(JSON.stringify(objects)).not.toContain('from-init-values');
  });
});

describe('CIDR blocks', () => {
  it.each([
    ['10.1.0.0/16', undefined],
    ['198.18.7.1/32', undefined],
    ['2a05:d018:42::/48', undefined],
    ['10.1.0.0', 'is not a CIDR block'],
    ['10.1.0.0/33', 'longer than the address'],
    ['::/0', 'whole internet'],
    ['2001:db8:42::/48', 'documentation address'],
    ['192.0.2.0/24', 'documentation address'],
    ['10.1.2.3/16', 'did you mean 10.1.0.0/16?'],
  ])('%s', (cidr, problem) => {
    if (problem === undefined) expect(cidrProblem(cidr)).toBeUndefined();
    else expect(cidrProblem(cidr)).toContain(problem);
  });
});
