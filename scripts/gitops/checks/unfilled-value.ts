// The bases carry a placeholder until an environment's aws.env replaces it; a deployable tree must not.
import { defineCheck } from '../../checks/check.js';
import { perObject, type TreeSubject } from './subject.js';

/** The placeholder the bases carry until an environment's aws.env replaces it. */
export const PLACEHOLDER = 'from-aws-env';

export const unfilledValue = defineCheck<TreeSubject>({
  id: 'unfilled-value',
  summary: `in deployable trees, no "${PLACEHOLDER}" placeholder is left`,
  run: (subject) =>
    !subject.deployable
      ? []
      : perObject(subject, function* ({ object }) {
          if (JSON.stringify(object).includes(PLACEHOLDER))
            yield `still holds the placeholder "${PLACEHOLDER}": the environment's aws.env must replace it`;
        }),
});
