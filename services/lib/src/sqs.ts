import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/** Options of {@link createSqsClient}. */
export interface SqsClientOptions {
  /** AWS region. @defaultValue `'us-east-1'` */
  region?: string;
  /** Custom endpoint (fauxqs, LocalStack); absent in AWS. */
  endpoint?: string | undefined;
}

/**
 * An SQS client. With a custom endpoint it uses dummy credentials (local emulators accept any),
 * unless AWS credentials are in the environment; in AWS the default provider chain applies.
 */
export function createSqsClient(options: SqsClientOptions = {}): SQSClient {
  const region = options.region ?? 'us-east-1';
  if (!options.endpoint) return new SQSClient({ region });
  const hasEnvCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY);
  return new SQSClient({
    region,
    endpoint: options.endpoint,
    // Emulators answer at once; a short retry budget keeps "SQS down" failures fast for the relay's backoff.
    maxAttempts: 2,
    ...(hasEnvCredentials ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
}

/** Options of {@link ensureQueues}. */
export interface EnsureQueuesOptions {
  /** Base name: creates `<name>.fifo` and its DLQ `<name>-dlq.fifo`. */
  name: string;
  /** Receives before a message moves to the DLQ. @defaultValue 5 */
  maxReceiveCount?: number;
  /** Visibility timeout of the event queue, in seconds. @defaultValue 30 */
  visibilityTimeoutSeconds?: number;
}

/** URLs and ARN returned by {@link ensureQueues}. */
export interface QueueUrls {
  queueUrl: string;
  dlqUrl: string;
  dlqArn: string;
}

/**
 * Creates (or updates) the FIFO event queue and its FIFO dead-letter queue, linked by a redrive policy.
 * Content-based deduplication is off: producers set `MessageDeduplicationId` to the event id.
 */
export async function ensureQueues(sqs: SQSClient, options: EnsureQueuesOptions): Promise<QueueUrls> {
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'false' };
  const dlqUrl = await createOrUpdate(sqs, `${options.name}-dlq.fifo`, {
    ...fifo,
    MessageRetentionPeriod: '1209600',
  });
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const dlqArn = attrs.Attributes?.QueueArn;
  if (!dlqArn) throw new Error(`SQS did not return the ARN of ${dlqUrl}`);
  const queueUrl = await createOrUpdate(sqs, `${options.name}.fifo`, {
    ...fifo,
    VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
  });
  return { queueUrl, dlqUrl, dlqArn };
}

async function createOrUpdate(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  try {
    const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    if (!created.QueueUrl) throw new Error(`SQS did not return the URL of ${name}`);
    return created.QueueUrl;
  } catch (error) {
    // CreateQueue is idempotent only for identical attributes; otherwise update the existing queue.
    if ((error as { name?: string }).name !== 'QueueNameExists') throw error;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!QueueUrl) throw error;
    const { FifoQueue: _fifo, ...mutable } = attributes;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: mutable }));
    return QueueUrl;
  }
}

/** Readiness probe: resolves when the queue answers. */
export async function checkQueue(sqs: SQSClient, queueUrl: string): Promise<void> {
  await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
}
