import * as core from '@actions/core';
import { formatReference } from '../../lib/oci-reference.js';
import { RegistryClient, type RegistryClientOptions } from '../../lib/oci-registry.js';
import { readSettings } from './inputs.js';
import { nodeFetch } from './node-fetch.js';
import { type ManifestStore, promote } from './promote.js';
import { writeSummary } from './summary.js';

/** What run() talks to; tests pass their own. */
export interface Deps {
  readonly createStore: (options: RegistryClientOptions) => ManifestStore;
}

// nodeFetch, not Node's fetch: undici's first call alone cost more than the whole promotion.
const defaultDeps: Deps = {
  createStore: (options) => new RegistryClient({ fetch: nodeFetch as typeof fetch, ...options }),
};

export async function run(deps: Deps = defaultDeps): Promise<void> {
  const settings = readSettings();
  const store = deps.createStore({
    ...(settings.credentials && { credentials: settings.credentials }),
    onSecret: (secret) => core.setSecret(secret),
  });
  core.info(`Promoting ${formatReference(settings.source)} to tags: ${settings.tags.join(', ')}`);
  const result = await promote(store, settings.source, settings.tags, (line) => core.info(line));
  core.setOutput('digest', result.digest);
  await writeSummary(result);
}
