// TEMPORARY adapter (issue 19 migration): runs policies/argocd.ts's rules through the engine until the Argo
// CD checks land as their own files (the Argo CD helper's branch deletes this file, its test and its README
// line). Each message keeps the old rule name in brackets, e.g. `[argocd/default-project]`.
import { defineCheck } from '../../checks/check.js';
import { argocdFindings } from '../policies/argocd.js';
import type { TreeSubject } from './subject.js';

export const argocdLegacy = defineCheck<TreeSubject>({
  id: 'argocd-legacy',
  summary: 'the Argo CD rules of policies/argocd.ts (temporary, until each is a check of its own)',
  run: (subject) =>
    !subject.deployable
      ? []
      : argocdFindings(subject.tree, new Map(subject.trees)).map((f) => ({
          file: f.file,
          message: `[${f.rule}] ${f.object ? `${f.object}: ` : ''}${f.message}${f.file.startsWith(`${subject.tree.dir}/`) ? '' : ` (rendered by ${subject.tree.dir})`}`,
        })),
});
