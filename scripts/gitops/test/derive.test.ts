// What `npm run derive` makes of a declaration for the GitOps tree, case by case: the variables a cluster
// can fill and the ones it cannot (refused, naming the file and the variable), the aws.env key set (kept
// values, placeholders in the file's account, dropped keys), the images list (entries added and dropped,
// every other byte kept), the routes' order, the disruption budget, and a hand-written patch beside a base.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadCatalogue, parseDeclaration } from '../../../services/lib/catalogue/catalogue.js';
import { INIT_VALUES_FILE, REPOSITORY_ROOT } from '../../../services/lib/catalogue/names.js';
import { exampleDeclaration, ScratchRepository } from '../../lib/scratch-repository.js';
import { platform } from '../../platform/platform.js';
import { awsEnvFileOf, parseEnvFile } from '../derive/aws-env-file.js';
import { baseFile } from '../derive/base.js';
import { overlayImagesFile, UNPINNED_DIGEST } from '../derive/images.js';
import { ingressFile, routes } from '../derive/ingress.js';
import { GitopsDerivationError, serviceConfig } from '../derive/service-config.js';
import { disruptionBudget } from '../derive/wiring.js';
import { awsEnvFile, overlayKustomizationFile, serviceBaseDir } from '../layout.js';

// biome-ignore lint/suspicious/noExplicitAny: a parsed declaration, edited field by field
type Loose = any;

const placeholder = (inner: string) => `\${${inner}}`;
/** This repository's catalogue: the services a service-port of the cases below names. */
const repository = loadCatalogue();

/** `returns` (an http-api with a database and a queue) with `edit` applied to its parsed declaration. */
function returns(edit: (doc: Loose) => void = () => {}) {
  const doc = parse(
    exampleDeclaration('returns', {
      kind: 'http-api',
      port: 8082,
      database: true,
      queue: { id: 'returns-jobs', direction: 'send' },
    }),
  );
  edit(doc);
  return parseDeclaration(JSON.stringify(doc), 'services/returns/score.yaml', 'returns');
}
const withVariable = (name: string, value: string) =>
  returns((d) => {
    d.containers.returns.variables[name] = value;
  });

const repos: ScratchRepository[] = [];
const scratch = () => {
  const repo = new ScratchRepository();
  repos.push(repo);
  return repo;
};
afterAll(() => {
  for (const repo of repos) repo.dispose();
});

describe("a service's configuration in a cluster", () => {
  it('is PORT, its plain values, its name, and a from-aws-env placeholder for each aws.env key it names', () => {
    const config = serviceConfig(returns(), repository);
    expect(config.literals).toEqual([
      ['PORT', '8082'],
      ['HOST', '0.0.0.0'],
      ['LOG_LEVEL', 'info'],
      ['SERVICE_NAME', 'returns'],
      ['AWS_REGION', 'from-aws-env'],
      ['JOBS_QUEUE_URL', 'from-aws-env'],
    ]);
    expect(config.fromAwsEnv).toEqual([
      { variable: 'AWS_REGION', awsEnvKey: 'AWS_REGION' },
      { variable: 'JOBS_QUEUE_URL', awsEnvKey: 'RETURNS_JOBS_QUEUE_URL' },
    ]);
  });

  it.each([
    [
      'text around a placeholder',
      'JOBS',
      `queue=${placeholder('resources.jobs.url')}`,
      'in a cluster a variable is either plain text \\(with service-port placeholders\\) or exactly one',
    ],
    [
      'an environment value aws.env lacks',
      'STAGE',
      placeholder('resources.env.STAGE'),
      'has no value in a cluster',
    ],
    [
      'the database URL under another name',
      'PG_URL',
      placeholder('resources.db.url'),
      'reaches the container as DATABASE_URL',
    ],
  ])('refuses %s, naming the file and the variable', (_case, variable, value, message) => {
    const service = withVariable(variable, value);
    expect(() => serviceConfig(service, repository)).toThrow(GitopsDerivationError);
    expect(() => serviceConfig(service, repository)).toThrow(
      new RegExp(
        `^services/returns/score\\.yaml: containers\\.returns\\.variables\\.${variable}: .*${message}`,
      ),
    );
  });
});

