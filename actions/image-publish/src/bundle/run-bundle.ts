// image-publish with `builder: bundle`: registry credentials for the registry API (no docker login),
// then publishBundle. The base is read with the same credentials when it is on the target's registry,
// anonymously otherwise (a public base).
import { resolve } from 'node:path';
import * as core from '@actions/core';
import type { Credentials } from '../../../lib/oci-auth.js';
import { parseRepository } from '../../../lib/oci-reference.js';
import { RegistryClient } from '../../../lib/oci-registry.js';
import { type EcrFactory, ecrCredentials } from '../ecr.js';
import type { Settings } from '../inputs.js';
import { planLogin } from '../login.js';
import { type BundleResult, publishBundle } from './publish.js';

export interface BundleRun {
  readonly settings: Settings;
  readonly env: NodeJS.ProcessEnv;
  readonly ecr: EcrFactory;
  readonly cwd: string;
  readonly tags: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly created: number;
  readonly fetch?: typeof fetch;
}

async function credentialsFor(run: BundleRun): Promise<Credentials | undefined> {
  const plan = planLogin(run.settings, run.env);
  if (plan.kind === 'none') {
    core.info(
      `Registry API without credentials: ${plan.reason.replace(/: using the existing docker login$/, '')}.`,
    );
    return undefined;
  }
  if (plan.kind === 'password') return { username: plan.username, password: plan.password };
  return ecrCredentials(run.ecr(plan.region), plan.region);
}

export async function runBundle(run: BundleRun): Promise<BundleResult> {
  const { settings } = run;
  const { base, entry, port } = settings;
  if (base === undefined || entry === undefined || port === undefined) {
    throw new Error('builder bundle needs the base, entry and port inputs');
  }
  const credentials = await credentialsFor(run);
  const options = { onSecret: core.setSecret, ...(run.fetch && { fetch: run.fetch }) };
  const target = new RegistryClient({ ...options, ...(credentials && { credentials }) });
  const baseClient = base.registry === settings.image.registry ? target : new RegistryClient(options);
  return publishBundle(
    {
      source: {
        workingDirectory: resolve(run.cwd, settings.workingDirectory),
        entry,
        include: settings.include,
      },
      port,
      base,
      target: parseRepository(settings.image.name),
      platforms: settings.platforms,
      tags: run.tags,
      labels: run.labels,
      created: run.created,
      push: settings.push,
    },
    { target, base: baseClient },
    (line) => core.info(line),
  );
}
