// A project lists the repositories it may deploy from. A glob that can match more than a short list of
// exact repositories (`*`, `?`, `[!…]`, a `!deny` entry, which Argo CD reads as "any other") widens it.
import { defineCheck } from '../../checks/check.js';
import { projectExpansion } from '../argocd/glob.js';
import { perProject } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdProjectSources = defineCheck<TreeSubject>({
  id: 'argocd-project-sources',
  summary:
    "a project's `sourceRepos` is not empty and each entry names exact repositories (no `*`, `?`, `[!…]` or `!` entry)",
  run: (subject) =>
    perProject(subject, function* ({ spec }) {
      const repos = spec.sourceRepos ?? [];
      if (repos.length === 0) yield 'sourceRepos must list exact repositories (no wildcard)';
      for (const repo of repos)
        if (!projectExpansion(repo))
          yield `sourceRepos must list exact repositories (no wildcard): "${repo}" matches any number of them`;
    }),
});
