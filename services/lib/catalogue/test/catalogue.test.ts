import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config.js';
import {
  hasBuildScript,
  loadCatalogue,
  parseDeclaration,
  type ServiceDeclaration,
  ServiceDeclarationError,
} from '../catalogue.js';
import { resolveVariables } from '../placeholders.js';

const catalogue = loadCatalogue();
const inventoryYaml = readFileSync(join(catalogue.root, 'services/inventory/score.yaml'), 'utf8');

/** The inventory declaration with `edit` applied to its parsed document. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed YAML document, edited in place by each case
type Doc = Record<string, any>;
function edited(edit: (doc: Doc) => void): string {
  const doc = parse(inventoryYaml) as Doc;
  edit(doc);
  return stringify(doc);
}

/** A Score placeholder, written without a template literal's look-alike. */
const placeholder = (inner: string) => `\${${inner}}`;

const refusal = (text: string, folder = 'inventory') => {
  try {
    parseDeclaration(text, `services/${folder}/score.yaml`, folder);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceDeclarationError);
    return (error as Error).message;
  }
  throw new Error('the declaration was accepted');
};

/** What a service's config module exports, by the one template's names: `order-book` → `orderBookEnv`. */
const envExportOf = (name: string) => `${name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Env`;

/** Made-up outputs for every resource a declaration names, as a runner's provisioners would give them. */
function outputsOf(service: ServiceDeclaration) {
  return Object.fromEntries(
    Object.entries(service.workload.resources).map(([name, resource]) => [
      name,
      {
        environment: { AWS_REGION: 'eu-west-1' },
        postgres: { url: 'postgres://u:p@db.invalid:5432/shop' },
        'aws-sqs-queue': { url: 'https://sqs.invalid/q.fifo', dlq_url: 'https://sqs.invalid/q-dlq.fifo' },
        'service-port': { hostname: 'peer.invalid', port: '80' },
        'oauth-client': {
          token_url: 'https://auth.invalid/oauth/token',
          client_id: 'client',
          client_secret: 'secret',
        },
      }[resource.type],
    ]),
  );
}

describe('the repository catalogue', () => {
  it('declares inventory and pricing, each folder of services/ with a score.yaml', () => {
    expect(catalogue.names).toEqual(expect.arrayContaining(['inventory', 'pricing']));
    expect(catalogue.names).toEqual([...catalogue.names].sort());
  });

  it.each(catalogue.names)(
    '%s: the declared port, variables and schema are what its code reads',
    async (name) => {
      const service = catalogue.get(name);
      const config = (await import(join(catalogue.root, service.directory, 'src', 'config.ts'))) as Record<
        string,
        unknown
      >;
      const envSchema = config[envExportOf(name)] as Parameters<typeof loadConfig>[0];
      expect([envExportOf(name), envSchema]).toEqual([envExportOf(name), expect.anything()]);
      const variables = resolveVariables(service.variables, { name, outputs: outputsOf(service) });
      // Every declared variable resolves and is accepted by the service's own config schema.
      expect(Object.keys(variables).sort()).toEqual(Object.keys(service.variables).sort());
      const parsed = loadConfig(envSchema, variables) as { PORT: number };
      expect(parsed.PORT).toBe(service.port);
      if (service.database) {
        const serviceTs = readFileSync(join(catalogue.root, service.directory, 'src/service.ts'), 'utf8');
        expect(serviceTs).toContain(`schema: '${service.database.schema}'`);
      }
      // What x-build names is committed, or made by the service's build script (a front end's public/).
      expect(existsSync(join(catalogue.root, service.directory, service.build.entry))).toBe(true);
      for (const file of service.build.include)
        expect([
          file,
          existsSync(join(catalogue.root, service.directory, file)) || hasBuildScript(service),
        ]).toEqual([file, true]);
    },
  );

  it('has the queue that inventory sends to and pricing receives from, and every queue once', () => {
    expect(catalogue.queueIds).toContain('inventory-events');
    expect(catalogue.get('inventory').queues.map((q) => q.direction)).toEqual(['send']);
    expect(catalogue.get('pricing').queues.map((q) => q.direction)).toEqual(['receive']);
    const ids = catalogue.services.flatMap((s) => s.queues.map((q) => q.id));
    expect(catalogue.queueIds).toEqual([...new Set(ids)].sort());
  });

  it('names the known services when asked for an unknown one', () => {
    expect(() => catalogue.get('no-such-service')).toThrow(
      `no service "no-such-service" is declared (known: ${catalogue.names.join(', ')})`,
    );
  });
});

