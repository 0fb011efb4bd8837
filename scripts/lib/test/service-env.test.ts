import { describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../../../services/lib/catalogue/catalogue.js';
import { localServiceEnv } from '../service-env.js';

const catalogue = loadCatalogue();
const provided = {
  region: 'eu-west-3',
  databaseUrl: 'postgres://postgres@127.0.0.1:5433/postgres',
  queues: {
    'inventory-events': { url: 'http://127.0.0.1:4566/q.fifo', dlqUrl: 'http://127.0.0.1:4566/d.fifo' },
  },
};

describe('localServiceEnv', () => {
  it('resolves every declared variable from what the runner provisioned, with its own settings on top', () => {
    for (const service of catalogue.services) {
      const env = localServiceEnv(service, provided, { HOST: '127.0.0.1', MIGRATIONS_DIR: undefined });
      expect(Object.keys(env).sort()).toEqual(
        [...new Set([...Object.keys(service.variables), 'HOST', 'MIGRATIONS_DIR'])].sort(),
      );
      for (const value of Object.values(env)) expect(value ?? '').not.toContain('${');
      expect(env).toMatchObject({ HOST: '127.0.0.1', AWS_REGION: 'eu-west-3' });
      expect(env.DATABASE_URL).toBe(provided.databaseUrl);
      expect(env.SQS_QUEUE_URL).toBe(provided.queues['inventory-events'].url);
    }
    expect(localServiceEnv(catalogue.get('pricing'), provided, {}).SQS_DLQ_URL).toBe(
      provided.queues['inventory-events'].dlqUrl,
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