describe('the resources that name another declaration, in a cluster', () => {
  const calling = returns((d) => {
    d.resources.stock = { type: 'service-port', params: { workload: 'inventory', port: 'http' } };
    d.resources.identity = { type: 'oauth-client', params: { scopes: ['inventory:write'] } };
    Object.assign(d.containers.returns.variables, {
      STOCK_URL: `http://${placeholder('resources.stock.hostname')}:${placeholder('resources.stock.port')}/v1`,
      STOCK_HOST: placeholder('resources.stock.hostname'),
      TOKEN_URL: placeholder('resources.identity.token_url'),
      CLIENT_ID: placeholder('resources.identity.client_id'),
      CLIENT_SECRET: placeholder('resources.identity.client_secret'),
    });
  });

  it("a service-port is the callee's Service name and Service port, written into the base", () => {
    const config = serviceConfig(calling, repository);
    const service = repository.get('inventory').workload.service.ports.http.port;
    expect(config.literals).toContainEqual(['STOCK_URL', `http://inventory:${service}/v1`]);
    expect(config.literals).toContainEqual(['STOCK_HOST', 'inventory']);
  });

  it("an oauth-client's token URL is auth.env's, its id and secret the Secret's, never the ConfigMap's", () => {
    const config = serviceConfig(calling, repository);
    expect(config.literals).toContainEqual(['TOKEN_URL', 'from-aws-env']);
    expect(config.fromAuthEnv).toEqual([{ variable: 'TOKEN_URL', authEnvKey: 'AUTH_TOKEN_URL' }]);
    expect(config.fromOAuthClientSecret).toEqual([
      { variable: 'CLIENT_ID', key: 'client_id' },
      { variable: 'CLIENT_SECRET', key: 'client_secret' },
    ]);
    expect(config.literals.map(([k]) => k)).not.toContain('CLIENT_SECRET');
    const base = parse(baseFile(repository, calling).text) as Loose;
    const env = JSON.stringify(base.patches);
    expect(env).toContain('returns-oauth-client');
    expect(base.components).toContain('../../components/oauth-client');
  });

  it('refuses text around an oauth-client output', () => {
    const service = returns((d) => {
      d.resources.identity = { type: 'oauth-client', params: { scopes: ['inventory:write'] } };
      d.containers.returns.variables.AUTH = `Basic ${placeholder('resources.identity.client_secret')}`;
    });
    expect(() => serviceConfig(service, repository)).toThrow(
      /^services\/returns\/score\.yaml: containers\.returns\.variables\.AUTH: .*exactly one/,
    );
  });
});

describe("an environment's aws.env", () => {
  it("keeps every value, adds a missing key in the file's account and the platform's region, drops a stale one", () => {
    const repo = scratch();
    const file = awsEnvFile('dev');
    const text = repo.read(file);
    repo.write(
      file,
      `${text
        .replace(/^AWS_ACCOUNT_ID=.*$/m, 'AWS_ACCOUNT_ID=999999999999')
        .replace(/^AWS_REGION=.*$/m, 'AWS_REGION=us-east-2')
        .replace(/^PRICING_ROLE_ARN=.*\n/m, '')}SQS_QUEUE_URL=https://old\n`,
    );
    const values = parseEnvFile(awsEnvFileOf(repo.catalogue(), 'dev').text);
    expect(values.get('PRICING_ROLE_ARN')).toBe('arn:aws:iam::999999999999:role/shop-dev-pricing');
    expect(values.get('INVENTORY_ROLE_ARN')).toBe(parseEnvFile(text).get('INVENTORY_ROLE_ARN'));
    expect(values.has('SQS_QUEUE_URL')).toBe(false);
    // The region and the host name are the init values' (Terraform outputs the same): a stale one is put back.
    const { region, hostname } = platform(repo.root);
    expect(values.get('AWS_REGION')).toBe(region);
    expect(values.get('HOSTNAME')).toBe(hostname('dev'));
    expect(values.get('INVENTORY_REPOSITORY')).toBe(parseEnvFile(text).get('INVENTORY_REPOSITORY'));
  });

  it("names a new key's placeholder with the platform's prefix and region", () => {
    const repo = scratch();
    const values = JSON.parse(readFileSync(join(REPOSITORY_ROOT, INIT_VALUES_FILE), 'utf8'));
    repo.write(INIT_VALUES_FILE, JSON.stringify({ ...values, prefix: 'acme', region: 'ap-south-1' }));
    const file = awsEnvFile('dev');
    repo.write(file, repo.read(file).replace(/^PRICING_.*\n/gm, ''));
    const derived = parseEnvFile(awsEnvFileOf(repo.catalogue(), 'dev').text);
    expect(derived.get('PRICING_ROLE_ARN')).toBe('arn:aws:iam::111111111111:role/acme-dev-pricing');
    expect(derived.get('PRICING_REPOSITORY')).toBe(
      '111111111111.dkr.ecr.ap-south-1.amazonaws.com/acme/pricing',
    );
  });
});

