// The docker CLI through @actions/exec: argv arrays only, never a shell; secrets only on stdin.
import * as exec from '@actions/exec';

/** Runs the docker CLI. */
export interface Docker {
  /** Runs `docker <args>` streaming its output to the log; throws when it exits non-zero. */
  run(args: string[], options?: { input?: string; what?: string }): Promise<void>;
}

/**
 * A Docker runner for the executable `command` (default `docker`, resolved on PATH), run with `env`
 * (default: this process's environment, which is where DOCKER_CONFIG and the builder come from).
 */
export function dockerCli(command = 'docker', env?: NodeJS.ProcessEnv): Docker {
  return {
    async run(args, options = {}) {
      const what = options.what ?? `docker ${args.slice(0, 2).join(' ')}`;
      let stderr = '';
      let code: number;
      try {
        code = await exec.exec(command, args, {
          ignoreReturnCode: true,
          ...(env === undefined ? {} : { env: env as Record<string, string> }),
          ...(options.input === undefined ? {} : { input: Buffer.from(options.input) }),
          listeners: { stderr: (data) => (stderr = (stderr + data.toString()).slice(-2000)) },
        });
      } catch (error) {
        // @actions/exec throws when the executable is not on PATH.
        throw new Error(`${what} could not start: ${(error as Error).message}. Is the docker CLI installed?`);
      }
      if (code !== 0) {
        const lastLine = stderr.trim().split('\n').pop() ?? '';
        throw new Error(`${what} failed with exit code ${code}${lastLine ? `: ${lastLine}` : ''}`);
      }
    },
  };
}

/** `docker login <registry>` with the password on stdin, so it is never in argv or the log. */
export async function dockerLogin(docker: Docker, registry: string, username: string, password: string) {
  await docker.run(['login', registry, `--username=${username}`, '--password-stdin'], {
    input: password,
    what: `docker login ${registry}`,
  });
}

/** `docker logout <registry>`; a failure only warns, since the build already happened. */
export async function dockerLogout(docker: Docker, registry: string): Promise<string | undefined> {
  try {
    await docker.run(['logout', registry], { what: `docker logout ${registry}` });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
