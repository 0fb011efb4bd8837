import * as core from '@actions/core';

/** Fetches the job's OIDC token for an audience (core.getIDToken in production). */
export type GetIdToken = (audience: string) => Promise<string>;

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
