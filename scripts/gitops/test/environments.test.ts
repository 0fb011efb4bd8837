// prod differs from dev only where it must: scale (HPA, PDB, resources), log level, zone spread, the
// AWS values of its own aws.env, its namespace and its host name; both have the entrypoint Ingress. Anything else that differs
// between the two rendered trees is drift, and fails here.
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Environment } from '../../../services/lib/catalogue/score-schema.js';
import { platform } from '../../platform/platform.js';
import { overlayDir } from '../layout.js';
import type { K8sObject } from '../model.js';
import { renderTree } from '../render.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

/** Paths (kind:/json/path prefixes) where prod may differ from dev. */
const ALLOWED = [
  /^HorizontalPodAutoscaler:\/spec\/(min|max)Replicas$/,
  /^PodDisruptionBudget:\/spec\/(maxUnavailable|minAvailable)$/,
  /^Deployment:\/spec\/template\/spec\/containers\/0\/resources\//,
  /^Deployment:\/spec\/template\/spec\/topologySpreadConstraints$/,
  /^ConfigMap:\/data\/LOG_LEVEL$/,
];

async function render(env: Environment): Promise<Map<string, K8sObject>> {
  const tree = await renderTree(join(repoRoot, overlayDir(env)), { repoRoot });
  if (tree.error) throw new Error(tree.error);
  // The environment's own names, host name and AWS values are expected to differ: normalise them away.
  const { namespace, hostname } = platform();
  const host = hostname(env).replaceAll('.', '\\.');
  const text = JSON.stringify(tree.objects.map((o) => o.object))
    .replaceAll(namespace(env), 'NAMESPACE')
    .replace(new RegExp(`(?<=["/])${host}(?=")`, 'g'), 'HOSTNAME')
    .replace(/-config-[a-z0-9]{10}"/g, '-config"');
  const objects = JSON.parse(text) as K8sObject[];
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata?.name}`, o]));
}

function differences(kind: string, a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const objects = a && b && typeof a === 'object' && typeof b === 'object';
  if (!objects) return [`${kind}:${path}`];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    differences(kind, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`),
  );
}

describe('dev and prod', () => {
  it('differ only in scale, log level and zone spread (both have the entrypoint Ingress)', async () => {
    const [dev, prod] = await Promise.all([render('dev'), render('prod')]);
    expect(prod.has('Ingress/shop')).toBe(true);
    expect([...dev.keys()].filter((k) => !prod.has(k))).toEqual([]);
    expect([...prod.keys()].filter((k) => !dev.has(k))).toEqual([]);
    const drift = [...prod].flatMap(([key, object]) => differences(object.kind, dev.get(key), object));
    const unexpected = drift.filter((d) => !ALLOWED.some((a) => a.test(d)));
    expect(unexpected).toEqual([]);
    // And they do differ where they must.
    expect(drift).toEqual(
      expect.arrayContaining([
        'HorizontalPodAutoscaler:/spec/minReplicas',
        'PodDisruptionBudget:/spec/minAvailable',
        'ConfigMap:/data/LOG_LEVEL',
        'Deployment:/spec/template/spec/topologySpreadConstraints',
      ]),
    );
  });
});
