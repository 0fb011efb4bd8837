// Both services are built to one template (issue 15, part 3; the template `npm run new:service` writes new
// services from is scripts/service/template, held to them by scripts/service/test/template.test.ts): the
// same configuration names for the same things, the same exit code for a bad environment, the same error
// code for "not found", the same page limit and cursor codec, and no production module of any declared
// service reaching into the test helpers.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { loadInventoryConfig } from '../inventory/src/config.js';
import { loadCatalogue } from '../lib/catalogue/catalogue.js';
import { createDevIssuer } from '../lib/test-support/auth.js';
import { repoRoot } from '../lib/test-support/processes.js';
import { loadPricingConfig } from '../pricing/src/config.js';

const run = promisify(execFile);
const services = ['inventory', 'pricing'] as const;

describe('one template for both services', () => {
  it.each(services)(
    '%s/src/main.ts exits 2 on a bad environment, naming every bad variable',
    async (name) => {
      const result = await run(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'services', name, 'src', 'main.ts')],
        {
          cwd: repoRoot,
          env: { PATH: process.env.PATH ?? '', PORT: 'http', DATABASE_URL: 'mysql://x', AUTH_ISSUER: 'i' },
        },
      ).catch((error: { code: number; stderr: string }) => error);
      expect('code' in result && result.code).toBe(2);
      const stderr = String((result as { stderr: string }).stderr);
      for (const variable of ['DATABASE_URL', 'SQS_QUEUE_URL', 'PORT', 'AUTH_AUDIENCE'])
        expect(stderr).toContain(`${variable}:`);
      expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    },
  );

  it('reads the shared variables into the same settings, under the same names', async () => {
    const issuer = await createDevIssuer();
    const env = {
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
      SQS_QUEUE_URL: 'http://127.0.0.1:4566/000000000000/inventory-events.fifo',
      SQS_ENDPOINT: 'http://127.0.0.1:4566',
      AWS_REGION: 'eu-west-1',
      PORT: '9000',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '7',
      MIGRATIONS_DIR: '/srv/migrations',
      SHUTDOWN_TIMEOUT_MS: '4000',
      AUTH_READ_SCOPE: 'true',
      ...issuer.env,
    };
    const inventory = loadInventoryConfig(env);
    const pricing = loadPricingConfig(env);
    const shared = [
      'port',
      'host',
      'databaseUrl',
      'queueUrl',
      'sqsEndpoint',
      'region',
      'logLevel',
      'dbPoolSize',
      'migrationsDir',
      'shutdownTimeoutMs',
      'auth',
      'protectReads',
    ] as const;
    for (const key of shared) expect([key, inventory[key]]).toEqual([key, pricing[key]]);
    expect(inventory).toMatchObject({ region: 'eu-west-1', dbPoolSize: 7, migrationsDir: '/srv/migrations' });
    // Without MIGRATIONS_DIR each finds its own folder beside its code.
    const { MIGRATIONS_DIR: _, ...withoutDir } = env;
    expect(loadInventoryConfig(withoutDir).migrationsDir).toMatch(/services\/inventory\/migrations$/);
    expect(loadPricingConfig(withoutDir).migrationsDir).toMatch(/services\/pricing\/migrations$/);
  });

  it('no production module imports the test helpers, and nothing reads process.env outside config', () => {
    for (const dir of ['lib/src', ...loadCatalogue(repoRoot).names.map((name) => `${name}/src`)]) {
      const folder = join(repoRoot, 'services', dir);
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
        const text = readFileSync(join(folder, file), 'utf8');
        expect([file, /test-support|\/test\//.test(text)]).toEqual([file, false]);
        // Configuration is read once, validated, in config.ts (sqs.ts reads the AWS SDK's own credentials).
        if (!['config.ts', 'sqs.ts'].includes(file))
          expect([`${dir}/${file}`, /process\.env\b/.test(text)]).toEqual([`${dir}/${file}`, false]);
      }
    }
  });
});