describe('a bad declaration is refused with the file and the field', () => {
  it('an unknown top-level field', () => {
    const message = refusal(`${inventoryYaml}\nx-environments: {}\n`);
    expect(message).toMatch(
      /^services\/inventory\/score\.yaml:\n {2}- \(top level\): unknown field "x-environments"/,
    );
  });

  it('an unknown kind', () => {
    const message = refusal(edited((d) => (d.metadata.annotations['platform.shop/kind'] = 'cron')));
    expect(message).toContain('metadata.annotations.platform.shop/kind:');
  });

  it('a placeholder naming an undeclared resource', () => {
    const message = refusal(
      edited((d) => (d.containers.inventory.variables.X = placeholder('resources.cache.host'))),
    );
    expect(message).toContain(
      `containers.inventory.variables.X: ${placeholder('resources.cache.host')} names resource "cache"`,
    );
  });

  it('a resource type of nobody', () => {
    const message = refusal(edited((d) => (d.resources.cache = { type: 'redis' })));
    expect(message).toContain(
      'resources.cache.type: expected a resource type among environment, postgres, aws-sqs-queue, service-port, oauth-client',
    );
  });

  it('a name that is not its folder, a declared PORT, a probe on another port', () => {
    const message = refusal(
      edited((d) => {
        d.containers.inventory.variables.PORT = '9000';
        d.containers.inventory.readinessProbe.httpGet.port = 9000;
      }),
      'stock',
    );
    expect(message).toContain('metadata.name: "inventory" differs from its folder "stock"');
    expect(message).toContain('variables.PORT: set from service.ports.http.targetPort');
    expect(message).toContain('readinessProbe.httpGet.port: expected 8080');
  });

  it('a queue-worker that receives from no queue', () => {
    const message = refusal(edited((d) => (d.metadata.annotations['platform.shop/kind'] = 'queue-worker')));
    expect(message).toContain('a queue-worker receives from an aws-sqs-queue; none is declared');
  });

  it('entrypoint routes that are not path prefixes, or are listed twice', () => {
    const message = refusal(edited((d) => (d.metadata['x-routes'] = ['v1/skus', '/v1/x/', '/a', '/a'])));
    expect(message).toContain('metadata.x-routes.0: expected a path prefix such as /v1/skus');
    expect(message).toContain('metadata.x-routes.1: expected a path prefix');
    const twice = refusal(edited((d) => (d.metadata['x-routes'] = ['/a', '/b', '/a'])));
    expect(twice).toContain('metadata.x-routes: /a listed twice');
  });

  it('a routed queue-worker is fine (its read API behind the entrypoint, as pricing is)', () => {
    const worker = parseDeclaration(
      edited((d) => {
        d.metadata.annotations['platform.shop/kind'] = 'queue-worker';
        d.resources.events.metadata.annotations['platform.shop/direction'] = 'receive';
      }),
      'services/inventory/score.yaml',
      'inventory',
    );
    expect([worker.kind, worker.routes]).toEqual(['queue-worker', ['/v1/skus', '/v1/reservations']]);
  });

  it('prod replicas with min above max', () => {
    const message = refusal(edited((d) => (d.metadata['x-environments'].prod.replicas = { min: 5, max: 2 })));
    expect(message).toContain('metadata.x-environments.prod.replicas: expected min <= max');
  });
});

