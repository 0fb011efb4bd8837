// Argo CD's `default` project allows every source and destination: an Application there has no limits.
import { defineCheck } from '../../checks/check.js';
import { perApp } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

export const argocdDefaultProject = defineCheck<TreeSubject>({
  id: 'argocd-default-project',
  summary: 'every Application names a project, and not `default`',
  run: (subject) =>
    perApp(subject, (app) =>
      !app.spec.project || app.spec.project === 'default'
        ? ['Applications must not use project "default": name a project with explicit limits']
        : [],
    ),
});
