import * as core from '@actions/core';
import { type Backoff, defaultBackoff } from '../../lib/retry.js';
import { exportSession, type RoleSession, readSession } from './credentials.js';
import { type Preconnection, preconnect } from './http.js';
import { readSettings } from './inputs.js';
import { fetchOidcToken, type GetIdToken, requestIdToken } from './oidc-token.js';
import { type AssumeRoleOutput, assumeRole, type CallSts, callSts, regionalEndpoint } from './sts.js';
import { writeSummary } from './summary.js';

/** What run() talks to; tests replace the waits and may replace the calls. */
export interface Deps {
  readonly getIdToken: GetIdToken;
  readonly callSts: CallSts;
  /** Opens STS's connection while the token is requested; the first STS call uses it. */
  readonly preconnect: (endpoint: URL) => Preconnection;
  readonly backoff: Backoff;
}

export const defaultDeps: Deps = {
  getIdToken: (audience) => requestIdToken(audience),
  callSts,
  preconnect,
  backoff: defaultBackoff(),
};

/** What the step did, as its outputs say (returned for tests and callers). */
export interface LoginResult {
  readonly session: RoleSession;
  readonly stsCalls: number;
}

export async function run(deps: Deps = defaultDeps): Promise<LoginResult> {
  const settings = readSettings(); // every input checked before any network call
  const endpoint =
    settings.stsEndpoint === undefined ? regionalEndpoint(settings.region) : new URL(settings.stsEndpoint);
  // STS's connection (DNS, TCP, TLS) is set up while the token request is in flight, not after it;
  // not when the runner offers no token, which fails below before any request.
  const early = process.env.ACTIONS_ID_TOKEN_REQUEST_URL ? deps.preconnect(endpoint) : undefined;
  let output: AssumeRoleOutput;
  let calls: number;
  try {
    const token = await fetchOidcToken(settings.audience, deps.getIdToken);
    const policy = { retries: settings.retries, backoff: deps.backoff };
    ({ output, calls } = await assumeRole(
      () => deps.callSts(endpoint, settings, token, early?.take()),
      settings.roleArn,
      policy,
    ));
  } finally {
    early?.release();
  }

  const session = readSession(output); // masks the secrets first
  exportSession(session, settings.region);
  core.info(`Assumed ${session.assumedRoleArn} until ${session.expiration}.`);
  await writeSummary(settings, session, calls);
  return { session, stsCalls: calls };
}
