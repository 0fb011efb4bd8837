// In a deployable tree every image names a tag or a digest, never latest (a base's bare `inventory` is the
// name an environment's images list replaces, so building blocks are exempt).
import { defineCheck } from '../../checks/check.js';
import { allContainers, podTemplate } from '../pods.js';
import { perObject, type TreeSubject } from './subject.js';

export const imageReference = defineCheck<TreeSubject>({
  id: 'image-reference',
  summary: 'in deployable trees, every image names a tag or a digest, and never the tag latest',
  run: (subject) =>
    !subject.deployable
      ? []
      : perObject(subject, function* ({ object }) {
          const pod = podTemplate(object);
          for (const c of pod ? allContainers(pod.spec) : []) {
            const image = c.image ?? '';
            const [withoutDigest = '', digest] = image.split('@');
            const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
            const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
            if (digest === undefined && tag === undefined)
              yield `container "${c.name}" image "${image}" has neither a tag nor a digest`;
            else if (tag === 'latest') yield `container "${c.name}" image "${image}" uses the tag latest`;
          }
        }),
});
