// Parses every input once, before any file or network access, into one readonly settings object.
import { isAbsolute, resolve } from 'node:path';
import * as core from '@actions/core';
import { InputError, type InputReader, integerInput, requiredInput, runnerInputs } from '../../lib/inputs.js';

/** The action's settings, validated. */
export interface Settings {
  /** Sent only to `hostUrl`, as `Authorization: Bearer …`; masked in the log. */
  readonly token: string;
  /** Server base URL without a trailing slash, e.g. `https://sonarcloud.io` or `https://host/sonarqube`. */
  readonly hostUrl: string;
  /** Absolute path of report-task.txt. */
  readonly reportTaskFile: string;
  /** @defaultValue 300 */
  readonly timeoutSeconds: number;
  /** @defaultValue 5 */
  readonly pollIntervalSeconds: number;
}

const DEFAULT_HOST = 'https://sonarcloud.io';

/**
 * Normalises a server base URL: http(s) only, no credentials, query or fragment; trailing slashes
 * dropped so `${base}/api/…` is well formed. Throws an InputError naming `input`.
 */
export function parseHostUrl(input: string, raw: string): string {
  const expected = 'an http(s) URL of a SonarCloud or SonarQube server, such as https://sonarcloud.io';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(input, expected, raw);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError(input, expected, raw);
  if (url.username !== '' || url.password !== '') {
    // Never echo the value back: it holds credentials.
    throw new InputError(input, `${expected}, without credentials (pass the token in 'token')`, '<redacted>');
  }
  if (url.search !== '' || url.hash !== '') throw new InputError(input, `${expected}, without ? or #`, raw);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Reads and validates the inputs; masks the token first of all. Relative paths resolve against `workspace`. */
export function readSettings(
  read: InputReader = runnerInputs,
  workspace = process.env.GITHUB_WORKSPACE ?? process.cwd(),
): Settings {
  const rawToken = read('token');
  if (rawToken !== '') core.setSecret(rawToken);
  const tokenExpected = 'a SonarCloud or SonarQube token (for example secrets.SONAR_TOKEN)';
  const token = requiredInput(read, 'token', tokenExpected);
  // An HTTP header cannot carry spaces or control characters; say so without echoing the secret.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InputError('token', `${tokenExpected} of printable characters without spaces`, '<redacted>');
  }
  const hostUrl = parseHostUrl('host-url', read('host-url') || DEFAULT_HOST);
  const file = read('report-task-file') || '.scannerwork/report-task.txt';
  return {
    token,
    hostUrl,
    reportTaskFile: isAbsolute(file) ? file : resolve(workspace, file),
    timeoutSeconds: integerInput(read, 'timeout-seconds', 300, 1, 21_600),
    pollIntervalSeconds: integerInput(read, 'poll-interval-seconds', 5, 1, 600),
  };
}
