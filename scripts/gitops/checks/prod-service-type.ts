// Prod has no public entrypoint of its own: a LoadBalancer or NodePort Service opens the nodes or a cloud
// load balancer to the network, bypassing the ingress and its policies.
import { defineCheck } from '../../checks/check.js';
import { isProd, record } from '../model.js';
import { perObject, type TreeSubject } from './subject.js';

export const prodServiceType = defineCheck<TreeSubject>({
  id: 'prod-service-type',
  summary: 'in deployable prod trees, no Service of type LoadBalancer or NodePort',
  run: (subject) =>
    !subject.deployable || !isProd(subject.tree)
      ? []
      : perObject(subject, function* ({ object }) {
          const type = record(object.spec)?.type;
          if (object.kind === 'Service' && (type === 'LoadBalancer' || type === 'NodePort'))
            yield `type ${type} exposes the service outside the cluster: use ClusterIP behind the ingress`;
        }),
});
