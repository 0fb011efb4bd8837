// The bases carry a placeholder until an environment's aws.env replaces it, and the Argo CD objects one until
// a cluster's platform.env (init.values.json) does; a deployable tree must hold neither.
import { defineCheck } from '../../checks/check.js';
import { perObject, type TreeSubject } from './subject.js';

/** The placeholder the bases carry until an environment's aws.env replaces it. */
export const PLACEHOLDER = 'from-aws-env';
/** The placeholder of this repository's URL and the services' namespace until gitops/clusters/values replaces it. */
export const INIT_PLACEHOLDER = 'from-init-values';

/** Each placeholder and what must replace it. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  [PLACEHOLDER]: "the environment's aws.env must replace it",
  [INIT_PLACEHOLDER]:
    "the cluster's platform.env must replace it (include gitops/clusters/values; label the object as it selects)",
};

export const unfilledValue = defineCheck<TreeSubject>({
  id: 'unfilled-value',
  summary: `in deployable trees, no "${PLACEHOLDER}" or "${INIT_PLACEHOLDER}" placeholder is left`,
  run: (subject) =>
    !subject.deployable
      ? []
      : perObject(subject, function* ({ object }) {
          const text = JSON.stringify(object);
          for (const [placeholder, what] of Object.entries(PLACEHOLDERS))
            if (text.includes(placeholder)) yield `still holds the placeholder "${placeholder}": ${what}`;
        }),
});