describe("an environment's images list", () => {
  it('loses the entry of a service no longer declared, every other byte kept', () => {
    const repo = scratch();
    const file = overlayKustomizationFile('prod');
    const text = repo.read(file);
    const stale =
      '  - name: retired # gone since v1.2\n    newName: r.example/retired\n    digest: sha256:abc\n';
    repo.write(file, text.replace('  - name: pricing\n', `${stale}  - name: pricing\n`));
    expect(overlayImagesFile(repo.catalogue(), 'prod').text).toBe(text);
  });

  it('gains an unpinned entry for a newly declared service, from its repository in aws.env', () => {
    const repo = scratch();
    repo.declare('returns', exampleDeclaration('returns', { kind: 'http-api', port: 8082 }));
    const { text } = overlayImagesFile(repo.catalogue(), 'dev');
    expect(
      text.endsWith(
        `  - name: returns\n    newName: 111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/returns\n    digest: ${UNPINNED_DIGEST}\n`,
      ),
    ).toBe(true);
  });

  it('needs the overlay that holds it', () => {
    const repo = scratch();
    rmSync(join(repo.root, overlayKustomizationFile('dev')));
    expect(() => overlayImagesFile(repo.catalogue(), 'dev')).toThrow(
      'gitops/apps/dev/kustomization.yaml is missing: the dev overlay holds the images list',
    );
  });
});

describe('the entrypoint', () => {
  it('lists the longest prefix first, so / comes last', () => {
    const repo = scratch();
    repo.declare('storefront', exampleDeclaration('storefront', { kind: 'web', port: 8092, routes: ['/'] }));
    expect(routes(repo.catalogue()).map((r) => r.path)).toEqual([
      '/v1/reservations',
      '/v1/orders',
      '/v1/prices',
      '/v1/skus',
      '/',
    ]);
  });

  it('puts a longer prefix before a shorter one it extends, and equal lengths by name', () => {
    const repo = scratch();
    repo.declare(
      'catalog',
      exampleDeclaration('catalog', {
        kind: 'http-api',
        port: 8095,
        routes: ['/v1/skus/featured', '/v1/catalog'],
      }),
    );
    expect(routes(repo.catalogue()).map((r) => `${r.path} ${r.service}`)).toEqual([
      '/v1/skus/featured catalog',
      '/v1/reservations inventory',
      '/v1/catalog catalog',
      '/v1/orders orders',
      '/v1/prices pricing',
      '/v1/skus inventory',
      '/ storefront',
    ]);
  });

  it('needs one route at least', () => {
    const repo = scratch();
    for (const name of repo.catalogue().names) {
      const file = `services/${name}/score.yaml`;
      repo.write(file, repo.read(file).replace(/^ {2}x-routes:.*\n/m, ''));
    }
    expect(() => ingressFile(repo.catalogue())).toThrow('no service declares metadata.x-routes');
  });
});

describe('the scale of a service', () => {
  it('lets a voluntary disruption take one pod: all of one, or one fewer than the floor', () => {
    expect([1, 2, 3, 10].map(disruptionBudget)).toEqual([
      { maxUnavailable: 1 },
      { minAvailable: 1 },
      { minAvailable: 2 },
      { minAvailable: 9 },
    ]);
  });
});

describe('a base', () => {
  it('applies a hand-written *.patch.yaml beside it, last, and says so', () => {
    const repo = scratch();
    repo.declare('returns', exampleDeclaration('returns', { kind: 'http-api', port: 8082 }));
    repo.write(`${serviceBaseDir('returns')}/placement.patch.yaml`, 'kind: Deployment\n');
    const catalogue = repo.catalogue();
    const { text } = baseFile(catalogue, catalogue.get('returns'));
    expect(parse(text).patches.at(-1)).toEqual({ path: 'placement.patch.yaml' });
    expect(text).toContain(
      '# Also applied, hand-written beside this file (it says why): placement.patch.yaml.',
    );
    // Without a database: no postgres component, no database rename.
    expect(parse(text).components).toEqual(['../../components/http-api']);
    expect(text).not.toContain('workload-database');
  });
});
