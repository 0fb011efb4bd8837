import * as core from '@actions/core';
import {
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandOutput,
  STSClient,
} from '@aws-sdk/client-sts';
import { type Backoff, withRetries } from '../../lib/retry.js';

/** What the STS client is built from. */
export interface StsClientOptions {
  readonly region: string;
  readonly endpoint: string | undefined;
}

/**
 * An STS client that never signs and never looks for credentials: AssumeRoleWithWebIdentity is an
 * unauthenticated call (the web identity token is the proof). The SDK already prefers its `noAuth`
 * scheme for this operation; naming it keeps AWS_AUTH_SCHEME_PREFERENCE in the environment from
 * reordering that. `maxAttempts: 1` turns the SDK's own retries off: the `retries` input is the only policy.
 */
export function createStsClient(options: StsClientOptions): STSClient {
  return new STSClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    maxAttempts: 1,
    authSchemePreference: ['noAuth'],
    // A hung connection must fail (and be retried), not stall the job until its timeout.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
  });
}

/** The fields of an SDK error this action reads. */
interface SdkErrorShape {
  name?: string;
  message?: string;
  /** The Code element of STS's ErrorResponse, e.g. InvalidIdentityToken (the SDK's `name` may add "Exception"). */
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const shape = (error: unknown): SdkErrorShape => (typeof error === 'object' && error !== null ? error : {});

/** STS's own error code, e.g. 'AccessDenied'; the SDK's error name when STS sent none. */
export function stsErrorCode(error: unknown): string {
  const e = shape(error);
  return e.Code ?? e.code ?? e.name ?? 'Error';
}

const RETRYABLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'IDPCommunicationError',
]);

/** Throttling, the IdP being unreachable from STS, STS's 5xx, and SDK calls that got no HTTP response are worth a retry. */
export function isRetryableStsError(error: unknown): boolean {
  const e = shape(error);
  if (RETRYABLE_CODES.has(stsErrorCode(error))) return true;
  const status = e.$metadata?.httpStatusCode;
  // No HTTP response at all (refused, reset, timed out, DNS): the network, worth another try.
  return status === undefined ? e.$metadata !== undefined : status >= 500;
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

/** The request, minus the token. */
export interface AssumeRoleRequest {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
}

/** One AssumeRoleWithWebIdentity call. */
export function assumeRoleWithWebIdentity(
  client: STSClient,
  request: AssumeRoleRequest,
  webIdentityToken: string,
): Promise<AssumeRoleWithWebIdentityCommandOutput> {
  return client.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: request.roleArn,
      RoleSessionName: request.roleSessionName,
      DurationSeconds: request.durationSeconds,
      WebIdentityToken: webIdentityToken,
    }),
  );
}

/** Wraps an SDK error into an StsError with the attempt count. */
export function toStsError(error: unknown, attempts: number, roleArn: string): StsError {
  const e = shape(error);
  return new StsError(
    stsErrorCode(error),
    e.$metadata?.httpStatusCode,
    attempts,
    e.message ?? String(error),
    roleArn,
  );
}

/**
 * AssumeRoleWithWebIdentity with the action's retry policy: up to `retries` more calls on retryable
 * errors. Resolves with STS's answer and the number of calls; rejects with an StsError.
 */
export async function assumeRole(
  client: STSClient,
  request: AssumeRoleRequest,
  webIdentityToken: string,
  policy: { retries: number; backoff: Backoff },
): Promise<{ output: AssumeRoleWithWebIdentityCommandOutput; calls: number }> {
  let calls = 0;
  try {
    const output = await withRetries(
      () => {
        calls++;
        return assumeRoleWithWebIdentity(client, request, webIdentityToken);
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
    throw toStsError(error, calls, request.roleArn);
  }
}
