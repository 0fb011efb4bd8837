// A small client for the two Web API calls the gate needs, on fetch. It retries what can heal by
// itself (5xx, 429, network errors) with full-jitter exponential backoff, and turns what cannot (401,
// 403, 404, a body that is not the documented shape) into one error that says what to check.
import { AbortError } from 'p-retry';
import type { z } from 'zod';
import { defaultBackoff, withRetries } from '../../lib/retry.js';
import {
  type CeTask,
  ceTaskResponse,
  errorBody,
  type ProjectStatus,
  projectStatusResponse,
} from './sonar-api.js';

/** What the error messages may name to help the reader (all from the report-task file). */
export interface ProjectContext {
  readonly projectKey?: string;
  readonly organization?: string;
}

/** Options of {@link createSonarClient}. */
export interface SonarClientOptions {
  /** Base URL without a trailing slash. */
  readonly hostUrl: string;
  readonly token: string;
  /** Waits between retries; injected so tests never wait real time. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
  /** Source of jitter in [0, 1). @defaultValue Math.random */
  readonly random?: () => number;
  /** Retries after the first attempt of one request. @defaultValue 5 */
  readonly retries?: number;
  /** Ceiling of the first retry's wait (drawn uniformly below it); doubles per retry. @defaultValue 1000 */
  readonly baseDelayMs?: number;
  /** Cap on that ceiling. @defaultValue 15000 */
  readonly maxDelayMs?: number;
  /** One request's time limit (a hung connection counts as a network error). @defaultValue 30000 */
  readonly requestTimeoutMs?: number;
  readonly context?: ProjectContext;
  /** Reports each retry. */
  readonly log?: (message: string) => void;
}

/** A Web API call that failed; `status` is the HTTP status when the server answered. */
export class SonarApiError extends Error {
  override readonly name = 'SonarApiError';
  constructor(
    message: string,
    readonly status: number | undefined,
    /** 5xx, 429 and network errors: worth another attempt. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface SonarClient {
  /** `GET api/ce/task?id=…`: the background task that processes a submitted analysis. */
  getTask(taskId: string): Promise<CeTask>;
  /** `GET api/qualitygates/project_status?analysisId=…`: the gate computed for that analysis. */
  getProjectStatus(analysisId: string): Promise<ProjectStatus>;
}

type Endpoint = 'api/ce/task' | 'api/qualitygates/project_status';

/** Quotes the server's `{"errors":[{"msg":"…"}]}`, or a short excerpt of any other body. */
export function quoteErrorBody(body: string): string {
  try {
    const parsed = errorBody.safeParse(JSON.parse(body));
    if (parsed.success && parsed.data.errors.length > 0) {
      return `: "${parsed.data.errors.map((e) => e.msg).join('; ')}"`;
    }
  } catch {
    // Not JSON: a proxy's HTML page or an empty body.
  }
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return '';
  return `: "${text.length > 200 ? `${text.slice(0, 200)}…` : text}"`;
}

function project(context: ProjectContext): string {
  const key = context.projectKey === undefined ? 'the project' : `project '${context.projectKey}'`;
  return context.organization === undefined ? key : `${key} in organization '${context.organization}'`;
}

/** What to check for a non-retryable HTTP status. */
function hint(status: number, endpoint: Endpoint, hostUrl: string, context: ProjectContext): string {
  const permission =
    endpoint === 'api/ce/task' ? "'Execute Analysis' (or 'Administer')" : "'Browse' (or 'Execute Analysis')";
  switch (status) {
    case 401:
      return `Check that input 'token' holds a valid token for ${hostUrl}: not expired, not revoked, and created on that server (a SonarCloud token does not work on SonarQube, nor the reverse).`;
    case 403:
      return `Check that the token's user has the ${permission} permission on ${project(context)}.`;
    case 404:
      return endpoint === 'api/ce/task'
        ? `Check that input 'host-url' (${hostUrl}) is the server the scanner submitted to and that the report-task file is the one this job's scan wrote (the server forgets old tasks); the token must also see ${project(context)}.`
        : `Check ${project(context)} (key and organization) and input 'host-url' (${hostUrl}).`;
    default:
      return `Check input 'host-url' (${hostUrl}) and the report-task file.`;
  }
}

export function createSonarClient(options: SonarClientOptions): SonarClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const retries = options.retries ?? 5;
  const backoff = defaultBackoff({
    baseMs: options.baseDelayMs ?? 1000,
    maxMs: options.maxDelayMs ?? 15_000,
    sleep: options.sleep,
    ...(options.random && { random: options.random }),
  });
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const context = options.context ?? {};
  const log = options.log ?? (() => {});

  /** One attempt: retryable failures are thrown as SonarApiError, the rest wrapped in AbortError. */
  async function attempt<S extends z.ZodType>(endpoint: Endpoint, url: URL, schema: S): Promise<z.infer<S>> {
    const what = `GET ${endpoint}?${url.searchParams}`;
    let response: Response;
    let body: string;
    try {
      response = await fetchImpl(url, {
        headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(requestTimeout),
      });
      body = await response.text();
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new SonarApiError(`${what} could not reach ${options.hostUrl}: ${cause}`, undefined, true);
    }
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if (response.status >= 500 || response.status === 429) {
      throw new SonarApiError(`${what} answered ${status}${quoteErrorBody(body)}`, response.status, true);
    }
    if (!response.ok) {
      const message = `${what} answered ${status}${quoteErrorBody(body)}. ${hint(response.status, endpoint, options.hostUrl, context)}`;
      throw new AbortError(new SonarApiError(message, response.status, false));
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new AbortError(
        new SonarApiError(
          `${what} answered ${status} with a body that is not JSON${quoteErrorBody(body)}. Check that input 'host-url' (${options.hostUrl}) is a SonarCloud or SonarQube server.`,
          response.status,
          false,
        ),
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AbortError(
        new SonarApiError(
          `${what} answered ${status} with an unexpected body (${issue?.path.join('.') || 'body'}: ${issue?.message}). Check that input 'host-url' (${options.hostUrl}) is a SonarCloud or SonarQube server.`,
          response.status,
          false,
        ),
      );
    }
    return parsed.data;
  }

  async function get<S extends z.ZodType>(
    endpoint: Endpoint,
    params: Record<string, string>,
    schema: S,
  ): Promise<z.infer<S>> {
    const url = new URL(`${options.hostUrl}/${endpoint}`);
    url.search = new URLSearchParams(params).toString();
    let attempts = 0;
    try {
      return await withRetries(
        () => {
          attempts++;
          return attempt(endpoint, url, schema);
        },
        {
          retries,
          isRetryable: (error) => error instanceof SonarApiError && error.retryable,
          backoff,
          onRetry: (error, retry, delay) =>
            log(
              `${(error as Error).message}; retrying in ${(delay / 1000).toFixed(1)} s (retries left: ${retries - retry + 1})`,
            ),
        },
      );
    } catch (error) {
      if (error instanceof SonarApiError && error.retryable) {
        const check =
          error.status === undefined
            ? `Check input 'host-url' (${options.hostUrl}) and the runner's network access.`
            : 'The server is failing: check its status page or health, then re-run the job.';
        throw new SonarApiError(
          `${error.message} (gave up after ${attempts} attempts). ${check}`,
          error.status,
          true,
        );
      }
      throw error;
    }
  }

  return {
    getTask: async (taskId) => (await get('api/ce/task', { id: taskId }, ceTaskResponse)).task,
    getProjectStatus: async (analysisId) =>
      (await get('api/qualitygates/project_status', { analysisId }, projectStatusResponse)).projectStatus,
  };
}
