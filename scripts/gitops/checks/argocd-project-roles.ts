// A project role's policy is a Casbin line `p, proj:<project>:<role>, <resource>, <action>, <object>,
// <effect>`; Argo CD matches resource, action and object as globs, so a wildcard there grants every
// action or every Application, including ones added later.
import { defineCheck } from '../../checks/check.js';
import { perProject } from '../argocd/model.js';
import type { TreeSubject } from './subject.js';

const GLOB = /[*?[{]/;

export const argocdProjectRoles = defineCheck<TreeSubject>({
  id: 'argocd-project-roles',
  summary: "a project's role policies name their resource, action and object (no wildcard)",
  run: (subject) =>
    perProject(subject, function* ({ spec }) {
      for (const role of spec.roles ?? [])
        for (const policy of role.policies ?? []) {
          const [, , resource = '', action = '', object = ''] = policy.split(',').map((f) => f.trim());
          if ([resource, action, object].some((f) => f === '' || GLOB.test(f)))
            yield `role "${role.name}" policy "${policy}" must name its resource, action and object exactly (no wildcard)`;
        }
    }),
});
