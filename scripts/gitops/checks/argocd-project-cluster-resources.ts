// A project says which cluster-scoped kinds it may create, by exact group and kind: Argo CD matches these
// entries with path globs, so `*` (or `?`, `[…]`) in one allows kinds nobody reviewed.
import { defineCheck } from '../../checks/check.js';
import { perProject } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

const GLOB = /[*?[\\{]/;

export const argocdProjectClusterResources = defineCheck<TreeSubject>({
  id: 'argocd-project-cluster-resources',
  summary: "a project's `clusterResourceWhitelist` is an explicit list of exact groups and kinds (no `*`)",
  run: (subject) =>
    perProject(subject, function* ({ spec }) {
      const whitelist = spec.clusterResourceWhitelist;
      if (!Array.isArray(whitelist)) {
        yield 'clusterResourceWhitelist must be explicit (an empty list allows none)';
        return;
      }
      for (const entry of whitelist as { group: string; kind: string; name?: string }[])
        if ([entry.group, entry.kind, entry.name ?? ''].some((p) => GLOB.test(p)))
          yield `clusterResourceWhitelist must be explicit: group "${entry.group}" kind "${entry.kind}" is a pattern; name each group and kind`;
    }),
});
