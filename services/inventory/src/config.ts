import {
  type DatabaseConfig,
  databaseConfig,
  databaseEnv,
  env,
  loadConfig,
  type QueueConfig,
  queueConfig,
  queueEnv,
  type ServiceConfig,
  serviceConfig,
  serviceEnvSchema,
} from '../../lib/src/config.js';
import { migrationsDirBeside } from '../../lib/src/db.js';

/** Environment of the inventory process: the shared variables (services/lib), its database and queue, the relay's poll. */
export const inventoryEnv = serviceEnvSchema(8080, {
  ...databaseEnv({ size: 20, max: 200 }),
  ...queueEnv(),
  /** The relay's poll for rows another replica's writes left (its own wake it at once). @defaultValue 200 ms, at most 250 */
  OUTBOX_POLL_MS: env.positiveInt(200, 250),
});

/** Settings of {@link startInventory}: the shared ones, its database and queue, the relay's poll interval. */
export interface InventoryConfig extends ServiceConfig, DatabaseConfig, QueueConfig {
  outboxPollMs: number;
}

/** The migrations beside the bundle (`main.js` + `migrations/`), else the source tree's. */
export const inventoryMigrationsDir = (): string => migrationsDirBeside(import.meta.url);

/**
 * Reads the inventory settings from the environment.
 * @throws ConfigError naming every bad or missing variable
 */
export function loadInventoryConfig(
  source: Record<string, string | undefined> = process.env,
): InventoryConfig {
  const e = loadConfig(inventoryEnv, source);
  return {
    ...serviceConfig(e),
    ...databaseConfig(e, inventoryMigrationsDir()),
    ...queueConfig(e),
    outboxPollMs: e.OUTBOX_POLL_MS,
  };
}
