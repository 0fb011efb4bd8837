// The inputs that describe what is built: `service` and `port` (docker's build arguments, bundle's
// port), and bundle's `entry` and `include`, each a path that must stay inside `working-directory`.
import { statSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { InputError, type InputReader, parseInteger, parseList } from '../../lib/inputs.js';
import { BUNDLE_MAIN } from './bundle/node-bundle.js';
import type { Settings } from './inputs.js';

/** Whether `path` exists as that kind (links followed). */
export function isKind(path: string, kind: 'directory' | 'file'): boolean {
  const stats = statSync(path, { throwIfNoEntry: false });
  return kind === 'directory' ? stats?.isDirectory() === true : stats?.isFile() === true;
}

const SERVICE_NAME = /^[a-z0-9][a-z0-9._-]*$/;
const PORT_RANGE = [1, 65_535] as const;

/**
 * `service` and `port`. docker passes them to the Dockerfile as SERVICE and PORT; bundle requires the
 * port and has no use for a service name (it is told the folder, entry and files instead).
 */
export function parseService(read: InputReader, bundle: boolean): Pick<Settings, 'service' | 'port'> {
  const service = read('service');
  if (service !== '' && bundle) {
    throw new InputError(
      'service',
      "empty with builder bundle (service is the docker builder's SERVICE build argument; bundle takes " +
        'working-directory, entry, port and include)',
      service,
    );
  }
  if (service !== '' && !SERVICE_NAME.test(service)) {
    throw new InputError('service', 'a name of [a-z0-9._-] such as inventory', service);
  }
  const portValue = read('port');
  const [min, max] = PORT_RANGE;
  if (portValue === '' && bundle) {
    throw new InputError(
      'port',
      `with builder bundle, the port the service listens on: an integer from ${min} to ${max}`,
    );
  }
  const port = portValue === '' ? undefined : parseInteger('port', portValue, 0, min, max);
  return { service: service === '' ? undefined : service, port };
}

const ENTRY_FILE = /\.(?:[mc]?ts|[mc]?js)$/;

/**
 * A path inside the working directory, as written (relative, no `..` out of it, no option-like dash),
 * that exists as the given kind. `root` is the working directory, absolute.
 */
function insidePath(
  name: string,
  value: string,
  root: string,
  expected: string,
  ok: (path: string) => boolean,
): string {
  const clean = normalize(value).replace(/[\\/]+$/, '');
  const escapes = isAbsolute(value) || clean === '..' || clean.startsWith(`..${sep}`) || clean === '.';
  if (escapes || value.startsWith('-') || !ok(join(root, clean))) {
    throw new InputError(name, `${expected}, relative to working-directory (${root}) and inside it`, value);
  }
  return clean.split(sep).join('/');
}

/** `entry` and `include`: bundle requires the entry; docker takes neither (its Dockerfile decides). */
export function parseSource(
  read: InputReader,
  bundle: boolean,
  root: string,
): Pick<Settings, 'entry' | 'include'> {
  const entryValue = read('entry');
  const includeValue = read('include');
  if (!bundle) {
    const given = entryValue !== '' ? 'entry' : includeValue !== '' ? 'include' : undefined;
    if (given)
      throw new InputError(
        given,
        'empty with builder docker (the Dockerfile decides what is built)',
        read(given),
      );
    return { entry: undefined, include: [] };
  }
  const expectedEntry = 'an existing TypeScript or JavaScript file (.ts, .mts, .cts, .js, .mjs, .cjs)';
  if (entryValue === '')
    throw new InputError('entry', `with builder bundle, ${expectedEntry}, e.g. src/main.ts`);
  const entry = insidePath(
    'entry',
    entryValue,
    root,
    expectedEntry,
    (path) => ENTRY_FILE.test(path) && isKind(path, 'file'),
  );
  const include: string[] = [];
  for (const item of new Set(parseList(includeValue))) {
    const path = insidePath(
      'include',
      item,
      root,
      'existing files or folders',
      (p) => isKind(p, 'file') || isKind(p, 'directory'),
    );
    const top = path.split('/')[0];
    if (top === BUNDLE_MAIN || top === `${BUNDLE_MAIN}.map`) {
      throw new InputError(
        'include',
        `paths other than ${BUNDLE_MAIN} and ${BUNDLE_MAIN}.map (the bundle's own)`,
        item,
      );
    }
    include.push(path);
  }
  return { entry, include };
}
