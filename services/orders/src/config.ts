// The configuration of orders, read from the environment once at start and validated as a whole.
import {
  type DatabaseConfig,
  databaseConfig,
  databaseEnv,
  loadConfig,
  type QueueConfig,
  queueConfig,
  queueEnv,
  type ServiceConfig,
  serviceConfig,
  serviceEnvSchema,
} from '../../lib/src/config.js';
import { migrationsDirBeside } from '../../lib/src/db.js';

/** Environment of the orders process: the shared variables (services/lib), its database, its queue. */
export const ordersEnv = serviceEnvSchema(8082, {
  ...databaseEnv({ size: 10, max: 100 }),
  ...queueEnv(),
});

/** Settings of {@link startOrders}. */
export interface OrdersConfig extends ServiceConfig, DatabaseConfig, QueueConfig {}

/**
 * Reads the settings of orders from the environment.
 * @throws ConfigError naming every bad or missing variable
 */
export function loadOrdersConfig(source: Record<string, string | undefined> = process.env): OrdersConfig {
  const e = loadConfig(ordersEnv, source);
  return {
    ...serviceConfig(e),
    ...databaseConfig(e, migrationsDirBeside(import.meta.url)),
    ...queueConfig(e),
  };
}
