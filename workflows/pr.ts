// Pull request checks: only the changed parts run; `summary` always reports and is the required check.
import type { Job, Workflow } from './model.js';
import { PINS } from './pins.js';
import {
  BUNDLE_INPUTS,
  changed,
  changesJob,
  checkout,
  debianTools,
  node,
  RUNNER,
  SAME_REPO_PR,
  serviceBuild,
  summaryJob,
} from './steps.js';

const READ = { contents: 'read' } as const;

/** A checker's job may upload its findings to code scanning, which shows each on the changed line. */
const READ_AND_UPLOAD = {
  contents: 'read',
  'security-events': { write: "upload the checker's findings as SARIF to code scanning" },
} as const;

/**
 * Runs a checker (`npm run <script>`, which exits 1 on a finding) writing SARIF, then uploads the SARIF
 * even when it failed, so the findings show on the pull request's lines. A fork's token cannot upload.
 */
function checkerSteps(name: string, script: string, category: string): Job['steps'] {
  const file = `${category}.sarif`;
  return [
    { name, run: `npm run ${script} -- --format sarif --output ${file}` },
    {
      name: 'Upload the findings to code scanning',
      if: `!cancelled() && hashFiles('${file}') != '' && ${SAME_REPO_PR}`,
      uses: { pinned: PINS.uploadSarif },
      with: { sarif_file: file, category },
    },
  ];
}

const lint: Job = {
  name: 'Lint and type check',
  'runs-on': RUNNER,
  'timeout-minutes': 15,
  needs: ['changes'],
  if: changed('code'),
  permissions: READ,
  steps: [
    checkout(),
    ...node({ cache: true }),
    { name: 'Lint', run: 'npm run lint' },
    { name: 'Type check', run: 'npm run typecheck' },
  ],
};

const test: Job = {
  name: 'Tests with coverage',
  'runs-on': RUNNER,
  'timeout-minutes': 30,
  needs: ['changes'],
  if: changed('code'),
  permissions: READ,
  steps: [
    checkout(),
    ...node({ cache: true }),
    debianTools(['docker-registry', 'skopeo', 'umoci', 'podman', 'runc', 'prometheus', 'shellcheck']),
    { name: 'Set up Terraform', uses: { pinned: PINS.setupTerraform }, with: { terraform_wrapper: false } },
    {
      name: 'Start PostgreSQL (trust on loopback, as the tests expect)',
      run: [
        "sudo sed -i -E 's/^(host\\s+all\\s+all\\s+127\\.0\\.0\\.1\\/32\\s+)\\S+/\\1trust/' /etc/postgresql/*/main/pg_hba.conf",
        'sudo systemctl start postgresql.service',
        'pg_isready -h 127.0.0.1 -p 5432 -t 30',
      ].join('\n'),
    },
    {
      name: 'Test',
      run: 'npm test -- --coverage --coverageReporters=lcov --coverageReporters=text-summary',
      // The storefront's browser tests drive Chromium: Ubuntu ships it only as a snap, while the runner image
      // has Google Chrome installed (the same engine; .ci/run uses Debian's chromium).
      env: { CI: true, CHROMIUM_PATH: '/usr/bin/google-chrome' },
    },
    {
      name: 'Upload the coverage report',
      if: 'always()',
      uses: { pinned: PINS.uploadArtifact },
      with: { name: 'coverage', path: 'coverage/', 'retention-days': 7, 'if-no-files-found': 'error' },
    },
  ],
};

const dist: Job = {
  name: 'Action bundles up to date',
  'runs-on': RUNNER,
  'timeout-minutes': 10,
  needs: ['changes'],
  if: changed('actions'),
  permissions: READ,
  steps: [
    checkout(),
    ...node({ cache: true }),
    { name: 'Rebuild dist/', run: 'npm run build:actions' },
    {
      name: 'Fail on any difference',
      run: 'git diff --exit-code -- actions/*/dist || { echo "::error::dist/ is stale: run npm run build:actions and commit"; exit 1; }',
    },
  ],
};

const workflows: Job = {
  name: 'Workflows generated and lint-clean',
  'runs-on': RUNNER,
  'timeout-minutes': 10,
  needs: ['changes'],
  if: changed('workflows'),
  permissions: READ_AND_UPLOAD,
  steps: [
    checkout(),
    // Holds a write token (security-events): no dependency's install script runs beside it.
    ...node({ cache: true, ignoreScripts: true }),
    { name: 'No drift from the definitions', run: 'npm run workflows -- --check' },
    ...checkerSteps('actionlint and the security rules', 'lint:workflows', 'lint-workflows'),
  ],
};

const gitops: Job = {
  name: 'GitOps tree valid',
  'runs-on': RUNNER,
  'timeout-minutes': 10,
  needs: ['changes'],
  if: changed('gitops'),
  permissions: READ_AND_UPLOAD,
  steps: [
    checkout(),
    // Holds a write token (security-events): no dependency's install script runs beside it.
    ...node({ cache: true, ignoreScripts: true }),
    debianTools(['prometheus']),
    ...checkerSteps('Validate every overlay', 'validate:gitops', 'validate-gitops'),
  ],
};

const terraform: Job = {
  name: 'Terraform checks',
  'runs-on': RUNNER,
  'timeout-minutes': 10,
  needs: ['changes'],
  if: changed('terraform'),
  permissions: READ_AND_UPLOAD,
  steps: [
    checkout(),
    // Holds a write token (security-events): no dependency's install script runs beside it.
    ...node({ cache: true, ignoreScripts: true }),
    { name: 'Set up Terraform', uses: { pinned: PINS.setupTerraform }, with: { terraform_wrapper: false } },
    ...checkerSteps('Format and policy checks', 'check:terraform', 'check-terraform'),
  ],
};

