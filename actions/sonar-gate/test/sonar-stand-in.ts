// A stand-in for the two SonarCloud/SonarQube Web API endpoints the action calls, on 127.0.0.1.
// SonarCloud cannot run here; this follows the documented responses and errors instead:
//   GET api/ce/task?id=…                           → {task:{id,type,componentKey,status,analysisId?,errorMessage?,…}}
//   GET api/qualitygates/project_status?analysisId= → {projectStatus:{status,conditions[],ignoredConditions,period?}}
//   no credentials → 401 {"errors":[{"msg":"Authentication is required"}]}; a wrong token → 401, empty body;
//   a token without permission → 403 {"errors":[{"msg":"Insufficient privileges"}]};
//   unknown task → 404 {"errors":[{"msg":"No activity found for task '…'"}]}.
// Both `Authorization: Bearer <token>` and Basic `<token>:` are accepted, as by SonarQube ≥ 10 and SonarCloud.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../test/helpers/loopback-server.js';

type TaskStatus = 'PENDING' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILED' | 'CANCELED';

/** One analysis task: successive GETs walk through `statuses`, then repeat the last. */
export interface StandInTask {
  readonly statuses: readonly TaskStatus[];
  readonly componentKey: string;
  readonly analysisId?: string;
  readonly errorMessage?: string;
}

export interface StandInCondition {
  status: 'OK' | 'WARN' | 'ERROR';
  metricKey: string;
  comparator: 'GT' | 'LT';
  periodIndex?: number;
  errorThreshold: string;
  actualValue: string;
}

export interface StandInGate {
  status: 'OK' | 'WARN' | 'ERROR' | 'NONE';
  conditions: StandInCondition[];
  ignoredConditions?: boolean;
}

export interface RecordedRequest {
  readonly path: string;
  readonly query: string;
  readonly authorization: string | undefined;
}

export interface SonarStandIn {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly tasks: Map<string, StandInTask>;
  /** Gates by analysis id. */
  readonly gates: Map<string, StandInGate>;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** The next `count` requests to `path` answer `status` (503 by default) with an HTML body. */
  failNext(path: string, count: number, status?: number): void;
  /** The next `count` requests to `path` have their connection destroyed (a network error). */
  dropNext(path: string, count: number): void;
  /** The next `count` requests to `path` never get an answer (until close). */
  hangNext(path: string, count: number): void;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** Tokens that may read everything. */
  readonly tokens: readonly string[];
  /** Tokens that authenticate but lack the permission ('Browse' / 'Execute Analysis'). */
  readonly forbiddenTokens?: readonly string[];
  readonly organization?: string;
}

function send(res: ServerResponse, status: number, body?: unknown): ServerResponse {
  const text = body === undefined ? '' : JSON.stringify(body);
  return res.writeHead(status, { 'content-type': 'application/json' }).end(text);
}

const errors = (msg: string) => ({ errors: [{ msg }] });

/** The token of a Bearer or Basic (`token:`) header; undefined when there is none. */
function tokenOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const bearer = /^Bearer (.+)$/.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic (.+)$/.exec(header);
  if (basic)
    return Buffer.from(basic[1] as string, 'base64')
      .toString('utf8')
      .replace(/:$/, '');
  return '';
}

export async function startSonarStandIn(options: StandInOptions): Promise<SonarStandIn> {
  const tasks = new Map<string, StandInTask>();
  const gates = new Map<string, StandInGate>();
  const polls = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, { count: number; status: number }>();
  const drops = new Map<string, number>();
  const hangs = new Map<string, number>();
  const organization = options.organization ?? 'acme';

  function handle(req: IncomingMessage, res: ServerResponse): ServerResponse {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    requests.push({ path: url.pathname, query: url.search, authorization: req.headers.authorization });
    const drop = drops.get(url.pathname) ?? 0;
    if (drop > 0) {
      drops.set(url.pathname, drop - 1);
      req.socket.destroy();
      return res;
    }
    const hang = hangs.get(url.pathname) ?? 0;
    if (hang > 0) {
      hangs.set(url.pathname, hang - 1);
      return res;
    }
    const failure = failures.get(url.pathname);
    if (failure && failure.count > 0) {
      failure.count--;
      res.writeHead(failure.status, { 'content-type': 'text/html' });
      return res.end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
    }
    if (req.method !== 'GET') return send(res, 405, errors(`HTTP method ${req.method} is not allowed`));

    const token = tokenOf(req.headers.authorization);
    if (token === undefined) return send(res, 401, errors('Authentication is required'));
    const forbidden = options.forbiddenTokens?.includes(token) ?? false;
    if (!options.tokens.includes(token) && !forbidden) return send(res, 401);

    if (url.pathname === '/api/ce/task') {
      const id = url.searchParams.get('id');
      if (!id) return send(res, 400, errors("The 'id' parameter is missing"));
      const task = tasks.get(id);
      if (!task) return send(res, 404, errors(`No activity found for task '${id}'`));
      if (forbidden) return send(res, 403, errors('Insufficient privileges'));
      const poll = polls.get(id) ?? 0;
      polls.set(id, poll + 1);
      const status = task.statuses[Math.min(poll, task.statuses.length - 1)] as TaskStatus;
      const done = status === 'SUCCESS' || status === 'FAILED' || status === 'CANCELED';
      return send(res, 200, {
        task: {
          organization,
          id,
          type: 'REPORT',
          componentId: 'AZ-component',
          componentKey: task.componentKey,
          componentName: task.componentKey,
          componentQualifier: 'TRK',
          status,
          submittedAt: '2026-11-23T22:00:00+0000',
          ...(done && { executedAt: '2026-11-23T22:00:07+0000', executionTimeMs: 7000 }),
          ...(status === 'SUCCESS' && task.analysisId !== undefined && { analysisId: task.analysisId }),
          ...(status === 'FAILED' && task.errorMessage !== undefined && { errorMessage: task.errorMessage }),
          logs: false,
          hasScannerContext: true,
          warningCount: 0,
          warnings: [],
        },
      });
    }
    if (url.pathname === '/api/qualitygates/project_status') {
      const analysisId = url.searchParams.get('analysisId');
      if (!analysisId) {
        return send(res, 400, errors("Either 'analysisId', 'projectId' or 'projectKey' must be provided"));
      }
      const gate = gates.get(analysisId);
      if (!gate) return send(res, 404, errors(`Analysis with id '${analysisId}' is not found`));
      if (forbidden) return send(res, 403, errors('Insufficient privileges'));
      return send(res, 200, {
        projectStatus: {
          status: gate.status,
          conditions: gate.conditions,
          ignoredConditions: gate.ignoredConditions ?? false,
          period: { mode: 'previous_version', date: '2026-11-01T10:00:00+0000' },
        },
      });
    }
    return send(res, 404, errors(`Unknown url : ${url.pathname}`));
  }

  const server = createServer(handle);
  const { url, close } = await listenOnLoopback(server);
  return {
    url,
    tasks,
    gates,
    requests,
    failNext: (path, count, status = 503) => failures.set(path, { count, status }),
    dropNext: (path, count) => drops.set(path, count),
    hangNext: (path, count) => hangs.set(path, count),
    close,
  };
}
