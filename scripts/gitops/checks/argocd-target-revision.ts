// The validator checks this repository as it is; Argo CD deploys each Application's targetRevision. An
// Application of this repository that follows another revision than its environment's root (the admin
// project's Application of a path) deploys what was never checked here: a tag, an old commit, another
// branch. Without a root, the tree's Applications of one repository must at least agree.
import { defineCheck } from '../../checks/check.js';
import { ADMIN_PROJECT, type ArgoApp, argoTree, normalizeRepo } from '../argocd/model.js';
import { objectProblem, type TreeSubject } from './subject.js';

const revisionOf = (app: ArgoApp) => {
  const r = app.spec.source?.targetRevision;
  return r === undefined || r === '' ? 'HEAD' : r;
};

export const argocdTargetRevision = defineCheck<TreeSubject>({
  id: 'argocd-target-revision',
  summary:
    "an Application of this repository follows the `targetRevision` its environment's root Application follows",
  run(subject) {
    const argo = argoTree(subject);
    if (!argo) return [];
    const root = argo.apps.find((a) => a.spec.project === ADMIN_PROJECT && a.spec.source?.path !== undefined);
    const byRepo = new Map<string, ArgoApp[]>();
    for (const app of argo.apps) {
      if (app.spec.source?.path === undefined) continue;
      const repo = normalizeRepo(app.spec.source.repoURL);
      byRepo.set(repo, [...(byRepo.get(repo) ?? []), app]);
    }
    const problems = [];
    for (const [repo, apps] of byRepo) {
      const followed = root && normalizeRepo(root.spec.source?.repoURL ?? '') === repo ? root : undefined;
      const revisions = [...new Set(apps.map(revisionOf))];
      for (const app of apps) {
        const revision = revisionOf(app);
        if (followed && revision !== revisionOf(followed))
          problems.push(
            objectProblem(
              subject,
              app.item,
              `targetRevision "${revision}" is not "${revisionOf(followed)}", which ${followed.name} follows: the validator checked that revision`,
            ),
          );
        else if (!followed && revisions.length > 1)
          problems.push(
            objectProblem(
              subject,
              app.item,
              `targetRevision "${revision}": this repository's Applications follow ${revisions.map((r) => `"${r}"`).join(', ')}, and the validator checked one revision`,
            ),
          );
      }
    }
    return problems;
  },
});
