import * as core from '@actions/core';
import { type Backoff, defaultBackoff } from '../../lib/retry.js';
import { exportSession, type RoleSession, readSession } from './credentials.js';
import { readSettings } from './inputs.js';
import { fetchOidcToken, type GetIdToken, requestIdToken } from './oidc-token.js';
import { assumeRole, type CallSts, callSts, regionalEndpoint } from './sts.js';
import { writeSummary } from './summary.js';

/** What run() talks to; tests replace the waits and may replace the calls. */
export interface Deps {
  readonly getIdToken: GetIdToken;
  readonly callSts: CallSts;
  readonly backoff: Backoff;
}

export const defaultDeps: Deps = {
  getIdToken: (audience) => requestIdToken(audience),
  callSts,
  backoff: defaultBackoff(),
};

/** What the step did, as its outputs say (returned for tests and callers). */
export interface LoginResult {
  readonly session: RoleSession;
  readonly stsCalls: number;
}

export async function run(deps: Deps = defaultDeps): Promise<LoginResult> {
  const settings = readSettings(); // every input checked before any network call
  const token = await fetchOidcToken(settings.audience, deps.getIdToken);

  const endpoint =
    settings.stsEndpoint === undefined ? regionalEndpoint(settings.region) : new URL(settings.stsEndpoint);
  const policy = { retries: settings.retries, backoff: deps.backoff };
  const { output, calls } = await assumeRole(
    () => deps.callSts(endpoint, settings, token),
    settings.roleArn,
    policy,
  );

  const session = readSession(output); // masks the secrets first
  exportSession(session, settings.region);
  core.info(`Assumed ${session.assumedRoleArn} until ${session.expiration}.`);
  await writeSummary(settings, session, calls);
  return { session, stsCalls: calls };
}
