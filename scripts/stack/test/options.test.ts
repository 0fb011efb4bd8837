// npm start's options come from the declarations: one <SERVICE>_PORT per declared service, defaulting to
// its declared port (the stack itself is exercised end to end in services/test/stack.test.ts).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { ConfigError } from '../../../services/lib/src/config.js';
import { portVariable, stackOptionsFromEnv } from '../start.js';

const catalogue = loadCatalogue();

describe('stackOptionsFromEnv', () => {
  const root = mkdtempSync(join(tmpdir(), 'stack-options-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives every declared service its declared port unless <SERVICE>_PORT moves it', () => {
    const defaults = stackOptionsFromEnv({}, catalogue);
    expect(defaults.ports).toEqual(Object.fromEntries(catalogue.services.map((s) => [s.name, s.port])));
    const [first] = catalogue.names;
    if (!first) throw new Error('no service declared');
    expect(stackOptionsFromEnv({ [portVariable(first)]: '0' }, catalogue).ports[first]).toBe(0);
    expect(() => stackOptionsFromEnv({ [portVariable(first)]: 'eighty' }, catalogue)).toThrow(ConfigError);
  });

  it('a third declaration gets its own port variable with no edit to the stack', () => {
    const inventory = catalogue.get('inventory');
    const orders = parse(readFileSync(join(catalogue.root, inventory.file), 'utf8'));
    orders.metadata.name = 'order-book';
    orders.containers = { 'order-book': orders.containers.inventory };
    for (const probe of ['livenessProbe', 'readinessProbe'])
      orders.containers['order-book'][probe].httpGet.port = 8090;
    orders.service.ports.http.targetPort = 8090;
    mkdirSync(join(root, 'services/order-book/src'), { recursive: true });
    mkdirSync(join(root, 'services/order-book/migrations'), { recursive: true });
    writeFileSync(join(root, 'services/order-book/src/main.ts'), 'export {};\n');
    writeFileSync(join(root, 'services/order-book/score.yaml'), stringify(orders));
    const options = stackOptionsFromEnv({ ORDER_BOOK_PORT: '9999' }, loadCatalogue(root));
    expect(options.ports).toEqual({ 'order-book': 9999 });
    expect(stackOptionsFromEnv({}, loadCatalogue(root)).ports).toEqual({ 'order-book': 8090 });
  });
});
