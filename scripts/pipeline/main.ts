// `npm run pipeline -- pr | main | release vX.Y.Z [--commit REV] [--state DIR] [--no-smoke]`: rehearses a workflow on this
// machine with the same action code, in the same order, with the inputs the workflow passes. See
// workflows/README.md, "Rehearse locally".
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RehearsalOptions } from './context.js';
import { REPO_ROOT } from './environment.js';
import { rehearseMain } from './main-flow.js';
import { rehearsePr } from './pr-flow.js';
import { rehearseRelease } from './release-flow.js';

// The AWS SDK (the smoke stage's SQS client) warns on Node 20 that it will need Node 22 in 2027: not news here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE =
  'usage: npm run pipeline -- pr | main | release vX.Y.Z [--commit REV] [--state DIR] [--no-smoke]';

const { values, positionals } = parseArgs({
  options: {
    state: { type: 'string' },
    'no-smoke': { type: 'boolean', default: false },
    repository: { type: 'string' },
    commit: { type: 'string' },
  },
  allowPositionals: true,
});
const [flow, version, ...rest] = positionals;
const options: RehearsalOptions = {
  stateDir: values.state ?? process.env.PIPELINE_STATE_DIR ?? join(REPO_ROOT, '.data', 'pipeline'),
  repository: values.repository ?? process.env.PIPELINE_REPOSITORY ?? 'local/delivery-platform',
  smoke: !values['no-smoke'],
  write: (line) => console.log(line),
  ...(values.commit !== undefined && { commit: values.commit }),
};

let ok: boolean;
if (flow === 'main' && version === undefined) ok = (await rehearseMain(options)).ok;
else if (flow === 'pr' && version === undefined) ok = (await rehearsePr(options)).ok;
else if (flow === 'release' && version !== undefined && rest.length === 0)
  ok = (await rehearseRelease({ ...options, tag: version })).ok;
else {
  console.error(USAGE);
  process.exit(2);
}
process.exitCode = ok ? 0 : 1;
