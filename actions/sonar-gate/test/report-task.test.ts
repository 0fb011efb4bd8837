import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseProperties } from '../src/properties.js';
import {
  assertSameServer,
  dashboardUrlOf,
  parseReportTask,
  ReportTaskError,
  readReportTask,
} from '../src/report-task.js';

// The shape sonar-scanner writes to .scannerwork/report-task.txt for a SonarCloud pull request analysis.
const SONARCLOUD_REPORT = [
  'organization=acme',
  'projectKey=acme_delivery-platform',
  'serverUrl=https://sonarcloud.io',
  'serverVersion=8.0.0.65411',
  'dashboardUrl=https://sonarcloud.io/dashboard?id=acme_delivery-platform&pullRequest=42',
  'ceTaskId=AZNm1TkUXc2Yq1xkh0Ab',
  'ceTaskUrl=https://sonarcloud.io/api/ce/task?id=AZNm1TkUXc2Yq1xkh0Ab',
  '',
].join('\n');

describe('parseProperties', () => {
  it('reads key=value lines and keeps every "=" after the first in the value', () => {
    const props = parseProperties(SONARCLOUD_REPORT);
    expect(props.get('ceTaskUrl')).toBe('https://sonarcloud.io/api/ce/task?id=AZNm1TkUXc2Yq1xkh0Ab');
    expect(props.get('dashboardUrl')).toBe(
      'https://sonarcloud.io/dashboard?id=acme_delivery-platform&pullRequest=42',
    );
    expect(props.size).toBe(7);
  });

  it('accepts ":" and whitespace as separators, with whitespace around them', () => {
    const props = parseProperties('a = 1\nb:2\nc 3\n  d\t:\t4\ne\n');
    expect(Object.fromEntries(props)).toEqual({ a: '1', b: '2', c: '3', d: '4', e: '' });
  });

  it('skips # and ! comments and blank lines, with CRLF or CR line ends and a BOM', () => {
    const props = parseProperties(
      '\uFEFF# written by the scanner\r\n! legacy comment\r\n\r\nkey=value\rother=x',
    );
    expect(Object.fromEntries(props)).toEqual({ key: 'value', other: 'x' });
  });

  it('resolves escapes as Properties.store writes them (\\:, \\=, \\uXXXX, \\t, \\\\)', () => {
    const props = parseProperties('serverUrl=https\\://sonar.example.com\nmy\\ key\\=x=caf\\u00e9\\t\\\\\n');
    expect(props.get('serverUrl')).toBe('https://sonar.example.com');
    expect(props.get('my key=x')).toBe('café\t\\');
  });

  it('joins a line ending in an odd number of backslashes with the next, dropping its indentation', () => {
    const props = parseProperties('long=one, \\\n    two\neven=ends\\\\\nnext=1\n# not\\\ncomment=no');
    expect(props.get('long')).toBe('one, two');
    expect(props.get('even')).toBe('ends\\');
    expect(props.get('next')).toBe('1');
    expect(props.get('comment')).toBe('no');
  });

  it('keeps "#" inside a value and lets a later duplicate key win', () => {
    const props = parseProperties('k=a#b\nk=second\n');
    expect(props.get('k')).toBe('second');
    expect(parseProperties('k=a#b').get('k')).toBe('a#b');
  });
});

describe('parseReportTask', () => {
  it('returns the task id and the recorded project, server and dashboard', () => {
    expect(parseReportTask(SONARCLOUD_REPORT, 'report-task.txt')).toEqual({
      ceTaskId: 'AZNm1TkUXc2Yq1xkh0Ab',
      projectKey: 'acme_delivery-platform',
      serverUrl: 'https://sonarcloud.io',
      serverVersion: '8.0.0.65411',
      dashboardUrl: 'https://sonarcloud.io/dashboard?id=acme_delivery-platform&pullRequest=42',
      ceTaskUrl: 'https://sonarcloud.io/api/ce/task?id=AZNm1TkUXc2Yq1xkh0Ab',
      organization: 'acme',
    });
  });

  it('fails without a ceTaskId, saying to run the scanner first', () => {
    const text = 'projectKey=x\nserverUrl=https://sonarcloud.io\nceTaskId=  \n';
    expect(() => parseReportTask(text, 'r.txt')).toThrow(ReportTaskError);
    expect(() => parseReportTask(text, 'r.txt')).toThrow(
      /no ceTaskId.*Run the SonarCloud\/SonarQube scanner/,
    );
  });
});

describe('readReportTask', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-task-'));

  it('reads the file', async () => {
    const file = join(dir, 'report-task.txt');
    writeFileSync(file, SONARCLOUD_REPORT);
    await expect(readReportTask(file)).resolves.toMatchObject({ ceTaskId: 'AZNm1TkUXc2Yq1xkh0Ab' });
  });

  it('turns a missing file into an error naming the input and the scanner', async () => {
    const missing = join(dir, '.scannerwork', 'report-task.txt');
    await expect(readReportTask(missing)).rejects.toThrow(
      new RegExp(`No report-task file at ${missing} \\(input 'report-task-file'\\)\\. Run the .* scanner`),
    );
  });
});

describe('assertSameServer', () => {
  const report = parseReportTask(SONARCLOUD_REPORT, 'r.txt');

  it('accepts the same server, ignoring a trailing slash and host case', () => {
    expect(() => assertSameServer(report, 'https://sonarcloud.io', 'r.txt')).not.toThrow();
    expect(() =>
      assertSameServer({ ...report, serverUrl: 'https://SonarCloud.io/' }, 'https://sonarcloud.io', 'r.txt'),
    ).not.toThrow();
    expect(() => assertSameServer({ ceTaskId: 'x' }, 'https://sonar.example.com', 'r.txt')).not.toThrow();
  });

  it('refuses another server, naming both URLs and the host-url input', () => {
    expect(() => assertSameServer(report, 'https://sonar.example.com/sonarqube', 'r.txt')).toThrow(
      "The scanner submitted this analysis to https://sonarcloud.io (serverUrl in r.txt), but input 'host-url' is https://sonar.example.com/sonarqube.",
    );
  });
});

describe('dashboardUrlOf', () => {
  it('prefers the recorded dashboard, then the project on host-url, then host-url', () => {
    const host = 'https://sonar.example.com/sq';
    expect(
      dashboardUrlOf({ ceTaskId: 't', dashboardUrl: 'https://sonar.example.com/d/x', projectKey: 'p' }, host),
    ).toBe('https://sonar.example.com/d/x');
    // Another host in the file is not trusted (see summary-safety.test.ts).
    expect(dashboardUrlOf({ ceTaskId: 't', dashboardUrl: 'https://d/x', projectKey: 'p' }, host)).toBe(
      `${host}/dashboard?id=p`,
    );
    expect(dashboardUrlOf({ ceTaskId: 't', projectKey: 'org:app' }, host)).toBe(
      `${host}/dashboard?id=org%3Aapp`,
    );
    expect(dashboardUrlOf({ ceTaskId: 't' }, host)).toBe(host);
  });
});
