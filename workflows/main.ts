// Merge to main: publish each changed service once (log in with OIDC, build and push, gate the pushed
// digest, attest its provenance), then pin every new digest in gitops/envs/dev with ONE commit.
// `paths-ignore: gitops/**`: the bump commit itself starts no run.
import type { Job, Step, Workflow } from './model.js';
import { REPOSITORY_PREFIX, SERVICES, type Service } from './paths.js';
import { PINS } from './pins.js';
import { changed, changesJob, checkout, RUNNER } from './steps.js';

export const DEV_PATH = 'gitops/envs/dev';

const repository = (service: Service) => `\${{ vars.ECR_REGISTRY }}/${REPOSITORY_PREFIX}/${service}`;

function publishSteps(service: Service): Step[] {
  const when = changed(service);
  return [
    {
      name: `${service}: build and push`,
      id: `publish-${service}`,
      if: when,
      uses: { local: 'image-publish' },
      // The bundle builder: no Docker daemon, the same digest for the same commit, the base pinned by digest.
      with: { image: repository(service), builder: 'bundle', base: '${{ vars.BASE_IMAGE }}', service },
    },
    {
      name: `${service}: vulnerability gate on the pushed digest`,
      id: `trivy-${service}`,
      if: when,
      uses: { local: 'trivy-gate' },
      with: { 'image-ref': `\${{ steps.publish-${service}.outputs.image-ref }}` },
    },
    {
      name: `${service}: build provenance`,
      id: `attest-${service}`,
      if: when,
      uses: { pinned: PINS.attestBuildProvenance },
      with: {
        'subject-name': repository(service),
        'subject-digest': `\${{ steps.publish-${service}.outputs.digest }}`,
      },
    },
  ];
}

export const publish: Job = {
  name: 'Publish images',
  'runs-on': RUNNER,
  'timeout-minutes': 30,
  needs: ['changes'],
  if: "needs.changes.outputs.services != '[]'",
  permissions: {
    contents: 'read',
    'id-token': { write: 'OIDC token for the AWS login and for signing the provenance' },
    attestations: { write: 'store the build provenance attestations' },
  },
  outputs: Object.fromEntries(SERVICES.map((s) => [s, `\${{ steps.publish-${s}.outputs.image-ref }}`])),
  steps: [
    checkout(),
    { name: 'Set up Trivy', uses: { pinned: PINS.setupTrivy } },
    {
      name: 'Log in to AWS (OIDC)',
      id: 'login',
      uses: { local: 'aws-oidc-login' },
      with: { 'role-arn': '${{ vars.AWS_CI_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION }}' },
    },
    ...SERVICES.flatMap(publishSteps),
  ],
};

export const deploy: Job = {
  name: 'Deploy to dev (GitOps)',
  'runs-on': RUNNER,
  'timeout-minutes': 10,
  needs: ['publish'],
  if: "needs.publish.result == 'success'",
  permissions: { contents: { write: 'push the GitOps commit that pins the new digests on main' } },
  // One dev deploy at a time, in order; a queued one waits rather than being cancelled.
  concurrency: { group: 'deploy-dev', 'cancel-in-progress': false },
  steps: [
    checkout({ persistCredentials: true }),
    {
      name: 'Collect the new digests',
      id: 'pins',
      env: Object.fromEntries(
        SERVICES.map((s) => [`REF_${s.toUpperCase()}`, `\${{ needs.publish.outputs.${s} }}`]),
      ),
      run: [
        '{',
        '  echo "images<<PINS_EOF"',
        ...SERVICES.map(
          (s) => `  if [ -n "$REF_${s.toUpperCase()}" ]; then echo "${s}=$REF_${s.toUpperCase()}"; fi`,
        ),
        '  echo "PINS_EOF"',
        '} >> "$GITHUB_OUTPUT"',
      ].join('\n'),
    },
    {
      name: 'Pin them in dev',
      id: 'bump',
      uses: { local: 'gitops-bump' },
      with: {
        path: DEV_PATH,
        images: '${{ steps.pins.outputs.images }}',
        mode: 'push',
        branch: 'main',
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
  on: { push: { branches: ['main'], 'paths-ignore': ['gitops/**'] } },
  permissions: {},
  jobs: { changes: changesJob(), publish, deploy },
};
