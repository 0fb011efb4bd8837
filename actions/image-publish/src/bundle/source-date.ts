// The build's one timestamp: SOURCE_DATE_EPOCH (reproducible-builds.org) when the caller sets it,
// else the commit time of HEAD in the context, so two builds of one commit agree on every time field.
import { execFileSync } from 'node:child_process';

const SECONDS = /^\d{1,12}$/;

/** Seconds since the epoch; throws naming SOURCE_DATE_EPOCH or the git failure. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv, cwd: string): number {
  const given = env.SOURCE_DATE_EPOCH;
  if (given !== undefined && given !== '') {
    if (!SECONDS.test(given)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds, got '${given}'`);
    return Number(given);
  }
  let output: string;
  try {
    output = execFileSync('git', ['log', '-1', '--format=%ct'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    throw new Error(
      `no SOURCE_DATE_EPOCH and no commit time from 'git log -1' in ${cwd}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!SECONDS.test(output)) throw new Error(`'git log -1 --format=%ct' in ${cwd} printed '${output}'`);
  return Number(output);
}
