// The services orders talks to, started for real in the test's process: one database on the machine's
// PostgreSQL (each service in its own schema, as in production), fauxqs with inventory's and orders' queues,
// inventory, pricing consuming inventory's events, and the local OpenID Provider (npm start's) that gives
// orders its inventory:write tokens by the client credentials grant. `stock()` puts a SKU on sale: a pricing policy, then
// stock, and waits until pricing has priced it from the stock event.

import { type LocalIdentity, startCatalogueIdentity } from '../../../../scripts/stack/identity.js';
import { loadInventoryConfig } from '../../../inventory/src/config.js';
import { type InventoryService, startInventory } from '../../../inventory/src/service.js';
import { loadCatalogue } from '../../../lib/catalogue/catalogue.js';
import { createLogger } from '../../../lib/src/logger.js';
import { ensureQueues, type QueueUrls } from '../../../lib/src/sqs.js';
import { bearer, type DevIssuer } from '../../../lib/test-support/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../lib/test-support/database.js';
import { startFauxqs, type TestQueue } from '../../../lib/test-support/fauxqs.js';
import { eventually, freePort } from '../../../lib/test-support/processes.js';
import { loadPricingConfig } from '../../../pricing/src/config.js';
import { type RunningPricing, startPricing } from '../../../pricing/src/service.js';
import { loadOrdersConfig, type OrdersConfig } from '../../src/config.js';

export interface Shop {
  issuer: DevIssuer;
  db: TestDatabase;
  sqs: TestQueue;
  ordersQueue: QueueUrls;
  inventory: InventoryService;
  pricing: RunningPricing;
  identity: LocalIdentity;
  /** A customer's token: `orders:read orders:write` for `sub`. */
  customer: (sub: string) => Promise<Record<string, string>>;
  /** Puts `sku` on sale at `basePrice` cents with `onHand` in stock; resolves once pricing prices it. */
  stock: (sku: string, onHand: number, basePrice?: number) => Promise<void>;
  /** orders' environment for this shop (a process's, or loadOrdersConfig's source), with `extra` on top. */
  ordersEnv: (extra?: Record<string, string>) => Record<string, string>;
  ordersConfig: (extra?: Record<string, string>) => OrdersConfig;
  stop: () => Promise<void>;
}

const silent = (name: string) => createLogger({ name, level: 'silent' });

export async function startShop(options: { db?: TestDatabase } = {}): Promise<Shop> {
  // npm start's provider: orders' client from its declared oauth-client (inventory:write).
  const { signer: issuer, provider: identity } = await startCatalogueIdentity(loadCatalogue(), {
    port: await freePort(),
    redirectUris: [],
  });
  const db = options.db ?? (await createTestDatabase({ prefix: 'shop' }));
  const sqs = await startFauxqs({ name: 'inventory-events' });
  const ordersQueue = await ensureQueues(sqs.sqs, { name: 'orders-events' });
  const common = {
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: db.url,
    SQS_ENDPOINT: sqs.endpoint,
    AWS_REGION: 'us-east-1',
    LOG_LEVEL: 'silent',
    ...issuer.env,
  };
  const inventory = await startInventory(loadInventoryConfig({ ...common, SQS_QUEUE_URL: sqs.queueUrl }), {
    logger: silent('inventory'),
  });
  const pricing = await startPricing(
    loadPricingConfig({ ...common, SQS_QUEUE_URL: sqs.queueUrl, CONSUMER_WAIT_SECONDS: '1' }),
    { logger: silent('pricing') },
  );
  const writer = await issuer.sign({ scopes: ['inventory:write', 'pricing:write'] });
  const json = { 'content-type': 'application/json', ...bearer(writer) };
  const put = async (url: string, body: unknown) => {
    const res = await fetch(url, { method: 'PUT', headers: json, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`PUT ${url}: ${res.status} ${await res.text()}`);
  };
  const ordersEnv = (extra: Record<string, string> = {}) => ({
    ...common,
    SQS_QUEUE_URL: ordersQueue.queueUrl,
    OAUTH_TOKEN_URL: identity.tokenUrl,
    OAUTH_CLIENT_ID: 'orders',
    OAUTH_CLIENT_SECRET: identity.clients.orders?.clientSecret ?? '',
    INVENTORY_URL: inventory.url,
    PRICING_URL: pricing.url,
    ...extra,
  });
  return {
    issuer,
    db,
    sqs,
    ordersQueue,
    inventory,
    pricing,
    identity,
    customer: async (sub) =>
      bearer(await issuer.sign({ scopes: ['orders:read', 'orders:write'], subject: sub })),
    stock: async (sku, onHand, basePrice = 1000) => {
      await put(`${pricing.url}/v1/prices/${sku}/policy`, {
        basePrice,
        lowStockThreshold: 0,
        overstockThreshold: 1_000_000,
        floor: 1,
        ceiling: 1_000_000,
      });
      await put(`${inventory.url}/v1/skus/${sku}/stock`, { onHand });
      await eventually(async () => {
        const res = await fetch(`${pricing.url}/v1/prices/${sku}`);
        return res.status === 200 ? true : undefined;
      }, 10_000);
    },
    ordersEnv,
    ordersConfig: (extra) => loadOrdersConfig(ordersEnv(extra)),
    stop: async () => {
      await pricing.stop();
      await inventory.stop();
      await sqs.stop();
      await identity.stop();
      if (!options.db) await db.cleanup();
    },
  };
}
