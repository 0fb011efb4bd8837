import * as core from '@actions/core';
import { exchange } from './http.js';

/** Fetches the job's OIDC token for an audience ({@link requestIdToken} in production). */
export type GetIdToken = (audience: string) => Promise<string>;

/**
 * The runner's documented token request, as core.getIDToken makes it (GET ACTIONS_ID_TOKEN_REQUEST_URL
 * plus `&audience=`, bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN, answer `{"value": "<JWT>"}`), over node:https
 * so that @actions/http-client and undici stay out of the bundle (they were most of its load time).
 */
export async function requestIdToken(
  audience: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string> {
  const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '');
  url.searchParams.append('audience', audience);
  const answer = await exchange(url, {
    method: 'GET',
    headers: {
      authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ''}`,
      accept: 'application/json',
      'user-agent': 'delivery-platform/aws-oidc-login',
    },
  });
  if (answer.status !== 200) {
    throw new Error(`HTTP ${answer.status} from the token endpoint: ${answer.body.slice(0, 200)}`);
  }
  let value: unknown;
  try {
    value = (JSON.parse(answer.body) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw new Error('the token endpoint answered 200 without a "value" string');
  }
  return value;
}

/**
 * The job's OIDC token, masked before anything else can print it. The runner only offers one when the
 * workflow grants `id-token: write`: it then sets ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN.
 */
export async function fetchOidcToken(
  audience: string,
  getIdToken: GetIdToken,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string> {
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new Error(
      'This job cannot request an OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are ' +
        'not set, so the workflow lacks `permissions: id-token: write`. Add it at workflow or job level (a ' +
        '`permissions:` block sets every permission it does not list to none); pull requests from forks never get a token.',
    );
  }
  let token: string;
  try {
    token = await getIdToken(audience);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error))
      .replace(/^Error message: /, '')
      .replace(/\s+/g, ' ')
      .trim();
    throw new Error(
      `Could not get the job's OIDC token for audience '${audience}' from ACTIONS_ID_TOKEN_REQUEST_URL: ${message}. ` +
        "Check that the job has `permissions: id-token: write` (a 401 or 403 means the runner refused the job's request token).",
    );
  }
  core.setSecret(token);
  if (token.split('.').length !== 3) {
    throw new Error(
      'The OIDC token endpoint answered with something that is not a JWT; check ACTIONS_ID_TOKEN_REQUEST_URL.',
    );
  }
  return token;
}
