// trivy-gate: read (or produce) a Trivy report, apply the ignores, count, summarise, and block when told to.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import * as exec from '@actions/exec';
import * as io from '@actions/io';
import { distinctIds, type Evaluation, evaluate } from './gate.js';
import { activeIgnores, type IgnoreEntry, parseIgnoreFile, utcDate } from './ignore-file.js';
import { readSettings, type Settings } from './inputs.js';
import { type Finding, parseReport, type Report } from './report.js';
import { buildSarif } from './sarif.js';
import { type ScanDeps, scanImage } from './scan.js';
import { writeSummary } from './summary.js';

/** What the action needs from the outside world; tests pass their own clock. */
export interface Deps extends ScanDeps {
  /** The current time; only its UTC date matters (ignore expiry). */
  now: () => Date;
}

export const defaultDeps: Deps = {
  now: () => new Date(),
  which: (tool) => io.which(tool, false),
  exec: async (command, args) => {
    const { exitCode, stderr } = await exec.getExecOutput(command, args, { ignoreReturnCode: true });
    return { exitCode, stderr };
  },
};

/** At most this many blocking IDs are named in the failure message; the summary's table has the first 100. */
const MAX_IDS = 30;

export async function run(deps: Deps = defaultDeps): Promise<void> {
  const settings = readSettings();
  const ignores = await readIgnores(settings.ignoreFile);
  const { active, expired } = activeIgnores(ignores, utcDate(deps.now()));
  if (expired.length > 0) {
    core.warning(
      `Expired entries in ${settings.ignoreFile?.path} no longer apply: ` +
        expired.map((x) => `${x.id} (exp:${x.expires}, line ${x.line})`).join(', '),
    );
  }

  const { source } = settings;
  const json =
    source.kind === 'report' ? await readFile(source.path, 'utf8') : await scanImage(source.ref, deps);
  const report = parseReport(
    json,
    source.kind === 'report' ? `input 'report' (${source.path})` : `the Trivy report of image ${source.ref}`,
  );
  const evaluation = evaluate(report.findings, {
    blockOn: new Set(settings.severities),
    ignoreUnfixed: settings.ignoreUnfixed,
    ignoredIds: active,
  });

  setOutputs(evaluation);
  if (settings.sarifOutput !== undefined)
    await writeSarifFile(settings.sarifOutput, evaluation.counted, report);
  const { blocking } = evaluation;
  const failed = blocking.length > 0 && settings.fail;
  const matched = new Set(evaluation.ignored.map((f) => f.id));
  await writeSummary({
    source,
    severities: settings.severities,
    evaluation,
    ignoreFile: settings.ignoreFile?.path,
    expired,
    unused: [...active].filter((id) => !matched.has(id)),
    failed,
  });

  const ids = distinctIds(blocking);
  const message =
    `${blocking.length} blocking vulnerabilities (severity ${settings.severities.join(', ')}): ` +
    `${ids.slice(0, MAX_IDS).join(', ')}${ids.length > MAX_IDS ? ` and ${ids.length - MAX_IDS} more` : ''}`;
  if (failed) throw new Error(`${message}. Upgrade the packages, or list accepted risks in the ignore file.`);
  if (blocking.length > 0) core.warning(`${message} (not failing: input 'fail' is false)`);
  else core.info(`No blocking vulnerabilities among ${evaluation.counted.length} counted findings.`);
}

function setOutputs({ counted, blocking, counts }: Evaluation): void {
  core.setOutput('total', counted.length);
  core.setOutput('blocking', blocking.length);
  core.setOutput('critical', counts.CRITICAL);
  core.setOutput('high', counts.HIGH);
  core.setOutput('medium', counts.MEDIUM);
  core.setOutput('low', counts.LOW);
}

async function readIgnores(file: Settings['ignoreFile']): Promise<IgnoreEntry[]> {
  if (file === undefined) return [];
  const text = await readFile(file.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    // The default file is optional (inputs.ts checked an explicit one exists).
    if (error.code === 'ENOENT' && !file.required) return '';
    throw error;
  });
  return parseIgnoreFile(text, `input 'ignore-file' (${file.path})`);
}

async function writeSarifFile(path: string, findings: readonly Finding[], report: Report): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(
    path,
    `${JSON.stringify(buildSarif(findings, { trivyVersion: report.trivyVersion }), null, 2)}\n`,
  );
}
