// Merge to main: publish each changed service once (log in with OIDC, build and push, gate the pushed
// digest, sign the gate's verdict and the provenance), then pin every new digest in gitops/apps/dev with ONE
// commit, never replacing a newer build with an older one. `paths-ignore: gitops/**`: the bump commit (pushed
// with the GitHub App's token, which does start workflows) starts no run.

import { overlayDir } from '../scripts/gitops/layout.js';
import { APP_TOKEN, appToken, ecrPassword } from './credentials.js';
import type { Job, Workflow } from './model.js';
import { CATALOGUE, REPOSITORY_PREFIX } from './paths.js';
import { PINS } from './pins.js';
import { PROVENANCE_ON, provenanceSetting } from './provenance.js';
import {
  BUNDLE_INPUTS,
  changesJob,
  checkout,
  EVERY_SERVICE_EVENT,
  node,
  RUNNER,
  serviceBuild,
} from './steps.js';

export const DEV_PATH = overlayDir('dev');

/**
 * The predicate type of the vulnerability gate's signed verdict. The release verifies an attestation of this
 * type, signed by main.yml on refs/heads/main, for each digest it promotes: a digest the gate failed has none.
 */
export const GATE_PREDICATE = 'https://github.com/delivery-platform/trivy-gate/verdict/v1';

const SERVICE = '${{ matrix.service }}';
const REPOSITORY = `\${{ vars.ECR_REGISTRY }}/${REPOSITORY_PREFIX}/${SERVICE}`;

/**
 * One leg per changed service, side by side: log in, build and push, gate the pushed digest, attest it,
 * and hand the pin (`<service>=<repository>@sha256:…`) to the deploy job as a small artifact.
 */
export const publish: Job = {
  name: `Publish ${SERVICE}`,
  'runs-on': RUNNER,
  'timeout-minutes': 30,
  needs: ['changes'],
  if: "needs.changes.outputs.services != '[]'",
  permissions: {
    contents: 'read',
    'id-token': { write: 'OIDC token for the AWS login and for signing the provenance' },
    attestations: { write: 'store the build provenance attestation' },
  },
  // One leg per changed service, each with its image inputs (workflows/paths.ts SERVICE_IMAGES).
  strategy: { matrix: { include: '${{ fromJSON(needs.changes.outputs.images) }}' }, 'fail-fast': false },
  steps: [
    checkout(),
    // The bundle builder runs the service's esbuild in the checkout. No dependency cache: what
    // reaches the registry is built from a clean install. No install scripts beside the OIDC token: esbuild
    // runs from its platform package (an optional dependency) without its postinstall.
    ...node({ cache: false, ignoreScripts: true }),
    // Before the AWS login: the build tools run without the job's AWS credentials in their environment.
    serviceBuild(),
    { name: 'Set up Trivy', uses: { pinned: PINS.setupTrivy } },
    provenanceSetting('repository'),
    {
      name: 'Log in to AWS (OIDC)',
      id: 'login',
      uses: { local: 'aws-oidc-login' },
      with: { 'role-arn': '${{ vars.AWS_CI_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION }}' },
    },
    {
      name: 'Build and push',
      id: 'publish',
      uses: { local: 'image-publish' },
      // The bundle builder: no Docker daemon, the same digest for the same commit, the base pinned by digest.
      // ECR's tags are IMMUTABLE (terraform/modules/registry): push only sha-<7>, never `main`/`latest`.
      with: {
        image: REPOSITORY,
        builder: 'bundle',
        base: '${{ vars.BASE_IMAGE }}',
        ...BUNDLE_INPUTS,
        'immutable-tags': 'true',
      },
    },
    {
      name: 'Vulnerability gate on the pushed digest',
      id: 'trivy',
      uses: { local: 'trivy-gate' },
      with: { 'image-ref': '${{ steps.publish.outputs.image-ref }}' },
    },
    {
      // Runs only when the gate passed: the release requires this signed verdict for every digest it promotes.
      // PROVENANCE=off: the plan cannot attest (a private repository without artifact attestations).
      name: "Sign the gate's verdict",
      id: 'verdict',
      if: PROVENANCE_ON,
      uses: { pinned: PINS.attest },
      with: {
        'subject-name': REPOSITORY,
        'subject-digest': '${{ steps.publish.outputs.digest }}',
        'predicate-type': GATE_PREDICATE,
        // The gate's own counts (numbers), so the release checks what the gate measured, not a constant.
        predicate: [
          '{"gate":"trivy-gate","severity":"CRITICAL"',
          '"blocking":${{ steps.trivy.outputs.blocking }}',
          '"critical":${{ steps.trivy.outputs.critical }}',
          '"high":${{ steps.trivy.outputs.high }}',
          '"commit":"${{ github.sha }}"}',
        ].join(','),
      },
    },
    {
      name: 'Build provenance',
      id: 'attest',
      if: PROVENANCE_ON,
      uses: { pinned: PINS.attestBuildProvenance },
      with: { 'subject-name': REPOSITORY, 'subject-digest': '${{ steps.publish.outputs.digest }}' },
    },
    {
      name: 'Record the pin',
      env: { SERVICE, IMAGE_REF: '${{ steps.publish.outputs.image-ref }}' },
      run: 'mkdir -p "$RUNNER_TEMP/pin"\necho "$SERVICE=$IMAGE_REF" > "$RUNNER_TEMP/pin/$SERVICE"',
    },
    {
      name: 'Hand the pin to the deploy job',
      uses: { pinned: PINS.uploadArtifact },
      with: {
        name: `pin-${SERVICE}`,
        path: '${{ runner.temp }}/pin/',
        'retention-days': 1,
        'if-no-files-found': 'error',
      },
    },
  ],
};

