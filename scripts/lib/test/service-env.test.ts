import { describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { localServiceEnv } from '../service-env.js';

const catalogue = loadCatalogue();
/** A queue URL per declared queue id, as a runner makes them. */
const queueUrl = (id: string) => `http://127.0.0.1:4566/000000000000/${id}.fifo`;
const provided = {
  region: 'eu-west-3',
  databaseUrl: 'postgres://postgres@127.0.0.1:5433/postgres',
  queues: Object.fromEntries(
    catalogue.queueIds.map((id) => [id, { url: queueUrl(id), dlqUrl: queueUrl(`${id}-dlq`) }]),
  ),
  services: Object.fromEntries(
    catalogue.services.map((s) => [s.name, { hostname: '127.0.0.1', port: s.port + 1000 }]),
  ),
  oauthClients: Object.fromEntries(
    catalogue.services.map((s) => [
      s.name,
      { tokenUrl: 'http://127.0.0.1:8090/token', clientId: s.name, clientSecret: `secret-of-${s.name}` },
    ]),
  ),
};

describe('localServiceEnv', () => {
  it('resolves every declared variable from what the runner provisioned, with its own settings on top', () => {
    for (const service of catalogue.services) {
      const env = localServiceEnv(service, provided, { HOST: '127.0.0.1', MIGRATIONS_DIR: undefined });
      expect(Object.keys(env).sort()).toEqual(
        [...new Set([...Object.keys(service.variables), 'HOST', 'MIGRATIONS_DIR'])].sort(),
      );
      for (const value of Object.values(env)) expect(value ?? '').not.toContain('${');
      expect(env.HOST).toBe('127.0.0.1');
      // Each variable its declaration gives the placeholder of a resource, resolved to what was provisioned.
      if ('AWS_REGION' in service.variables) expect(env.AWS_REGION).toBe('eu-west-3');
      if (service.database) expect(env.DATABASE_URL).toBe(provided.databaseUrl);
      const [queue] = service.queues;
      if (queue) expect(env.SQS_QUEUE_URL).toBe(queueUrl(queue.id));
    }
    // A service-port is the other service's local address; an oauth-client its local credentials.
    const orders = localServiceEnv(catalogue.get('orders'), provided, {});
    expect(orders).toMatchObject({
      INVENTORY_URL: `http://127.0.0.1:${catalogue.get('inventory').port + 1000}`,
      PRICING_URL: `http://127.0.0.1:${catalogue.get('pricing').port + 1000}`,
      OAUTH_TOKEN_URL: 'http://127.0.0.1:8090/token',
      OAUTH_CLIENT_ID: 'orders',
      OAUTH_CLIENT_SECRET: 'secret-of-orders',
    });
    expect(localServiceEnv(catalogue.get('inventory'), provided, {})).toMatchObject({
      AWS_REGION: 'eu-west-3',
      DATABASE_URL: provided.databaseUrl,
      SQS_QUEUE_URL: queueUrl('inventory-events'),
    });
    expect(localServiceEnv(catalogue.get('pricing'), provided, {}).SQS_DLQ_URL).toBe(
      queueUrl('inventory-events-dlq'),
    );
  });

  it('refuses a dependency with no address and a client nobody registered, naming them', () => {
    const orders = catalogue.get('orders');
    expect(() => localServiceEnv(orders, { ...provided, services: {} }, {})).toThrow(
      'services/orders/score.yaml: service "inventory" has no local address',
    );
    expect(() => localServiceEnv(orders, { ...provided, oauthClients: {} }, {})).toThrow(
      'services/orders/score.yaml: oauth client "orders" was not registered',
    );
  });

  it('leaves out a variable whose output is unknown, and refuses a queue nobody provisioned', () => {
    const pricing = catalogue.get('pricing');
    const noDlq = { ...provided, queues: { 'inventory-events': { url: 'http://127.0.0.1:4566/q.fifo' } } };
    expect(localServiceEnv(pricing, noDlq, {})).not.toHaveProperty('SQS_DLQ_URL');
    expect(() => localServiceEnv(pricing, { ...provided, queues: {} }, {})).toThrow(
      'services/pricing/score.yaml: queue "inventory-events" was not provisioned',
    );
  });
});
