// The ConfigMaps the environments render are configurations the services accept: every key is a
// variable the service's config schema knows (a typo would be silently ignored by the service), and the
// whole map, plus the DATABASE_URL the ExternalSecret provides, passes the service's own validation.
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { inventoryEnv, loadInventoryConfig } from '../../../services/inventory/src/config.js';
import { ENVIRONMENTS } from '../../../services/lib/catalogue/score-schema.js';
import { loadPricingConfig, pricingEnv } from '../../../services/pricing/src/config.js';
import { overlayDir } from '../layout.js';
import { renderTree } from '../render.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const services = {
  inventory: { known: Object.keys(inventoryEnv.shape), load: loadInventoryConfig },
  pricing: { known: Object.keys(pricingEnv.shape), load: loadPricingConfig },
};

describe.each(ENVIRONMENTS)('apps/%s ConfigMaps', (env) => {
  it.each(Object.keys(services) as Array<keyof typeof services>)(
    '%s: known variables that its config accepts',
    async (name) => {
      const tree = await renderTree(join(repoRoot, overlayDir(env)), { repoRoot });
      const map = tree.objects.find(
        (o) => o.object.kind === 'ConfigMap' && o.object.metadata?.name?.startsWith(`${name}-config-`),
      );
      const data = map?.object.data as Record<string, string>;
      expect(Object.keys(data).filter((key) => !services[name].known.includes(key))).toEqual([]);
      const config = services[name].load({
        ...data,
        DATABASE_URL: 'postgres://user:pass@db.internal:5432/shop',
      });
      expect(config).toMatchObject({ port: name === 'inventory' ? 8080 : 8081, host: '0.0.0.0' });
    },
  );
});
