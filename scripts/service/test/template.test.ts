// One template for every service: inventory and pricing are what the template's skeleton is for their
// names (the same src/main.ts, byte for byte; the same exports under the same names), and so is every
// service declared later, whether `npm run new:service` wrote it or a person did.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { mainTs } from '../template/main-ts.js';
import { comment, identifiers } from '../template/spec.js';

const catalogue = loadCatalogue();

describe('the one service template', () => {
  it('derives the identifiers from the name', () => {
    expect(identifiers('order-book')).toEqual({
      name: 'order-book',
      camel: 'orderBook',
      pascal: 'OrderBook',
      schema: 'order_book',
    });
    expect(identifiers('inventory')).toMatchObject({ camel: 'inventory', pascal: 'Inventory' });
    expect(identifiers('storefront2')).toMatchObject({ camel: 'storefront2', pascal: 'Storefront2' });
  });

  it.each(catalogue.names)('%s: src/main.ts is the template main, byte for byte', (name) => {
    const main = readFileSync(join(catalogue.root, catalogue.get(name).directory, 'src', 'main.ts'), 'utf8');
    expect(main).toBe(mainTs(identifiers(name)));
  });

  it.each(catalogue.names)(
    '%s: config, app and service export what the template names them',
    async (name) => {
      const { camel, pascal } = identifiers(name);
      const src = join(catalogue.root, catalogue.get(name).directory, 'src');
      const config = (await import(join(src, 'config.ts'))) as Record<string, unknown>;
      const app = (await import(join(src, 'app.ts'))) as Record<string, unknown>;
      const service = (await import(join(src, 'service.ts'))) as Record<string, unknown>;
      expect([typeof config[`${camel}Env`], typeof config[`load${pascal}Config`]]).toEqual([
        'object',
        'function',
      ]);
      expect(typeof app.createApp).toBe('function');
      expect(typeof service[`start${pascal}`]).toBe('function');
    },
  );

  it('wraps a comment between words at the width', () => {
    const text = comment('one two three four five six', 14);
    expect(text).toBe('// one two\n// three four\n// five six');
    expect(comment('a-word-longer-than-the-width', 10)).toBe('// a-word-longer-than-the-width');
    expect(comment('run `npm test -- x` now', 14)).toBe('// run\n// `npm test -- x`\n// now');
    expect(comment('(`A` b c); `d e` f', 12)).toBe('// (`A` b\n// c); `d e`\n// f');
  });
});
