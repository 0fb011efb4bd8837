// Steps and jobs more than one workflow uses.

import { upperSnake } from '../services/lib/catalogue/aws-env.js';
import type { Catalogue } from '../services/lib/catalogue/catalogue.js';
import type { Job, Step } from './model.js';
import { CATALOGUE, filtersOf, filtersYaml, imageLeg } from './paths.js';
import { PINS } from './pins.js';

export const RUNNER = 'ubuntu-24.04';

/** Same-repository pull request: the only kind that gets secrets (a fork's gets none). */
export const SAME_REPO_PR = 'github.event.pull_request.head.repo.full_name == github.repository';

/**
 * actions/checkout without leaving the token in .git/config: later steps (npm scripts, third-party actions)
 * cannot read it. Only the job that pushes the GitOps commit keeps it.
 */
export function checkout(
  options: { fetchDepth?: number; persistCredentials?: true; token?: string } = {},
): Step {
  return {
    name: 'Check out',
    uses: { pinned: PINS.checkout },
    with: {
      'persist-credentials': options.persistCredentials ?? false,
      ...(options.fetchDepth !== undefined && { 'fetch-depth': options.fetchDepth }),
      ...(options.token !== undefined && { token: options.token }),
    },
  };
}

/**
 * Node.js as `.node-version` pins it (the one version `.ci/run` installs too) and `npm ci`. `cache: false`
 * where a poisoned cache could reach a release; `ignoreScripts` where the job holds a write token in
 * .git/config (no dependency's install script runs beside it). Needs the checkout first (it reads the file).
 */
export function node(options: { cache: boolean; ignoreScripts?: boolean }): Step[] {
  return [
    {
      name: 'Set up Node.js',
      uses: { pinned: PINS.setupNode },
      // setup-node 5+ caches on its own when package.json names a packageManager: off means off.
      with: {
        'node-version-file': '.node-version',
        ...(options.cache ? { cache: 'npm' } : { 'package-manager-cache': false }),
      },
    },
    {
      name: 'Install dependencies',
      run: `npm ci --no-audit --no-fund${options.ignoreScripts ? ' --ignore-scripts' : ''}`,
    },
  ];
}

/** The Debian tools the tests and the GitOps validator drive for real (GitHub's runner lacks some). */
export function debianTools(packages: readonly string[]): Step {
  return {
    name: 'Install Debian tools',
    run: `sudo apt-get update -qq\nsudo apt-get install -y -qq --no-install-recommends ${packages.join(' ')}`,
  };
}

/** `needs.changes.outputs.<filter> == 'true'` */
export const changed = (filter: string) => `needs.changes.outputs.${filter} == 'true'`;

/** The event that stands for "every service changed": a manual run of main.yml rebuilds and redeploys all. */
export const EVERY_SERVICE_EVENT = 'workflow_dispatch';

/**
 * The path filters, computed once. Outputs: one 'true'/'false' per filter, `services`, the JSON list
 * of services whose image inputs changed, and `images`, the same services as image matrix legs
 * (`matrix.service`, `.directory`, `.entry`, `.port`, `.include`: paths.ts `imageLeg`). With
 * `dispatchBuildsAll`, a manual run (EVERY_SERVICE_EVENT) lists every service whatever the paths, and only
 * from main (the CI role trusts refs/heads/main only: say so before any login).
 */
