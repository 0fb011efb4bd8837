// The two resource types that name other declarations: `service-port` (Score's own type for another
// workload's port, as score-k8s provisions it) and ours, `oauth-client` (a client of the identity provider
// for the client credentials grant). Each rule refuses with the file and the field, and a good declaration
// yields the dependency and the client.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { loadCatalogue, parseDeclaration, ServiceDeclarationError } from '../catalogue.js';

const repository = loadCatalogue();
const inventoryYaml = readFileSync(join(repository.root, 'services/inventory/score.yaml'), 'utf8');

// biome-ignore lint/suspicious/noExplicitAny: a parsed YAML document, edited in place by each case
type Doc = Record<string, any>;
const placeholder = (inner: string) => `\${${inner}}`;

/** A declaration named `name` on `port`, from inventory's, with `edit` applied. */
function declaration(name: string, port: number, edit: (doc: Doc) => void = () => undefined): string {
  const doc = parse(inventoryYaml) as Doc;
  doc.metadata.name = name;
  delete doc.metadata['x-routes'];
  doc.containers = { [name]: doc.containers.inventory };
  doc.containers[name].livenessProbe.httpGet.port = port;
  doc.containers[name].readinessProbe.httpGet.port = port;
  doc.service.ports.http.targetPort = port;
  doc.resources.events.id = `${name}-events`;
  doc.resources.db.params.schema = name.replaceAll('-', '_');
  edit(doc);
  return stringify(doc);
}

/** `edit` adds to the caller's resources and variables. */
const calling =
  (resources: Doc, variables: Record<string, string> = {}) =>
  (doc: Doc) => {
    Object.assign(doc.resources, resources);
    Object.assign(doc.containers[doc.metadata.name].variables, variables);
  };

function refusal(text: string, folder: string): string {
  try {
    parseDeclaration(text, `services/${folder}/score.yaml`, folder);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceDeclarationError);
    return (error as Error).message;
  }
  throw new Error('the declaration was accepted');
}

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A scratch repository with these declarations (name -> score.yaml text). */
function scratch(declarations: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'catalogue-res-'));
  for (const [name, text] of Object.entries(declarations)) {
    mkdirSync(join(root, 'services', name, 'src'), { recursive: true });
    mkdirSync(join(root, 'services', name, 'migrations'), { recursive: true });
    writeFileSync(join(root, 'services', name, 'src/main.ts'), 'export {};\n');
    writeFileSync(join(root, 'services', name, 'score.yaml'), text);
  }
  return root;
}

const orders = (edit: (doc: Doc) => void) => declaration('orders', 8082, edit);
const inventoryPort = { type: 'service-port', params: { workload: 'inventory', port: 'http' } };
const inventoryUrl = `http://${placeholder('resources.inventory.hostname')}:${placeholder('resources.inventory.port')}`;
const writeClient = { type: 'oauth-client', params: { scopes: ['inventory:write'] } };

