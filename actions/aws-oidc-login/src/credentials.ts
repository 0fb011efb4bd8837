import * as core from '@actions/core';
import { accountIdOf } from './arn.js';
import type { AssumeRoleOutput } from './sts.js';

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
export function readSession(output: AssumeRoleOutput): RoleSession {
  const { accessKeyId, secretAccessKey, sessionToken, assumedRoleArn } = output;
  if (accessKeyId) core.setSecret(accessKeyId);
  if (secretAccessKey) core.setSecret(secretAccessKey);
  if (sessionToken) core.setSecret(sessionToken);
  const accountId = assumedRoleArn === undefined ? undefined : accountIdOf(assumedRoleArn);
  const expires = output.expiration === undefined ? Number.NaN : Date.parse(output.expiration);
  if (
    !accessKeyId ||
    !secretAccessKey ||
    !sessionToken ||
    Number.isNaN(expires) ||
    !assumedRoleArn ||
    !accountId
  ) {
    throw new Error(
      'STS answered AssumeRoleWithWebIdentity without complete Credentials and AssumedRoleUser.Arn; check sts-endpoint.',
    );
  }
  return {
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiration: new Date(expires).toISOString(),
    assumedRoleArn,
    accountId,
    subject: output.subject,
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