describe('loadCatalogue on another root', () => {
  const root = mkdtempSync(join(tmpdir(), 'catalogue-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads only folders with a score.yaml, and refuses a broken one naming it', () => {
    mkdirSync(join(root, 'services/lib'), { recursive: true });
    mkdirSync(join(root, 'services/stock'), { recursive: true });
    writeFileSync(join(root, 'services/stock/score.yaml'), inventoryYaml);
    // A hidden folder (new:service's scratch) is not read, whatever it holds.
    mkdirSync(join(root, 'services/.new-stock-x'), { recursive: true });
    writeFileSync(join(root, 'services/.new-stock-x/score.yaml'), 'not: [valid');
    expect(() => loadCatalogue(root)).toThrow(
      /services\/stock\/score\.yaml:\n.*differs from its folder "stock"/,
    );
  });

  it('refuses a second service receiving from a queue another one receives from', () => {
    rmSync(join(root, 'services'), { recursive: true, force: true });
    const pricingYaml = readFileSync(join(catalogue.root, 'services/pricing/score.yaml'), 'utf8');
    for (const name of ['pricing', 'rebates']) {
      const doc = parse(pricingYaml) as Doc;
      doc.metadata.name = name;
      if (name === 'rebates') delete doc.metadata['x-routes'];
      doc.containers = { [name]: doc.containers.pricing };
      mkdirSync(join(root, 'services', name, 'src'), { recursive: true });
      mkdirSync(join(root, 'services', name, 'migrations'));
      writeFileSync(join(root, 'services', name, 'src', 'main.ts'), 'export {};\n');
      writeFileSync(join(root, 'services', name, 'score.yaml'), stringify(doc));
    }
    expect(() => loadCatalogue(root)).toThrow(
      'services/rebates/score.yaml:\n  - resources.events.id: queue "inventory-events" is already received by pricing',
    );
  });
});

describe("x-build's paths", () => {
  const root = mkdtempSync(join(tmpdir(), 'catalogue-build-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const web = (scripts: Record<string, string> | undefined, entry = 'src/main.ts') => {
    rmSync(join(root, 'services'), { recursive: true, force: true });
    mkdirSync(join(root, 'services/web/src'), { recursive: true });
    writeFileSync(join(root, 'services/web/src/main.ts'), 'export {};\n');
    writeFileSync(join(root, 'services/web/package.json'), JSON.stringify({ name: 'web', scripts }));
    writeFileSync(
      join(root, 'services/web/score.yaml'),
      edited((d) => {
        d.metadata.name = 'web';
        d.metadata.annotations['platform.shop/kind'] = 'web';
        d.metadata['x-build'] = { entry, include: ['public', 'VERSION'] };
        d.containers = { web: d.containers.inventory };
        d.resources = {};
        d.containers.web.variables = { HOST: '0.0.0.0' };
      }),
    );
  };

  it('an include nothing makes is refused; one a build script makes is not, an absent entry always is', () => {
    web({ test: 'jest' });
    expect(() => loadCatalogue(root)).toThrow(
      'services/web/score.yaml:\n  - metadata.x-build.include: public, VERSION not found in services/web (and its package.json has no build script to make them)',
    );
    web({ build: 'vite build app' });
    const service = loadCatalogue(root).get('web');
    expect([service.build.include, hasBuildScript(service, root)]).toEqual([['public', 'VERSION'], true]);
    web({ build: 'vite build app' }, 'src/server.ts');
    expect(() => loadCatalogue(root)).toThrow(
      'services/web/score.yaml:\n  - metadata.x-build.entry: src/server.ts not found in services/web',
    );
  });
});

describe('the entrypoint routes', () => {
  const root = mkdtempSync(join(tmpdir(), 'catalogue-routes-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('are declared by inventory, pricing and storefront, and a prefix belongs to one service only', () => {
    expect(catalogue.get('inventory').routes).toEqual(['/v1/skus', '/v1/reservations']);
    expect(catalogue.get('pricing').routes).toEqual(['/v1/prices']);
    expect(catalogue.get('storefront').routes).toEqual(['/']);
    const declare = (name: string, text: string) => {
      mkdirSync(join(root, 'services', name, 'src'), { recursive: true });
      mkdirSync(join(root, 'services', name, 'migrations'), { recursive: true });
      writeFileSync(join(root, 'services', name, 'src/main.ts'), '');
      writeFileSync(join(root, 'services', name, 'score.yaml'), text);
    };
    declare('inventory', inventoryYaml);
    declare(
      'orders',
      edited((d) => {
        d.metadata.name = 'orders';
        d.containers = { orders: d.containers.inventory };
        d.metadata['x-routes'] = ['/v1/orders', '/v1/skus'];
      }),
    );
    expect(() => loadCatalogue(root)).toThrow(
      'services/orders/score.yaml:\n  - metadata.x-routes: /v1/skus is already routed to inventory (services/inventory/score.yaml)',
    );
  });
});

describe('services/README.md', () => {
  it('shows the declaration exactly as the file has it', () => {
    const readme = readFileSync(join(catalogue.root, 'services/README.md'), 'utf8');
    const block = /<!-- score\.yaml: (\S+) -->\n```yaml\n([\s\S]*?)```\n<!-- end score\.yaml -->/.exec(
      readme,
    );
    expect(block?.[1]).toBe('services/inventory/score.yaml');
    expect(block?.[2]).toBe(readFileSync(join(catalogue.root, block?.[1] ?? ''), 'utf8'));
  });
});
