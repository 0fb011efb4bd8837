// The validator checks this repository as it is; Argo CD deploys each Application's targetRevision. An
// Application of this repository that follows another revision than its environment's root (a tag, an old
// commit, another branch) deploys what was never checked here.
import { defineCheck } from '../../checks/check.js';
import { ADMIN_PROJECT, argoTree, normalizeRepo } from '../argocd/model.js';
import { objectProblem, type TreeSubject } from './subject.js';

const revision = (r: string | undefined) => (r === undefined || r === '' ? 'HEAD' : r);

export const argocdTargetRevision = defineCheck<TreeSubject>({
  id: 'argocd-target-revision',
  summary:
    "an Application of this repository follows the `targetRevision` its environment's root Application follows",
  run(subject) {
    const argo = argoTree(subject);
    if (!argo) return [];
    const root =
      argo.apps.find((a) => a.spec.project === ADMIN_PROJECT && a.spec.source?.path !== undefined) ??
      argo.apps.find((a) => a.spec.source?.path !== undefined);
    const followed = root?.spec.source;
    if (!root || !followed) return [];
    const repo = normalizeRepo(followed.repoURL);
    return argo.apps
      .filter((a) => a.spec.source && normalizeRepo(a.spec.source.repoURL) === repo)
      .filter((a) => revision(a.spec.source?.targetRevision) !== revision(followed.targetRevision))
      .map((a) =>
        objectProblem(
          subject,
          a.item,
          `targetRevision "${revision(a.spec.source?.targetRevision)}" is not "${revision(followed.targetRevision)}", which ${root.name} follows: the validator checked that revision`,
        ),
      );
  },
});