export function changesJob(
  catalogue: Catalogue = CATALOGUE,
  options: { dispatchBuildsAll?: true } = {},
): Job {
  const SERVICES = catalogue.names;
  const serviceFlags = Object.fromEntries(
    SERVICES.map((s) => [upperSnake(s), `\${{ steps.filter.outputs.${s} }}`]),
  );
  return {
    name: 'Changes',
    'runs-on': RUNNER,
    'timeout-minutes': 5,
    permissions: { contents: 'read', 'pull-requests': 'read' },
    outputs: {
      ...Object.fromEntries(
        Object.keys(filtersOf(catalogue)).map((f) => [f, `\${{ steps.filter.outputs.${f} }}`]),
      ),
      services: '${{ steps.services.outputs.services }}',
      images: '${{ steps.services.outputs.images }}',
    },
    steps: [
      checkout(),
      {
        name: 'Filter paths',
        id: 'filter',
        ...(options.dispatchBuildsAll && { if: `github.event_name != '${EVERY_SERVICE_EVENT}'` }),
        uses: { pinned: PINS.pathsFilter },
        with: { filters: filtersYaml(catalogue) },
      },
      {
        name: 'List changed services',
        id: 'services',
        env: {
          ...serviceFlags,
          IMAGE_LEGS: JSON.stringify(Object.fromEntries(SERVICES.map((s) => [s, imageLeg(s, catalogue)]))),
        },
        run: [
          ...(options.dispatchBuildsAll ? everyServiceOnDispatch(SERVICES) : []),
          'services=()',
          ...SERVICES.map((s) => `if [ "$${upperSnake(s)}" = true ]; then services+=(${s}); fi`),
          `echo "services=$(jq -cn '$ARGS.positional' --args "\${services[@]}")" >> "$GITHUB_OUTPUT"`,
          `echo "images=$(jq -cn --argjson legs "$IMAGE_LEGS" '[$ARGS.positional[] | $legs[.]]' --args "\${services[@]}")" >> "$GITHUB_OUTPUT"`,
        ].join('\n'),
      },
    ],
  };
}

/** Bash: on a manual run, refuse any ref but main, then mark every service changed. */
function everyServiceOnDispatch(services: readonly string[]): string[] {
  return [
    `if [ "$GITHUB_EVENT_NAME" = ${EVERY_SERVICE_EVENT} ]; then`,
    '  if [ "$GITHUB_REF" != refs/heads/main ]; then',
    '    echo "::error title=Not main::a manual run builds and deploys every service from main only, not $GITHUB_REF"; exit 1',
    '  fi',
    '  echo "Manual run: every service is built and deployed, whatever changed."',
    ...services.map((s) => `  ${upperSnake(s)}=true`),
    'fi',
  ];
}

/** The id of {@link serviceBuild}'s step, by which the rehearsal finds and runs it. */
export const SERVICE_BUILD_ID = 'service-build';

/**
 * The service's own build script, in a job whose matrix is the changes job's `images` legs, before its
 * image is built: a web front end's `npm run build` writes the files its x-build.include ships; a service
 * without one skips it (`--if-present`). The rule services/build.mjs and `npm start` follow too.
 */
export function serviceBuild(): Step {
  return {
    name: "Run the service's build script",
    id: SERVICE_BUILD_ID,
    env: { SERVICE_DIRECTORY: '${{ matrix.directory }}' },
    run: 'npm run build --workspace "$SERVICE_DIRECTORY" --if-present',
  };
}

/** image-publish's bundle inputs in a job whose matrix is the changes job's `images` legs. */
export const BUNDLE_INPUTS = {
  'working-directory': '${{ matrix.directory }}',
  entry: '${{ matrix.entry }}',
  port: '${{ matrix.port }}',
  include: '${{ matrix.include }}',
} as const;

/**
 * The one check branch protection requires: it always runs, and fails when any job it waits for failed
 * or was cancelled (skipped jobs are fine: their paths did not change).
 */
export function summaryJob(needs: readonly string[]): Job {
  return {
    name: 'Summary',
    'runs-on': RUNNER,
    'timeout-minutes': 5,
    needs,
    if: 'always()',
    permissions: {},
    steps: [
      {
        name: 'Report every job',
        env: { RESULTS: '${{ toJSON(needs) }}' },
        run: [
          'echo "| job | result |" >> "$GITHUB_STEP_SUMMARY"',
          'echo "|---|---|" >> "$GITHUB_STEP_SUMMARY"',
          `echo "$RESULTS" | jq -r 'to_entries[] | "| \\(.key) | \\(.value.result) |"' >> "$GITHUB_STEP_SUMMARY"`,
          `failed=$(echo "$RESULTS" | jq -r '[to_entries[] | select(.value.result == "failure" or .value.result == "cancelled") | .key] | join(", ")')`,
          'if [ -n "$failed" ]; then echo "::error title=Checks failed::$failed"; exit 1; fi',
          'echo "Every job passed or was not needed."',
        ].join('\n'),
      },
    ],
  };
}
