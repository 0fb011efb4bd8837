/** STS's RoleSessionName rule: 2-64 characters from [\w+=,.@-]. */
export const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const MAX = 64;
const FALLBACK = 'GitHubActions';

/** Replaces every character STS would reject with '-'. */
function sanitise(text: string): string {
  return text.replace(/[^\w+=,.@-]/g, '-');
}

/**
 * A session name that says which run assumed the role, e.g. `octo-org-app-12345678901-1` for
 * repository octo-org/app, run 12345678901, attempt 1. When too long, the repository part is cut so
 * the run id and attempt (what finds the run in CloudTrail) always survive.
 */
export function defaultSessionName(env: Readonly<Record<string, string | undefined>>): string {
  const repository = sanitise(env.GITHUB_REPOSITORY ?? '');
  const run = sanitise([env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean).join('-')).slice(0, MAX);
  const room = run === '' ? MAX : MAX - run.length - 1;
  const name = [repository.slice(0, Math.max(0, room)), run].filter((part) => part !== '').join('-');
  return name.length >= 2 ? name : FALLBACK;
}