/**
 * Bash: which SonarCloud settings are missing. None: `configured=true` with the organization and project key
 * as outputs. Any: a notice naming them and `configured=false`, so the scan and the gate are skipped, not red.
 */
export const SONAR_CONFIGURED = [
  'missing=()',
  '[ -n "$SONAR_TOKEN" ] || missing+=(secrets.SONAR_TOKEN)',
  '[ -n "$SONAR_ORGANIZATION" ] || missing+=(vars.SONAR_ORGANIZATION)',
  '[ -n "$SONAR_PROJECT_KEY" ] || missing+=(vars.SONAR_PROJECT_KEY)',
  'if [ "${#missing[@]}" -gt 0 ]; then',
  '  echo "::notice title=SonarCloud skipped::not configured (${missing[*]} not set): the scan and its quality gate did not run. See the README (Pull request) to set it up."',
  '  echo "configured=false" >> "$GITHUB_OUTPUT"',
  '  exit 0',
  'fi',
  '{',
  '  echo "configured=true"',
  '  echo "organization=$SONAR_ORGANIZATION"',
  '  echo "project-key=$SONAR_PROJECT_KEY"',
  '} >> "$GITHUB_OUTPUT"',
].join('\n');

/** The SonarCloud steps run for a same-repository pull request of a repository that set SonarCloud up. */
export const SONAR_ON = `${SAME_REPO_PR} && steps.sonar-config.outputs.configured == 'true'`;

const sonar: Job = {
  name: 'SonarCloud quality gate',
  'runs-on': RUNNER,
  'timeout-minutes': 20,
  needs: ['changes', 'test'],
  if: changed('code'),
  permissions: READ,
  steps: [
    {
      name: 'Fork pull request: no secrets, so no SonarCloud',
      if: `!(${SAME_REPO_PR})`,
      run: 'echo "::notice title=SonarCloud skipped::Pull requests from forks get no secrets, so the SonarCloud scan and its quality gate did not run. A maintainer can push the branch to this repository to run them."',
    },
    {
      // A fork of this repository may have no SonarCloud project yet: a notice, not a red check.
      name: 'SonarCloud configured?',
      id: 'sonar-config',
      if: SAME_REPO_PR,
      env: {
        SONAR_TOKEN: '${{ secrets.SONAR_TOKEN }}',
        SONAR_ORGANIZATION: "${{ vars.SONAR_ORGANIZATION || '' }}",
        SONAR_PROJECT_KEY: "${{ vars.SONAR_PROJECT_KEY || '' }}",
      },
      run: SONAR_CONFIGURED,
    },
    { ...checkout({ fetchDepth: 0 }), if: SONAR_ON },
    {
      name: 'Download the coverage report',
      if: SONAR_ON,
      uses: { pinned: PINS.downloadArtifact },
      with: { name: 'coverage', path: 'coverage/' },
    },
    {
      name: 'SonarCloud scan',
      if: SONAR_ON,
      uses: { pinned: PINS.sonarScan },
      env: { SONAR_TOKEN: '${{ secrets.SONAR_TOKEN }}' },
      with: {
        args: [
          '-Dsonar.organization=${{ steps.sonar-config.outputs.organization }}',
          '-Dsonar.projectKey=${{ steps.sonar-config.outputs.project-key }}',
          '-Dsonar.javascript.lcov.reportPaths=coverage/lcov.info',
        ].join(' '),
      },
    },
    {
      name: 'Quality gate',
      if: SONAR_ON,
      uses: { local: 'sonar-gate' },
      with: { token: '${{ secrets.SONAR_TOKEN }}' },
    },
  ],
};

export const images: Job = {
  name: 'Image ${{ matrix.service }}: build and scan (not published)',
  'runs-on': RUNNER,
  'timeout-minutes': 20,
  needs: ['changes'],
  if: "needs.changes.outputs.services != '[]'",
  permissions: READ,
  strategy: { matrix: { include: '${{ fromJSON(needs.changes.outputs.images) }}' }, 'fail-fast': false },
  env: { SCAN_REGISTRY: '127.0.0.1:5000' },
  steps: [
    checkout(),
    ...node({ cache: true }),
    serviceBuild(),
    { name: 'Set up Trivy', uses: { pinned: PINS.setupTrivy } },
    // Debian's registry starts on 127.0.0.1:5000 when installed: the image goes there, never to ECR.
    debianTools(['docker-registry']),
    {
      name: 'Build and push to the job-local registry',
      id: 'build',
      uses: { local: 'image-publish' },
      with: {
        image: '${{ env.SCAN_REGISTRY }}/${{ matrix.service }}',
        builder: 'bundle',
        base: '${{ vars.BASE_IMAGE }}',
        ...BUNDLE_INPUTS,
      },
    },
    {
      name: 'Vulnerability gate',
      uses: { local: 'trivy-gate' },
      env: { TRIVY_INSECURE: true },
      with: { 'image-ref': '${{ steps.build.outputs.image-ref }}' },
    },
  ],
};

const JOBS = { lint, test, dist, workflows, gitops, terraform, sonar, images };

export const pr: Workflow = {
  file: 'pr.yml',
  source: 'workflows/pr.ts',
  name: 'Pull request',
  on: { pull_request: { branches: ['main'] } },
  permissions: {},
  concurrency: { group: 'pr-${{ github.event.pull_request.number }}', 'cancel-in-progress': true },
  jobs: { changes: changesJob(), ...JOBS, summary: summaryJob(['changes', ...Object.keys(JOBS)]) },
};
