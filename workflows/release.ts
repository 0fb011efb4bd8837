// Release tag vX.Y.Z: behind the `production` environment, find the digests main built from the tagged
// commit's source, verify their provenance, add the X.Y.Z tags in the registry (no rebuild, no pull), and pin
// those digests in gitops/envs/prod: as a pull request by default (RELEASE_BUMP_MODE=push commits directly).
import type { Job, Step, Workflow } from './model.js';
import { REPOSITORY_PREFIX, SERVICES, type Service } from './paths.js';
import { PINS } from './pins.js';
import { checkout, node, RUNNER } from './steps.js';

export const PROD_PATH = 'gitops/envs/prod';
const APP_CONFIGURED = "vars.GH_APP_ID != ''";
const TOKEN = '${{ steps.app-token.outputs.token || github.token }}';

function promote(service: Service): Step {
  return {
    name: `${service}: add the release tag`,
    id: `promote-${service}`,
    uses: { local: 'image-promote' },
    with: {
      source: `\${{ steps.images.outputs.${service} }}`,
      tags: '${{ steps.version.outputs.version }}',
      'registry-username': 'AWS',
      'registry-password': '${{ steps.ecr.outputs.password }}',
    },
  };
}

export const release: Job = {
  name: 'Promote to production',
  'runs-on': RUNNER,
  'timeout-minutes': 20,
  environment: 'production',
  concurrency: { group: 'deploy-prod', 'cancel-in-progress': false },
  permissions: {
    contents: { write: 'push the GitOps branch (or commit) that pins the release in prod' },
    'pull-requests': { write: 'open the pull request of the prod bump' },
    'id-token': { write: 'OIDC token for the AWS login (release role)' },
    attestations: 'read',
  },
  steps: [
    {
      // Pull requests opened with GITHUB_TOKEN start no workflow runs: a GitHub App's token makes the
      // prod bump's pull request get its checks.
      name: 'GitHub App token (when configured)',
      id: 'app-token',
      if: APP_CONFIGURED,
      uses: { pinned: PINS.createGithubAppToken },
      with: {
        'app-id': '${{ vars.GH_APP_ID }}',
        'private-key': '${{ secrets.GH_APP_PRIVATE_KEY }}',
        'permission-contents': 'write',
        'permission-pull-requests': 'write',
      },
    },
    checkout({ fetchDepth: 0, persistCredentials: true, token: TOKEN }),
    ...node({ cache: false, ignoreScripts: true }),
    {
      name: 'Release version',
      id: 'version',
      env: { TAG: '${{ github.ref_name }}' },
      run: [
        'if ! [[ "$TAG" =~ ^v([0-9]+\\.[0-9]+\\.[0-9]+)$ ]]; then',
        '  echo "::error::tag $TAG is not vX.Y.Z"; exit 1',
        'fi',
        'echo "version=${BASH_REMATCH[1]}" >> "$GITHUB_OUTPUT"',
      ].join('\n'),
    },
    {
      name: 'Log in to AWS (OIDC, release role)',
      id: 'login',
      uses: { local: 'aws-oidc-login' },
      with: { 'role-arn': '${{ vars.AWS_RELEASE_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION }}' },
    },
    {
      name: 'Registry password (ECR, masked)',
      id: 'ecr',
      env: { REGISTRY: '${{ vars.ECR_REGISTRY }}' },
      run: [
        'password=$(aws ecr get-login-password --region "$AWS_REGION")',
        'echo "::add-mask::$password"',
        'echo "$password" | docker login --username AWS --password-stdin "$REGISTRY"',
        'echo "password=$password" >> "$GITHUB_OUTPUT"',
      ].join('\n'),
    },
    {
      name: 'Find the images built from this commit',
      id: 'images',
      env: {
        RELEASE_SHA: '${{ github.sha }}',
        REPOSITORIES: `\${{ vars.ECR_REGISTRY }}/${REPOSITORY_PREFIX}`,
        REGISTRY_PASSWORD: '${{ steps.ecr.outputs.password }}',
      },
      run: 'npx tsx scripts/pipeline/release-images.ts',
    },
    {
      name: 'Verify their build provenance',
      env: {
        GH_TOKEN: '${{ github.token }}',
        ...Object.fromEntries(
          SERVICES.map((s) => [`REF_${s.toUpperCase()}`, `\${{ steps.images.outputs.${s} }}`]),
        ),
      },
      run: SERVICES.map(
        (s) =>
          `gh attestation verify "oci://$REF_${s.toUpperCase()}" --repo "$GITHUB_REPOSITORY" --signer-workflow "$GITHUB_REPOSITORY/.github/workflows/main.yml"`,
      ).join('\n'),
    },
    ...SERVICES.map(promote),
    {
      name: 'Pin them in prod',
      id: 'bump',
      uses: { local: 'gitops-bump' },
      with: {
        path: PROD_PATH,
        images: '${{ steps.images.outputs.images }}',
        mode: "${{ vars.RELEASE_BUMP_MODE || 'pull-request' }}",
        branch: 'main',
        token: TOKEN,
        'commit-message': 'chore(gitops): release ${{ github.ref_name }} to prod',
      },
    },
    {
      // Whatever the mode, the exact tree proposed for prod must render and pass the policies.
      name: 'Validate the prod tree of the bump commit',
      if: "steps.bump.outputs.commit-sha != ''",
      env: { COMMIT: '${{ steps.bump.outputs.commit-sha }}' },
      run: [
        'git worktree add --detach "$RUNNER_TEMP/prod-tree" "$COMMIT"',
        'ln -s "$GITHUB_WORKSPACE/node_modules" "$RUNNER_TEMP/prod-tree/node_modules"',
        'cd "$RUNNER_TEMP/prod-tree" && npm run validate:gitops -- gitops/envs/prod',
      ].join('\n'),
    },
    {
      name: 'Job summary',
      env: {
        VERSION: '${{ steps.version.outputs.version }}',
        IMAGES: '${{ steps.images.outputs.images }}',
        COMMIT: '${{ steps.bump.outputs.commit-sha }}',
        PR_URL: '${{ steps.bump.outputs.pull-request-url }}',
      },
      run: [
        '{',
        '  echo "## Release $VERSION"',
        '  echo "| service | image |"',
        '  echo "|---|---|"',
        `  echo "$IMAGES" | sed -E 's/^([^=]+)=(.*)$/| \\1 | \`\\2\` |/'`,
        '  echo',
        '  echo "GitOps commit: ${COMMIT:-none (prod already pinned these digests)} ${PR_URL}"',
        '} >> "$GITHUB_STEP_SUMMARY"',
      ].join('\n'),
    },
  ],
};

export const releaseWorkflow: Workflow = {
  file: 'release.yml',
  source: 'workflows/release.ts',
  name: 'Release',
  on: { push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } },
  permissions: {},
  jobs: { release },
};
