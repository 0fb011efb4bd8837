// Helm charts are not rendered here, but what an Application sets on top of a chart is ours: values and
// parameters that replace an image or a security field (securityContext, privileged, host namespaces,
// capabilities, …), values read from outside the Application, or a release namespace other than the
// destination would deploy what nobody checked.
import { parse } from 'yaml';
import { defineCheck } from '../../checks/check.js';
import { perApp } from '../argocd/model.js';
import { record } from '../model.js';
import type { TreeSubject } from './subject.js';

const IMAGE = /image|^(repository|tag|digest|registry)$/i;
const SECURITY =
  /securitycontext|^privileged$|privilegeescalation|capabilities|^runas|readonlyrootfilesystem|seccomp|selinux|apparmor|procmount|^host(network|pid|ipc|path|port|users)$|sysctls/i;
const guarded = (key: string) => IMAGE.test(key) || SECURITY.test(key);

/** Paths (a.b[0].c) under `value` whose last key replaces an image or a security field. */
function* guardedPaths(value: unknown, path: string): Generator<string> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* guardedPaths(v, `${path}[${i}]`);
    return;
  }
  for (const [key, v] of Object.entries(record(value) ?? {})) {
    const here = path ? `${path}.${key}` : key;
    if (guarded(key)) yield here;
    else yield* guardedPaths(v, here);
  }
}

export const argocdHelmOverrides = defineCheck<TreeSubject>({
  id: 'argocd-helm-overrides',
  summary:
    "a chart's `values`, `valuesObject`, `parameters` and `fileParameters` set no image (`image`, `repository`, `tag`, `digest`, `registry`) or security field (`securityContext`, `privileged`, `capabilities`, `runAs*`, `host*`, …), no `valueFiles` come from a URL or another source, and `helm.namespace` is the destination's",
  run: (subject) =>
    perApp(subject, function* (app) {
      const helm = app.spec.source?.helm;
      if (!helm) return;
      let values: unknown = helm.values;
      try {
        if (typeof helm.values === 'string') values = parse(helm.values);
      } catch (error) {
        yield `helm.values is not YAML: ${(error as Error).message.split('\n')[0]}`;
      }
      const found = [
        ...guardedPaths(values, ''),
        ...guardedPaths(helm.valuesObject, ''),
        ...(helm.parameters ?? []).map((p) => p.name ?? '').filter((n) => n.split(/[.[\]]/).some(guarded)),
        ...(helm.fileParameters ?? [])
          .map((p) => p.name ?? '')
          .filter((n) => n.split(/[.[\]]/).some(guarded)),
      ];
      if (found.length > 0)
        yield `helm values or parameters set ${[...new Set(found)].join(', ')}: images and security fields come from the chart as reviewed, not from overrides`;
      const outside = (helm.valueFiles ?? []).filter((f) => f.includes('://') || f.startsWith('$'));
      if (outside.length > 0)
        yield `helm.valueFiles ${outside.join(', ')} read values from outside the Application: write them in helm.values`;
      const namespace = app.spec.destination?.namespace;
      if (helm.namespace !== undefined && helm.namespace !== namespace)
        yield `helm.namespace "${helm.namespace}" deploys outside the destination namespace "${namespace ?? ''}"`;
    }),
});