export const deploy: Job = {
  name: 'Deploy to dev (GitOps)',
  'runs-on': RUNNER,
  'timeout-minutes': 10,
  needs: ['publish'],
  if: "needs.publish.result == 'success'",
  // The App's private key is a secret of this environment, whose deployment branch is main only.
  environment: 'dev',
  permissions: {
    contents: 'read',
    'id-token': { write: "OIDC token for the AWS login (deploy role: read the pinned images' labels)" },
  },
  // One dev deploy at a time; a queued one waits rather than being cancelled.
  concurrency: { group: 'deploy-dev', 'cancel-in-progress': false },
  steps: [
    appToken({ contents: 'write' }),
    // Full history: the bump orders builds by git ancestry of their revision labels.
    checkout({ fetchDepth: 0, persistCredentials: true, token: APP_TOKEN }),
    {
      name: 'Collect the pins',
      uses: { pinned: PINS.downloadArtifact },
      with: { pattern: 'pin-*', 'merge-multiple': true, path: '${{ runner.temp }}/pins' },
    },
    {
      name: 'One list of new digests',
      id: 'pins',
      run: [
        '{',
        '  echo "images<<PINS_EOF"',
        '  cat "$RUNNER_TEMP"/pins/*',
        '  echo "PINS_EOF"',
        '} >> "$GITHUB_OUTPUT"',
      ].join('\n'),
    },
    {
      name: 'Log in to AWS (OIDC, deploy role)',
      id: 'login',
      uses: { local: 'aws-oidc-login' },
      with: { 'role-arn': '${{ vars.AWS_DEPLOY_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION }}' },
    },
    ecrPassword(),
    {
      // Runs of two merges can reach this job in either order: a digest built from an older commit never
      // replaces one built from a newer commit (their org.opencontainers.image.revision labels, by ancestry).
      name: 'Pin them in dev',
      id: 'bump',
      uses: { local: 'gitops-bump' },
      with: {
        path: DEV_PATH,
        images: '${{ steps.pins.outputs.images }}',
        mode: 'push',
        branch: 'main',
        'only-newer': true,
        'registry-username': 'AWS',
        'registry-password': '${{ steps.ecr.outputs.password }}',
        'commit-message': 'chore(gitops): deploy ${{ github.sha }} to dev',
      },
    },
    {
      name: 'Job summary',
      env: {
        IMAGES: '${{ steps.pins.outputs.images }}',
        COMMIT: '${{ steps.bump.outputs.commit-sha }}',
      },
      run: [
        '{',
        '  echo "## Deployed to dev"',
        '  echo "| service | image |"',
        '  echo "|---|---|"',
        `  echo "$IMAGES" | sed -E 's/^([^=]+)=(.*)$/| \\1 | \`\\2\` |/'`,
        '  echo',
        '  echo "GitOps commit: ${COMMIT:-none (dev already pinned these digests)}"',
        '} >> "$GITHUB_STEP_SUMMARY"',
      ].join('\n'),
    },
  ],
};

export const main: Workflow = {
  file: 'main.yml',
  source: 'workflows/main.ts',
  name: 'Main',
  // A manual run (Actions → Main → Run workflow, on main) builds and deploys every service: the first
  // deploy of a fork, or a rebuild on a new base image.
  on: { push: { branches: ['main'], 'paths-ignore': ['gitops/**'] }, [EVERY_SERVICE_EVENT]: {} },
  permissions: {},
  jobs: { changes: changesJob(CATALOGUE, { dispatchBuildsAll: true }), publish, deploy },
};
