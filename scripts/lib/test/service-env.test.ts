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
    expect(localServiceEnv(catalogue.get('inventory'), provided, {})).toMatchObject({
      AWS_REGION: 'eu-west-3',
      DATABASE_URL: provided.databaseUrl,
      SQS_QUEUE_URL: queueUrl('inventory-events'),
    });
    expect(localServiceEnv(catalogue.get('pricing'), provided, {}).SQS_DLQ_URL).toBe(
      queueUrl('inventory-events-dlq'),
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
