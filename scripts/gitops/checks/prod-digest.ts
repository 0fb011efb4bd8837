// In prod every image is pinned by digest: what was scanned and promoted is what runs.
import { defineCheck } from '../../checks/check.js';
import { isProd } from '../model.js';
import { allContainers, podTemplate } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

const DIGEST = /@sha256:[0-9a-f]{64}$/;

export const prodDigest = defineCheck<TreeSubject>({
  id: 'prod-digest',
  summary: 'in deployable prod trees, every image is pinned by digest',
  run: (subject) =>
    !subject.deployable || !isProd(subject.tree)
      ? []
      : perObject(subject, function* ({ object }) {
          const pod = podTemplate(object);
          for (const c of pod ? allContainers(pod.spec) : [])
            if (!DIGEST.test(c.image ?? ''))
              yield `container "${c.name}" image "${c.image}" is not pinned by digest (@sha256:…)`;
        }),
});
