// zizmor's unpinned-images: a job's container, its service containers and `docker://` steps run whatever the
// tag points to when the job starts; only a digest names one image.
import { isMap, isScalar, type Node } from 'yaml';
import { defineCheck } from '../../../scripts/checks/check.js';
import type { Problem } from '../../../scripts/checks/finding.js';
import { at, child, type WorkflowSource } from '../source.js';

const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** The image node of a `container:` (a string or a map with `image:`). */
const imageOf = (container: Node | undefined) =>
  isScalar(container) ? container : child(container, 'image');

export default defineCheck<WorkflowSource>({
  id: 'unpinned-images',
  summary: 'container:, services: and docker:// images pinned by digest (@sha256:…)',
  standsFor: ['unpinned-images'],
  run(w) {
    const out: Problem[] = [];
    const check = (image: Node | undefined, what: string) => {
      if (!isScalar(image) || image.value === null || image.value === '') return;
      const value = String(image.value);
      if (!DIGEST.test(value))
        out.push(at(w, image, `${what} ${value}: pin the image by digest (@sha256:…)`));
    };
    for (const job of w.jobs) {
      check(imageOf(child(job.node, 'container')), `job ${job.id}: container`);
      const services = child(job.node, 'services');
      if (isMap(services))
        for (const s of services.items)
          check(
            imageOf(s.value as Node),
            `job ${job.id}: service ${String((s.key as { value?: unknown }).value)}`,
          );
      for (const step of job.steps) {
        const uses = child(step.node, 'uses');
        if (isScalar(uses) && String(uses.value).startsWith('docker://')) check(uses, `job ${job.id}: step`);
      }
    }
    return out;
  },
});
