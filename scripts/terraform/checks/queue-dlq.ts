// The event queue: FIFO with a FIFO DLQ wired by the redrive policy, a DLQ that only its queue may use, and a
// visibility timeout above the consumer's longest processing time.
import { defineCheck } from '../../checks/check.js';
import type { Problem } from '../../checks/finding.js';
import type { TfTree } from '../hcl.js';
import { type Block, expression, references, resolve, resources, variableOf } from '../model.js';
import { at } from '../problems.js';

function redrive(q: Block): { target?: string; maxReceiveCount?: string } | undefined {
  const text = q.body.redrive_policy;
  if (typeof text !== 'string') return undefined;
  const target = /deadLetterTargetArn\s*=\s*aws_sqs_queue\.([A-Za-z0-9_-]+)\.arn/.exec(text)?.[1];
  const max = /maxReceiveCount\s*=\s*([^\s,}]+)/.exec(text)?.[1];
  return { ...(target !== undefined && { target }), ...(max !== undefined && { maxReceiveCount: max }) };
}

export const queueDlq = defineCheck<TfTree>({
  id: 'queue-dlq',
  summary:
    'every queue that is not a DLQ redrives to a FIFO DLQ of this configuration with a maxReceiveCount (1-1000), the DLQ allows only that queue, and the visibility timeout exceeds consumer_max_processing_seconds',
  run(tree) {
    const problems: Problem[] = [];
    const queues = resources(tree, 'aws_sqs_queue');
    const targets = new Set(
      queues.map((q) => redrive(q)?.target).filter((t): t is string => t !== undefined),
    );
    for (const q of queues) {
      if (targets.has(q.name)) continue;
      const fail = (m: string) => problems.push(at(q, m));
      const dir = q.file.dir;
      const r = redrive(q);
      if (!r?.target) {
        fail(
          'no redrive_policy with deadLetterTargetArn = aws_sqs_queue.<dlq>.arn: a poison message would block its SKU group forever',
        );
        continue;
      }
      const dlq = queues.find((x) => x.file.dir === dir && x.name === r.target);
      if (!dlq) fail(`the DLQ aws_sqs_queue.${r.target} is not in this configuration`);
      else if (
        resolve(tree, dir, q.body.fifo_queue) === true &&
        resolve(tree, dir, dlq.body.fifo_queue) !== true
      ) {
        fail(`the DLQ of a FIFO queue must be FIFO: aws_sqs_queue.${r.target} is not`);
      }
      const max = r.maxReceiveCount?.startsWith('var.')
        ? resolve(tree, dir, `\${${r.maxReceiveCount}}`)
        : Number(r.maxReceiveCount);
      if (typeof max !== 'number' || !(max >= 1 && max <= 1000))
        fail(`maxReceiveCount must be set between 1 and 1000, found ${String(r.maxReceiveCount)}`);
      const allow = resources(tree, 'aws_sqs_queue_redrive_allow_policy').some(
        (p) =>
          p.file.dir === dir &&
          references(p.body.queue_url, `aws_sqs_queue.${r.target}`) &&
          String(p.body.redrive_allow_policy).includes('byQueue') &&
          references(p.body.redrive_allow_policy, `aws_sqs_queue.${q.name}`),
      );
      if (!allow)
        fail(
          `no aws_sqs_queue_redrive_allow_policy on aws_sqs_queue.${r.target} allowing only this queue (byQueue)`,
        );

      // The finding names the variable's file when the value comes from a variable default.
      const variable = /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(String(q.body.visibility_timeout_seconds))?.[1];
      const v = variable === undefined ? undefined : variableOf(tree, dir, variable);
      const where = v ?? q;
      const visibility = resolve(tree, dir, q.body.visibility_timeout_seconds);
      const processing = resolve(tree, dir, expression('var.consumer_max_processing_seconds'));
      if (typeof visibility !== 'number')
        fail("visibility_timeout_seconds must be set (above the consumer's longest processing time)");
      else if (typeof processing === 'number' && visibility <= processing) {
        problems.push(
          at(
            where,
            `visibility_timeout_seconds (${visibility}) must exceed consumer_max_processing_seconds (${processing})`,
          ),
        );
      }
      if (v && !JSON.stringify(v.body.validation ?? []).includes('consumer_max_processing_seconds')) {
        problems.push(at(v, 'needs a validation comparing it with var.consumer_max_processing_seconds'));
      }
    }
    return problems;
  },
});
