export { OutboxRelay, type OutboxRelayOptions, type RoundResult } from '../../lib/src/outbox-relay.js';
export { type AppDeps, type Clock, createApp } from './app.js';
export { type InventoryConfig, inventoryEnv, inventoryMigrationsDir, loadInventoryConfig } from './config.js';
export { type InventoryService, type StartOptions, startInventory } from './service.js';
