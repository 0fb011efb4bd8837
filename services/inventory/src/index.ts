export { type AppDeps, type Clock, createApp } from './app.js';
export { type InventoryConfig, inventoryEnv, loadInventoryConfig } from './config.js';
export { OutboxRelay, type OutboxRelayOptions, type RoundResult } from './outbox-relay.js';
export { defaultMigrationsDir, type InventoryService, type StartOptions, startInventory } from './service.js';
