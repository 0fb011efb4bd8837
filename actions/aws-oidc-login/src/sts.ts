// STS AssumeRoleWithWebIdentity over its documented Query API (form POST, XML answer), without the
// AWS SDK: the call is unauthenticated (the web identity token is the proof), so nothing needs signing,
// and the SDK's ~2.5 MB of bundle was most of this action's cold start and memory.

import type { Socket } from 'node:net';
import * as core from '@actions/core';
import { type Backoff, withRetries } from '../../lib/retry.js';
import { exchange, NetworkError } from './http.js';
import { xmlLeaf } from './xml.js';

/** The request, minus the token. */
export interface AssumeRoleRequest {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
}

/** What STS answered on success, as its AssumeRoleWithWebIdentityResult names the parts (undefined when absent). */
export interface AssumeRoleOutput {
  readonly accessKeyId: string | undefined;
  readonly secretAccessKey: string | undefined;
  readonly sessionToken: string | undefined;
  /** ISO 8601, as STS writes it. */
  readonly expiration: string | undefined;
  readonly assumedRoleArn: string | undefined;
  readonly subject: string | undefined;
}

/** One call to STS. */
export type CallSts = (
  endpoint: URL,
  request: AssumeRoleRequest,
  webIdentityToken: string,
  /** A connection to the endpoint opened ahead of the call, if any. */
  connection?: Socket,
) => Promise<AssumeRoleOutput>;

/** STS answered with an error document (or an HTTP error without one). */
export class StsCallError extends Error {
  constructor(
    /** STS's `Code`, e.g. AccessDenied; `HttpError` when the answer had none. */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StsCallError';
  }
}

/**
 * STS's regional endpoint for a region, in the region's partition (what the SDK resolves by default):
 * amazonaws.com.cn for China, c2s.ic.gov / sc2s.sgov.gov for the ISO partitions, amazonaws.eu for the
 * European sovereign cloud, amazonaws.com elsewhere (GovCloud included).
 */
export function regionalEndpoint(region: string): URL {
  const domain = region.startsWith('cn-')
    ? 'amazonaws.com.cn'
    : region.startsWith('us-isob-')
      ? 'sc2s.sgov.gov'
      : region.startsWith('us-iso-')
        ? 'c2s.ic.gov'
        : region.startsWith('eusc-')
          ? 'amazonaws.eu'
          : 'amazonaws.com';
  return new URL(`https://sts.${region}.${domain}/`);
}

/** One AssumeRoleWithWebIdentity call: resolves with STS's result, rejects with StsCallError or NetworkError. */
export const callSts: CallSts = async (endpoint, request, webIdentityToken, connection) => {
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: request.roleArn,
    RoleSessionName: request.roleSessionName,
    WebIdentityToken: webIdentityToken,
    DurationSeconds: String(request.durationSeconds),
  }).toString();
  const answer = await exchange(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      accept: 'text/xml',
      'user-agent': 'delivery-platform/aws-oidc-login',
    },
    body,
    connection,
  });
  if (answer.status !== 200) {
    const code = xmlLeaf(answer.body, 'Code') ?? 'HttpError';
    const message = xmlLeaf(answer.body, 'Message') ?? `HTTP ${answer.status} without an STS error document`;
    throw new StsCallError(code, answer.status, message);
  }
  return {
    accessKeyId: xmlLeaf(answer.body, 'AccessKeyId'),
    secretAccessKey: xmlLeaf(answer.body, 'SecretAccessKey'),
    sessionToken: xmlLeaf(answer.body, 'SessionToken'),
    expiration: xmlLeaf(answer.body, 'Expiration'),
    assumedRoleArn: xmlLeaf(answer.body, 'Arn'),
    subject: xmlLeaf(answer.body, 'SubjectFromWebIdentityToken'),
  };
};

