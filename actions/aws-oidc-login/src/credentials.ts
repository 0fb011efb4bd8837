import * as core from '@actions/core';
import type { AssumeRoleWithWebIdentityCommandOutput } from '@aws-sdk/client-sts';
import { accountIdOf } from './arn.js';

/** The session STS granted: secrets and what can be shown. */
export interface RoleSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: string;
  readonly assumedRoleArn: string;
  readonly accountId: string;
  /** The token's `sub` as STS read it (what trust policies match on); shown, not secret. */
  readonly subject: string | undefined;
}

/**
 * Reads STS's answer and masks each secret as soon as it is read, before anything can log it.
 * Throws when STS answered 200 without the parts every answer documents.
 */
export function readSession(output: AssumeRoleWithWebIdentityCommandOutput): RoleSession {
  const credentials = output.Credentials;
  if (credentials?.AccessKeyId) core.setSecret(credentials.AccessKeyId);
  if (credentials?.SecretAccessKey) core.setSecret(credentials.SecretAccessKey);
  if (credentials?.SessionToken) core.setSecret(credentials.SessionToken);
  const assumedRoleArn = output.AssumedRoleUser?.Arn;
  const accountId = assumedRoleArn === undefined ? undefined : accountIdOf(assumedRoleArn);
  if (
    !credentials?.AccessKeyId ||
    !credentials.SecretAccessKey ||
    !credentials.SessionToken ||
    !(credentials.Expiration instanceof Date) ||
    !assumedRoleArn ||
    !accountId
  ) {
    throw new Error(
      'STS answered AssumeRoleWithWebIdentity without complete Credentials and AssumedRoleUser.Arn; check sts-endpoint.',
    );
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration.toISOString(),
    assumedRoleArn,
    accountId,
    subject: output.SubjectFromWebIdentityToken,
  };
}

/** Exports the credentials and region to the following steps, the way the AWS CLI and SDKs read them. */
export function exportSession(session: RoleSession, region: string): void {
  core.exportVariable('AWS_ACCESS_KEY_ID', session.accessKeyId);
  core.exportVariable('AWS_SECRET_ACCESS_KEY', session.secretAccessKey);
  core.exportVariable('AWS_SESSION_TOKEN', session.sessionToken);
  core.exportVariable('AWS_REGION', region);
  core.exportVariable('AWS_DEFAULT_REGION', region);
  core.setOutput('aws-account-id', session.accountId);
  core.setOutput('assumed-role-arn', session.assumedRoleArn);
  core.setOutput('expiration', session.expiration);
}
