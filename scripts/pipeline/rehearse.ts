// `npm run pipeline -- pr | main | release vX.Y.Z | all vX.Y.Z [options]`: rehearses a workflow on this
// machine with the same action code, in the same order, with the inputs the workflow passes; `all` rehearses
// the three flows in turn (a pull request, its merge, its release), stopping at the first that fails. See
// workflows/README.md, "Rehearse locally".
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVICES, type Service } from '../../workflows/paths.js';
import { platform } from '../platform/platform.js';
import type { RehearsalOptions } from './context.js';
import { REPO_ROOT } from './environment.js';
import { rehearseMain } from './main-flow.js';
import { rehearsePr } from './pr-flow.js';
import { rehearseRelease } from './release-flow.js';

const USAGE = `usage: npm run pipeline -- pr | main | release vX.Y.Z | all vX.Y.Z [options]
  --commit REV      rehearse this commit (default HEAD; uncommitted changes are never part of it)
  --state DIR       registry, remote and checkouts (default .data/pipeline, or PIPELINE_STATE_DIR)
  --service NAME    main only: rehearse as if only these services changed (repeatable; ${SERVICES.join(', ')})
  --no-smoke        leave out the podman run of the built images
  --repository O/R  the GITHUB_REPOSITORY to pose as (default init.values.json's repository)`;

function usage(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      state: { type: 'string' },
      'no-smoke': { type: 'boolean', default: false },
      repository: { type: 'string' },
      commit: { type: 'string' },
      service: { type: 'string', multiple: true },
    },
    allowPositionals: true,
  });
}
try {
  parsed = parse();
} catch (error) {
  usage((error as Error).message);
}
const { values, positionals } = parsed;
const [flow, version, ...rest] = positionals;
const services = values.service?.map((name) =>
  (SERVICES as readonly string[]).includes(name)
    ? (name as Service)
    : usage(`--service ${name}: not a service`),
);
const options: RehearsalOptions = {
  stateDir: values.state ?? process.env.PIPELINE_STATE_DIR ?? join(REPO_ROOT, '.data', 'pipeline'),
  repository: values.repository ?? process.env.PIPELINE_REPOSITORY ?? platform(REPO_ROOT).repository,
  smoke: !values['no-smoke'],
  write: (line) => console.log(line),
  ...(values.commit !== undefined && { commit: values.commit }),
};

let ok: boolean;
if (flow === 'all' && version !== undefined && rest.length === 0 && !services) {
  const started = performance.now();
  ok =
    (await rehearsePr(options)).ok &&
    (await rehearseMain(options)).ok &&
    (await rehearseRelease({ ...options, tag: version })).ok;
  console.log(
    `\n${ok ? 'pr, main and release' : 'The rehearsal'} ${ok ? 'passed' : 'failed'} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} else if (flow === 'main' && version === undefined)
  ok = (await rehearseMain({ ...options, ...(services && { services }) })).ok;
else if (flow === 'pr' && version === undefined && !services) ok = (await rehearsePr(options)).ok;
else if (flow === 'release' && version !== undefined && rest.length === 0 && !services)
  ok = (await rehearseRelease({ ...options, tag: version })).ok;
else usage(`unknown arguments: ${positionals.join(' ') || '(none)'}`);
process.exitCode = ok ? 0 : 1;
