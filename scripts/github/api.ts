// The GitHub REST API as github:setup uses it: reads (a 404 is "absent"), and writes planned as Calls first,
// so a dry run prints exactly what a real run sends and bad input stops before the first write.
import type { Octokit } from '@octokit/rest';

export type Method = 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One write. `body` is made when it is sent (a secret is sealed with the key GitHub holds at that time). */
export interface Call {
  readonly method: Method;
  readonly path: string;
  /** The body as printed: a secret's value is `***`. */
  readonly shown?: Readonly<Record<string, unknown>>;
  readonly body?: (api: Api) => Promise<Record<string, unknown>>;
  /** What changes, for people: `variable AWS_REGION (repository): created`. */
  readonly what: string;
}

export interface Api {
  /** The JSON at `path`, or undefined on 404. */
  get<T>(path: string): Promise<T | undefined>;
  send(method: Method, path: string, body?: Record<string, unknown>): Promise<void>;
}

export function octokitApi(octokit: Octokit): Api {
  return {
    async get<T>(path: string) {
      try {
        return (await octokit.request(`GET ${path}`)).data as T;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw apiError('GET', path, error);
      }
    },
    async send(method, path, body) {
      try {
        await octokit.request(`${method} ${path}`, body ?? {});
      } catch (error) {
        throw apiError(method, path, error);
      }
    },
  };
}

/** GitHub's own status and message, then what to check. */
function apiError(method: string, path: string, error: unknown): Error {
  const { status, message } = error as { status?: number; message?: string };
  const hint =
    status === 401 || status === 403
      ? ': the token needs repository Administration, Environments, Variables and Secrets write'
      : '';
  return new Error(`${method} ${path}: GitHub answered ${status ?? 'nothing'} ${message ?? ''}${hint}`);
}

/** `call` as one line: method, path and the printed body. */
export function formatCall(call: Call): string {
  return `${call.method} ${call.path}${call.shown === undefined ? '' : ` ${JSON.stringify(call.shown)}`}`;
}

/**
 * True when every field `desired` names has that value in `current` (GitHub's answers carry more fields
 * than a request sets: ids, links, dates). Arrays match as sets of equal length: GitHub need not keep the
 * order a ruleset's rules or bypass actors were sent in.
 */
export function covers(current: unknown, desired: unknown): boolean {
  if (Array.isArray(desired)) {
    if (!Array.isArray(current) || current.length !== desired.length) return false;
    const unused = [...current];
    return desired.every((d) => {
      const i = unused.findIndex((c) => covers(c, d));
      if (i >= 0) unused.splice(i, 1);
      return i >= 0;
    });
  }
  if (desired !== null && typeof desired === 'object') {
    if (current === null || typeof current !== 'object') return false;
    return Object.entries(desired).every(([k, v]) => covers((current as Record<string, unknown>)[k], v));
  }
  return current === desired;
}