/** STS's own error code, e.g. 'AccessDenied'; Node's code (ECONNRESET…) for a request that got no answer. */
export function stsErrorCode(error: unknown): string {
  if (error instanceof StsCallError || error instanceof NetworkError) return error.code;
  return error instanceof Error ? error.name : 'Error';
}

const RETRYABLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'IDPCommunicationError',
]);

/** Throttling, the IdP being unreachable from STS, STS's 5xx, and calls that got no HTTP answer are worth a retry. */
export function isRetryableStsError(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (!(error instanceof StsCallError)) return false;
  return RETRYABLE_CODES.has(error.code) || error.status >= 500;
}

/** What to check, per STS error code. */
const ADVICE: Record<string, string> = {
  AccessDenied:
    "check the role's trust policy: Principal.Federated must be the account's token.actions.githubusercontent.com OIDC provider, the 'token.actions.githubusercontent.com:aud' condition must equal the audience input, and the 'token.actions.githubusercontent.com:sub' condition must match this workflow (repo:<owner>/<repo>:ref:…, :environment:…, or :pull_request); also check the role ARN",
  InvalidIdentityToken:
    "check that an IAM OIDC provider for https://token.actions.githubusercontent.com exists in the role's account, that its audiences include the audience input, and that the token was issued to this job",
  IDPRejectedClaim:
    "check the trust policy's conditions against the token's claims (sub, aud, repository, environment)",
  ExpiredTokenException:
    'the OIDC token expired before STS saw it; re-run the job, and check the runner clock',
  IDPCommunicationError:
    'STS could not reach GitHub to verify the token; this is usually transient, re-run the job',
  MalformedPolicyDocument: "check the role's session policy and tags",
  PackedPolicyTooLarge: 'check the size of session policies and session tags',
  RegionDisabledException: 'activate STS in this region (IAM account settings) or choose another aws-region',
  ValidationError:
    "check duration-seconds against the role's maximum session duration, and role-session-name",
};

/** An STS failure: STS's code and message first, then what to check. */
export class StsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number | undefined,
    readonly attempts: number,
    stsMessage: string,
    roleArn: string,
  ) {
    const advice =
      ADVICE[code] ??
      (status === undefined || status >= 500
        ? 'STS or the network failed; re-run the job, and check sts-endpoint if set'
        : 'check role-arn, the trust policy and the inputs');
    super(
      `STS AssumeRoleWithWebIdentity failed for ${roleArn} after ${attempts} attempt(s): ${code}` +
        `${status === undefined ? '' : ` (HTTP ${status})`}: ${stsMessage}. To fix: ${advice}.`,
    );
    this.name = 'StsError';
  }
}

/** Wraps a failed call into an StsError with the attempt count. */
export function toStsError(error: unknown, attempts: number, roleArn: string): StsError {
  return new StsError(
    stsErrorCode(error),
    error instanceof StsCallError ? error.status : undefined,
    attempts,
    error instanceof Error ? error.message : String(error),
    roleArn,
  );
}

/**
 * AssumeRoleWithWebIdentity with the action's retry policy: up to `retries` more calls on retryable
 * errors. Resolves with STS's answer and the number of calls; rejects with an StsError.
 */
export async function assumeRole(
  call: () => Promise<AssumeRoleOutput>,
  roleArn: string,
  policy: { retries: number; backoff: Backoff },
): Promise<{ output: AssumeRoleOutput; calls: number }> {
  let calls = 0;
  try {
    const output = await withRetries(
      () => {
        calls++;
        return call();
      },
      {
        retries: policy.retries,
        isRetryable: isRetryableStsError,
        backoff: policy.backoff,
        onRetry: (error, retry, delay) =>
          core.warning(
            `STS call failed with ${stsErrorCode(error)}; retry ${retry} of ${policy.retries} in ${delay} ms`,
          ),
      },
    );
    return { output, calls };
  } catch (error) {
    throw toStsError(error, calls, roleArn);
  }
}
