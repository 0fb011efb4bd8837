// The grace period outlasts the container's drain, so SIGKILL never cuts in-flight work short.
import type { IContainer } from 'kubernetes-models/v1/Container';
import { defineCheck } from '../../checks/check.js';
import { record, type Tree } from '../model.js';
import { podTemplate } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

/** The services' default drain (services/pricing/src/config.ts SHUTDOWN_TIMEOUT_MS). */
const DEFAULT_DRAIN_MS = 10_000;
/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_S = 30;

export const gracePeriod = defineCheck<TreeSubject>({
  id: 'grace-period',
  summary: "terminationGracePeriodSeconds exceeds each container's drain (SHUTDOWN_TIMEOUT_MS)",
  run: (subject) =>
    perObject(subject, function* ({ object }) {
      const pod = podTemplate(object);
      if (!pod) return;
      const graceS = pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_S;
      for (const c of pod.spec.containers ?? []) {
        const drainMs = Number(setting(subject.tree, c, 'SHUTDOWN_TIMEOUT_MS') ?? DEFAULT_DRAIN_MS);
        if (graceS * 1000 <= drainMs)
          yield `terminationGracePeriodSeconds ${graceS} must exceed container "${c.name}"'s drain SHUTDOWN_TIMEOUT_MS=${drainMs} ms`;
      }
    }),
});

/** A container's environment variable, from env or from a ConfigMap of the same tree (envFrom). */
function setting(tree: Tree, c: IContainer, name: string): string | undefined {
  const direct = c.env?.find((e) => e.name === name)?.value;
  if (direct !== undefined) return direct;
  for (const source of c.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    if (!source.configMapRef || !name.startsWith(prefix)) continue;
    const map = tree.objects.find(
      (o) => o.object.kind === 'ConfigMap' && o.object.metadata?.name === source.configMapRef?.name,
    );
    const value = record(map?.object.data)?.[name.slice(prefix.length)];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