describe('service-port', () => {
  it('gives the catalogue the dependency', () => {
    const catalogue = loadCatalogue(
      scratch({
        inventory: declaration('inventory', 8080),
        orders: orders(calling({ inventory: inventoryPort }, { INVENTORY_URL: inventoryUrl })),
      }),
    );
    expect(catalogue.get('orders').dependencies).toEqual([
      { resource: 'inventory', workload: 'inventory', port: 'http' },
    ]);
    expect(catalogue.get('inventory').dependencies).toEqual([]);
  });

  it('refuses a workload that is not declared, naming the known ones', () => {
    const text = orders(
      calling({ stock: { ...inventoryPort, params: { workload: 'stock', port: 'http' } } }),
    );
    expect(() => loadCatalogue(scratch({ inventory: declaration('inventory', 8080), orders: text }))).toThrow(
      'services/orders/score.yaml:\n  - resources.stock.params.workload: no service "stock" is declared (known: inventory, orders)',
    );
  });

  it('refuses a port name the workload does not have', () => {
    const text = orders(
      calling({ inventory: { ...inventoryPort, params: { workload: 'inventory', port: 'grpc' } } }),
    );
    expect(() => loadCatalogue(scratch({ inventory: declaration('inventory', 8080), orders: text }))).toThrow(
      'services/orders/score.yaml:\n  - resources.inventory.params.port: inventory has no port "grpc" (services/inventory/score.yaml service.ports: http)',
    );
  });

  it('refuses the service itself', () => {
    const message = refusal(
      orders(calling({ self: { type: 'service-port', params: { workload: 'orders', port: 'http' } } })),
      'orders',
    );
    expect(message).toContain(
      'resources.self.params.workload: "orders" is this service itself; a service calls itself in-process',
    );
  });

  it('refuses the same workload twice', () => {
    const message = refusal(orders(calling({ inventory: inventoryPort, stock: inventoryPort })), 'orders');
    expect(message).toContain(
      'resources.stock.params.workload: "inventory" is already declared as resources.inventory',
    );
  });

  it('refuses an output it does not have, and params it does not take', () => {
    const message = refusal(
      orders(
        calling({ inventory: inventoryPort }, { INVENTORY_HOST: placeholder('resources.inventory.host') }),
      ),
      'orders',
    );
    expect(message).toContain(
      `containers.orders.variables.INVENTORY_HOST: ${placeholder('resources.inventory.host')}: a resource of type service-port has no output "host" (it has hostname, port)`,
    );
    const extra = refusal(
      orders(
        calling({ inventory: { ...inventoryPort, params: { ...inventoryPort.params, protocol: 'TCP' } } }),
      ),
      'orders',
    );
    expect(extra).toContain('resources.inventory.params: unknown field "protocol"');
  });
});

describe('oauth-client', () => {
  it('gives the catalogue the client and its scopes', () => {
    const catalogue = loadCatalogue(
      scratch({
        inventory: declaration('inventory', 8080),
        orders: orders(calling({ identity: writeClient })),
      }),
    );
    expect(catalogue.get('orders').oauthClient).toEqual({
      resource: 'identity',
      scopes: ['inventory:write'],
    });
    expect(catalogue.get('inventory').oauthClient).toBeUndefined();
  });

  it('refuses a scope that is not <service>:read|write', () => {
    const message = refusal(
      orders(
        calling({ identity: { type: 'oauth-client', params: { scopes: ['inventory:admin', 'openid'] } } }),
      ),
      'orders',
    );
    expect(message).toContain(
      'resources.identity.params.scopes.0: expected a scope <service>:read or <service>:write',
    );
    expect(message).toContain('resources.identity.params.scopes.1: expected a scope');
    const none = refusal(
      orders(calling({ identity: { type: 'oauth-client', params: { scopes: [] } } })),
      'orders',
    );
    expect(none).toContain('resources.identity.params.scopes: expected at least one scope');
  });

  it('refuses a scope of a service that is not declared', () => {
    const text = orders(
      calling({ identity: { type: 'oauth-client', params: { scopes: ['billing:write'] } } }),
    );
    expect(() => loadCatalogue(scratch({ inventory: declaration('inventory', 8080), orders: text }))).toThrow(
      'services/orders/score.yaml:\n  - resources.identity.params.scopes: "billing:write" names no declared service (known: inventory, orders)',
    );
  });

  it('refuses two clients, a scope twice and an output it does not have', () => {
    const message = refusal(
      orders(
        calling(
          {
            identity: { type: 'oauth-client', params: { scopes: ['inventory:write', 'inventory:write'] } },
            other: writeClient,
          },
          { TOKEN: placeholder('resources.identity.token') },
        ),
      ),
      'orders',
    );
    expect(message).toContain('resources.identity.params.scopes: inventory:write listed twice');
    expect(message).toContain('resources: at most one oauth-client resource');
    expect(message).toContain(
      'a resource of type oauth-client has no output "token" (it has token_url, client_id, client_secret)',
    );
  });
});
