/** The parts of an IAM role ARN (`arn:<partition>:iam::<account>:role/<path/><name>`). */
export interface RoleArn {
  readonly partition: string;
  readonly accountId: string;
  /** The role's path without its leading and trailing slash; '' for roles at the root. */
  readonly path: string;
  readonly name: string;
}

// IAM's own rules: role names are 1-64 of [\w+=,.@-]; a path is printable ASCII between slashes.
// Partitions seen so far: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc.
const ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role\/(?:([\x21-\x7e]+)\/)?([\w+=,.@-]{1,64})$/;

/** Parses an IAM role ARN; undefined when it is not one (a user, an assumed-role session, a typo…). */
export function parseRoleArn(arn: string): RoleArn | undefined {
  const match = ROLE_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition = '', accountId = '', path = '', name = ''] = match;
  return { partition, accountId, path, name };
}

/** The 12-digit account of any ARN with an account field (e.g. STS's assumed-role ARN); undefined otherwise. */
export function accountIdOf(arn: string): string | undefined {
  return /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(arn)?.[1];
}
