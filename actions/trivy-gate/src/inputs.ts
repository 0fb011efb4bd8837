// All inputs, parsed and checked once, before the scan runs or anything is written.
import { existsSync, statSync } from 'node:fs';
import {
  booleanInput,
  InputError,
  type InputReader,
  optionalInput,
  parseList,
  runnerInputs,
} from '../../lib/inputs.js';
import { SEVERITIES, type Severity } from './report.js';

/** The ignore file used when the input is left at its default; its absence is fine. */
export const DEFAULT_IGNORE_FILE = '.trivyignore';

/** Where the findings come from: a scan of an image, or a report written earlier. */
export type Source = { kind: 'image'; ref: string } | { kind: 'report'; path: string };

/** The action's settings, from its inputs. */
export interface Settings {
  readonly source: Source;
  /** Severities that block, in Trivy's order (lowest first). @defaultValue `['CRITICAL']` */
  readonly severities: readonly Severity[];
  /** @defaultValue false */
  readonly ignoreUnfixed: boolean;
  /** The ignore file; `required` is false for the default path, whose absence is fine. Undefined when set to ''. */
  readonly ignoreFile: { readonly path: string; readonly required: boolean } | undefined;
  readonly sarifOutput: string | undefined;
  /** @defaultValue true */
  readonly fail: boolean;
}

// The distribution reference grammar (host[:port]/path[:tag][@digest]), so a value starting with '-' can never
// reach Trivy as an option.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DOMAIN = `(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE_REF = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);

/** True for an image reference Trivy can pull, e.g. `alpine:3.10` or `localhost:5000/app@sha256:…`. */
export const isImageRef = (value: string): boolean => IMAGE_REF.test(value);

function readSource(read: InputReader): Source {
  const image = optionalInput(read, 'image-ref');
  const report = optionalInput(read, 'report');
  if (image !== undefined && report !== undefined) {
    throw new InputError('image-ref', "either 'image-ref' or 'report', not both", image);
  }
  if (image !== undefined) {
    if (!isImageRef(image)) {
      throw new InputError(
        'image-ref',
        'an image reference such as registry.example.com/team/app@sha256:…',
        image,
      );
    }
    return { kind: 'image', ref: image };
  }
  if (report !== undefined) {
    if (!existsSync(report) || !statSync(report).isFile()) {
      throw new InputError('report', 'the path of an existing Trivy JSON report file', report);
    }
    return { kind: 'report', path: report };
  }
  throw new InputError(
    'image-ref',
    "an image reference to scan, or 'report' set to an existing Trivy JSON report",
  );
}

/** Parses a `severity` value: a comma or line separated list of Trivy severities, any case. */
export function parseSeverities(raw: string): Severity[] {
  const expected = `a comma-separated list of ${SEVERITIES.join(', ')}`;
  const items = parseList(raw === '' ? 'CRITICAL' : raw).map((item) => item.toUpperCase());
  if (items.length === 0) throw new InputError('severity', expected, raw);
  for (const item of items) {
    if (!(SEVERITIES as readonly string[]).includes(item)) throw new InputError('severity', expected, raw);
  }
  return SEVERITIES.filter((s) => items.includes(s));
}

function readIgnoreFile(read: InputReader): Settings['ignoreFile'] {
  const path = read('ignore-file');
  if (path === '') return undefined;
  const required = path !== DEFAULT_IGNORE_FILE;
  if (/\.ya?ml$/i.test(path)) {
    throw new InputError(
      'ignore-file',
      "an ignore file in the plain .trivyignore format (Trivy's YAML form is not read)",
      path,
    );
  }
  if (existsSync(path) && !statSync(path).isFile()) {
    throw new InputError('ignore-file', 'the path of an ignore file in .trivyignore format', path);
  }
  if (required && !existsSync(path)) {
    throw new InputError('ignore-file', 'the path of an existing ignore file (it was set explicitly)', path);
  }
  return { path, required };
}

function readSarifOutput(read: InputReader): string | undefined {
  const path = optionalInput(read, 'sarif-output');
  if (path !== undefined && existsSync(path) && statSync(path).isDirectory()) {
    throw new InputError('sarif-output', 'a file path for the SARIF log, not a directory', path);
  }
  return path;
}

/** Reads and validates every input; throws an `InputError` naming the first bad one. */
export function readSettings(read: InputReader = runnerInputs): Settings {
  return {
    source: readSource(read),
    severities: parseSeverities(read('severity')),
    ignoreUnfixed: booleanInput(read, 'ignore-unfixed', false),
    ignoreFile: readIgnoreFile(read),
    sarifOutput: readSarifOutput(read),
    fail: booleanInput(read, 'fail', true),
  };
}
