// Reads the report-task.txt file a Sonar scanner writes after it submits an analysis.
import { readFile } from 'node:fs/promises';
import { parseProperties } from './properties.js';

/** What the scanner recorded about the analysis it submitted. */
export interface ReportTask {
  /** The background (Compute Engine) task that processes the analysis: `api/ce/task?id=…`. */
  readonly ceTaskId: string;
  readonly projectKey?: string;
  /** The server the scanner talked to (its `sonar.host.url`). */
  readonly serverUrl?: string;
  readonly serverVersion?: string;
  /** The project's dashboard, with `&branch=` or `&pullRequest=` when the analysis was of one. */
  readonly dashboardUrl?: string;
  readonly ceTaskUrl?: string;
  /** SonarCloud only. */
  readonly organization?: string;
}

/** The report-task file is missing or does not describe a submitted analysis. */
export class ReportTaskError extends Error {
  override readonly name = 'ReportTaskError';
}

const HINT =
  "Run the SonarCloud/SonarQube scanner in an earlier step of this job and point 'report-task-file' at the report-task.txt it writes";

/** Turns report-task.txt text into a ReportTask; `file` only names the file in errors. */
export function parseReportTask(text: string, file: string): ReportTask {
  const props = parseProperties(text);
  const value = (key: string) => {
    const v = props.get(key)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const ceTaskId = value('ceTaskId');
  if (ceTaskId === undefined) {
    throw new ReportTaskError(
      `${file} has no ceTaskId, so it does not describe a submitted analysis. ${HINT} (input 'report-task-file').`,
    );
  }
  const optional: Array<[keyof ReportTask, string | undefined]> = [
    ['projectKey', value('projectKey')],
    ['serverUrl', value('serverUrl')],
    ['serverVersion', value('serverVersion')],
    ['dashboardUrl', value('dashboardUrl')],
    ['ceTaskUrl', value('ceTaskUrl')],
    ['organization', value('organization')],
  ];
  return {
    ceTaskId,
    ...Object.fromEntries(optional.filter(([, v]) => v !== undefined)),
  } as ReportTask;
}

/** Reads and parses the file; a missing file is a ReportTaskError that says to run the scanner first. */
export async function readReportTask(path: string): Promise<ReportTask> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ReportTaskError(`No report-task file at ${path} (input 'report-task-file'). ${HINT}.`);
    }
    throw new ReportTaskError(
      `Cannot read the report-task file ${path} (input 'report-task-file'): ${(error as Error).message}`,
    );
  }
  return parseReportTask(text, path);
}

/** `scheme://host[:port]/path` without trailing slashes, for comparing server URLs. */
function normalizeServerUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * The token goes only to `host-url`, never to a URL read from a file. When the file names another
 * server the task would not be found there, so say so before sending anything.
 */
export function assertSameServer(report: ReportTask, hostUrl: string, file: string): void {
  if (report.serverUrl === undefined) return;
  if (normalizeServerUrl(report.serverUrl) === hostUrl) return;
  throw new ReportTaskError(
    `The scanner submitted this analysis to ${report.serverUrl} (serverUrl in ${file}), but input 'host-url' is ${hostUrl}. Set 'host-url' to the server the scanner used (its sonar.host.url / SONAR_HOST_URL).`,
  );
}

/** The recorded dashboard when it is an http(s) URL on the host-url host (no credentials), else undefined. */
function recordedDashboard(recorded: string | undefined, hostUrl: string): string | undefined {
  if (recorded === undefined || !URL.canParse(recorded)) return undefined;
  const url = new URL(recorded);
  const host = new URL(hostUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.host !== host.host || url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

/**
 * The dashboard the scanner recorded, if it is an http(s) URL on the host-url host (the file is not
 * trusted: it goes into the summary's link and the dashboard-url output); else the project's dashboard
 * on host-url; else host-url.
 */
export function dashboardUrlOf(report: ReportTask, hostUrl: string): string {
  const recorded = recordedDashboard(report.dashboardUrl, hostUrl);
  if (recorded !== undefined) return recorded;
  if (report.projectKey === undefined) return hostUrl;
  return `${hostUrl}/dashboard?id=${encodeURIComponent(report.projectKey)}`;
}
