import {
  env,
  loadConfig,
  type ServiceConfig,
  serviceConfig,
  serviceEnvSchema,
} from '../../lib/src/config.js';
import { migrationsDirBeside } from '../../lib/src/db.js';

/** Environment of the inventory process: the shared variables (services/lib) plus the relay's poll. */
export const inventoryEnv = serviceEnvSchema(
  { port: 8080, dbPoolSize: 20, dbPoolMax: 200 },
  {
    /** The relay's poll for rows another replica's writes left (its own wake it at once). @defaultValue 200 ms, at most 250 */
    OUTBOX_POLL_MS: env.positiveInt(200, 250),
  },
);

/** Settings of {@link startInventory}: the shared ones plus the relay's poll interval. */
export interface InventoryConfig extends ServiceConfig {
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
  return { ...serviceConfig(e, inventoryMigrationsDir()), outboxPollMs: e.OUTBOX_POLL_MS };
}
