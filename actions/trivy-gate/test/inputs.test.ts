// Input parsing: every bad input fails naming the input, before anything runs. Inputs are set as the runner
// sets them (INPUT_* variables), in a scratch working directory.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InputError } from '../../lib/inputs.js';
import { isImageRef, parseSeverities, readSettings } from '../src/inputs.js';

const NAMES = ['image-ref', 'report', 'severity', 'ignore-unfixed', 'ignore-file', 'sarif-output', 'fail'];
const envName = (name: string) => `INPUT_${name.toUpperCase()}`;
const cwd = process.cwd();
let dir = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trivy-gate-inputs-'));
  process.chdir(dir);
  writeFileSync('report.json', '{}');
});
afterEach(() => {
  process.chdir(cwd);
  for (const name of NAMES) delete process.env[envName(name)];
});

/** Sets inputs as the runner would, defaults from action.yml included. */
function inputs(values: Record<string, string>) {
  const defaults = {
    severity: 'CRITICAL',
    'ignore-unfixed': 'false',
    'ignore-file': '.trivyignore',
    fail: 'true',
  };
  for (const [name, value] of Object.entries({ ...defaults, ...values })) process.env[envName(name)] = value;
}

const failure = (): { input: string; message: string } => {
  try {
    readSettings();
  } catch (error) {
    if (error instanceof InputError) return { input: error.input, message: error.message };
    throw error;
  }
  throw new Error('expected an InputError');
};

describe('readSettings', () => {
  it('reads a report with the defaults', () => {
    inputs({ report: 'report.json' });
    expect(readSettings()).toEqual({
      source: { kind: 'report', path: 'report.json' },
      severities: ['CRITICAL'],
      ignoreUnfixed: false,
      ignoreFile: { path: '.trivyignore', required: false },
      sarifOutput: undefined,
      fail: true,
    });
  });

  it('reads an image reference and every option', () => {
    mkdirSync('sec');
    writeFileSync('sec/ignore', 'CVE-1\n');
    inputs({
      'image-ref': `localhost:5000/team/app@sha256:${'a'.repeat(64)}`,
      severity: 'high, critical',
      'ignore-unfixed': 'true',
      'ignore-file': 'sec/ignore',
      'sarif-output': 'out/trivy.sarif',
      fail: 'false',
    });
    expect(readSettings()).toEqual({
      source: { kind: 'image', ref: `localhost:5000/team/app@sha256:${'a'.repeat(64)}` },
      severities: ['HIGH', 'CRITICAL'],
      ignoreUnfixed: true,
      ignoreFile: { path: 'sec/ignore', required: true },
      sarifOutput: 'out/trivy.sarif',
      fail: false,
    });
  });

  it('reads an empty ignore-file as no ignore file', () => {
    inputs({ report: 'report.json', 'ignore-file': '' });
    expect(readSettings().ignoreFile).toBeUndefined();
  });

  it.each<[string, Record<string, string>, string, RegExp]>([
    ['both sources', { 'image-ref': 'alpine:3.10', report: 'report.json' }, 'image-ref', /not both/],
    ['neither source', {}, 'image-ref', /is required/],
    ['a missing report', { report: 'nope.json' }, 'report', /existing Trivy JSON report/],
    ['a report that is a folder', { report: '.' }, 'report', /existing Trivy JSON report/],
    ['an option as image', { 'image-ref': '--config=/etc/passwd' }, 'image-ref', /image reference/],
    [
      'an unknown severity',
      { report: 'report.json', severity: 'CRITICAL,SEVERE' },
      'severity',
      /UNKNOWN, LOW/,
    ],
    ['an empty severity list', { report: 'report.json', severity: ',' }, 'severity', /comma-separated/],
    ['a non-boolean fail', { report: 'report.json', fail: 'no' }, 'fail', /YAML boolean/],
    [
      'a non-boolean ignore-unfixed',
      { report: 'report.json', 'ignore-unfixed': 'yes' },
      'ignore-unfixed',
      /boolean/,
    ],
    [
      'a missing explicit ignore file',
      { report: 'report.json', 'ignore-file': 'x.ignore' },
      'ignore-file',
      /existing/,
    ],
    [
      'an ignore file that is a folder',
      { report: 'report.json', 'ignore-file': '.' },
      'ignore-file',
      /ignore file/,
    ],
    [
      'a sarif-output folder',
      { report: 'report.json', 'sarif-output': '.' },
      'sarif-output',
      /not a directory/,
    ],
  ])('rejects %s', (_, values, input, message) => {
    inputs(values);
    const error = failure();
    expect(error.input).toBe(input);
    expect(error.message).toMatch(message);
  });
});

describe('parseSeverities', () => {
  it('accepts any case and separator, and returns Trivy order without repeats', () => {
    expect(parseSeverities('critical,HIGH\nmedium, High')).toEqual(['MEDIUM', 'HIGH', 'CRITICAL']);
    expect(parseSeverities('')).toEqual(['CRITICAL']);
  });
});

describe('isImageRef', () => {
  it.each([
    'alpine',
    'alpine:3.10',
    'library/alpine:3.10',
    'ghcr.io/acme/app:sha-0123abc',
    'localhost:5000/app',
    '127.0.0.1:5000/team/app:1.2.3',
    `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:${'0'.repeat(64)}`,
    `registry.example.com/app:1.0@sha256:${'f'.repeat(64)}`,
  ])('accepts %s', (ref) => expect(isImageRef(ref)).toBe(true));

  it.each([
    '-q',
    '--help',
    'Alpine',
    'app:',
    'app@sha256:short',
    'a b',
    'app;rm -rf /',
    'app:tag\n--quiet',
    '',
  ])('rejects %j', (ref) => expect(isImageRef(ref)).toBe(false));
});
