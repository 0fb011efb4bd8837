// Every queue has a queue policy that refuses plain HTTP, without any wildcard grant.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { dataSources, references, resolve, resources } from '../model.js';
import { deniesInsecureTransport, documentPolicy, hasWildcard } from '../policy.js';
import { at } from '../problems.js';

export const queuePolicy = defineCheck<TfTree>({
  id: 'queue-policy',
  summary:
    'every queue has a queue policy denying aws:SecureTransport = false, with no "*" or "sqs:*" action, no "*" resource and no Allow to principal "*"',
  run(tree) {
    const problems: Problem[] = [];
    for (const q of resources(tree, 'aws_sqs_queue')) {
      const dir = q.file.dir;
      const policies = resources(tree, 'aws_sqs_queue_policy').filter(
        (p) => p.file.dir === dir && references(p.body.queue_url, `aws_sqs_queue.${q.name}`),
      );
      const docs = policies.flatMap((p) => {
        const name = /data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json/.exec(String(p.body.policy))?.[1];
        return dataSources(tree, 'aws_iam_policy_document').filter(
          (d) => d.file.dir === dir && d.name === name,
        );
      });
      if (docs.length === 0) {
        problems.push(at(q, 'no aws_sqs_queue_policy built from an aws_iam_policy_document'));
        continue;
      }
      for (const doc of docs) {
        if (!deniesInsecureTransport(documentPolicy(tree, doc)))
          problems.push(at(doc, `does not deny aws:SecureTransport = false for aws_sqs_queue.${q.name}`));
        for (const st of documentPolicy(tree, doc).statements) {
          const fail = (m: string) => problems.push(at(doc, `statement ${st.sid}: ${m}`));
          const actions = st.actions.flatMap((a) => {
            const listed = resolve(tree, dir, a);
            return Array.isArray(listed) ? listed.map(String) : [a];
          });
          for (const a of actions) if (hasWildcard(a)) fail(`wildcard action ${JSON.stringify(a)}`);
          for (const r of st.resources) if (hasWildcard(r)) fail(`wildcard resource ${JSON.stringify(r)}`);
          if (st.notActions) fail('NotAction/NotResource: name the actions and resources');
          if (st.effect === 'Allow' && JSON.stringify(st.principals).includes('"*"'))
            fail('allows principal "*"');
        }
      }
    }
    return problems;
  },
});
