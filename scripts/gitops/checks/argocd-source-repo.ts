// An Application's repository is one its project allows, matched as Argo CD matches it.
import { defineCheck } from '../../checks/check.js';
import { perApp, projectOf, sourceAllowed } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdSourceRepo = defineCheck<TreeSubject>({
  id: 'argocd-source-repo',
  summary:
    "an Application's repository is one its project's `sourceRepos` allows (globs, `!` deny entries, case and `.git` ignored)",
  run: (subject) =>
    perApp(subject, function* (app, argo) {
      const project = projectOf(argo, app);
      if (!project) return;
      for (const source of [app.spec.source, ...(app.spec.sources ?? [])])
        if (source && !sourceAllowed(project.spec, source.repoURL))
          yield `repoURL ${source.repoURL} is not in project "${project.name}"'s sourceRepos`;
    }),
});
