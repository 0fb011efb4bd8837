// Release tag vX.Y.Z: first, without any credential, refuse a tag that is not vX.Y.Z or whose commit main has
// not merged. Then, behind the `production` environment, find the digests main built from the tagged commit's
// source, verify their provenance and the vulnerability gate's signed verdict, add the X.Y.Z tags in the
// registry (no rebuild, no pull), and pin those digests in gitops/apps/prod: as a pull request by default
// (RELEASE_BUMP_MODE=push commits directly), with the GitHub App's token so the pull request gets its checks.
import { overlayDir } from '../scripts/gitops/layout.js';
import { upperSnake } from '../services/lib/catalogue/aws-env.js';
import { APP_TOKEN, appToken } from './credentials.js';
import { GATE_PREDICATE } from './main.js';
import type { Job, Step, Workflow } from './model.js';
import { REPOSITORY_PREFIX, SERVICES, type Service } from './paths.js';
import { PROVENANCE_ON, PROVENANCE_SUMMARY, PROVENANCE_VALUE, provenanceSetting } from './provenance.js';
import { checkout, node, RUNNER } from './steps.js';

export const PROD_PATH = overlayDir('prod');
const VERSION = '${{ needs.tag.outputs.version }}';

/**
 * Exits 1 unless RELEASE_SHA is main's tip or one of its ancestors (the checkout fetched every branch). A tag
 * on an unmerged branch runs that branch's own copy of this workflow: this check stops an honest mistake, and
 * the tag ruleset and the `production` reviewers (README) stop the rest.
 */
export const ON_MAIN = [
  'if ! git rev-parse --verify --quiet refs/remotes/origin/main > /dev/null; then',
  '  echo "::error title=Not on main::the checkout has no origin/main to compare $TAG with"; exit 1',
  'fi',
  'if ! git merge-base --is-ancestor "$RELEASE_SHA" refs/remotes/origin/main; then',
  '  echo "::error title=Not on main::$TAG points at $RELEASE_SHA, which main has not merged: release only a commit of main"',
  '  exit 1',
  'fi',
  'echo "$TAG points at $RELEASE_SHA, on main"',
].join('\n');

/** The tag's checks: no environment, no credential, read-only token. */
export const tag: Job = {
  name: 'Tag: vX.Y.Z on main',
  'runs-on': RUNNER,
  'timeout-minutes': 5,
  permissions: { contents: 'read' },
  outputs: { version: '${{ steps.version.outputs.version }}' },
  steps: [
    checkout({ fetchDepth: 0 }),
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
      name: 'Refuse a commit main has not merged',
      id: 'on-main',
      env: { TAG: '${{ github.ref_name }}', RELEASE_SHA: '${{ github.sha }}' },
      run: ON_MAIN,
    },
  ],
};

function promote(service: Service): Step {
  return {
    name: `${service}: add the release tag`,
    id: `promote-${service}`,
    uses: { local: 'image-promote' },
    with: {
      source: `\${{ steps.images.outputs.${service} }}`,
      tags: VERSION,
      'registry-username': 'AWS',
      'registry-password': '${{ steps.ecr.outputs.password }}',
    },
  };
}

export const release: Job = {
  name: 'Promote to production',
  'runs-on': RUNNER,
  'timeout-minutes': 20,
  needs: ['tag'],
  environment: 'production',
  concurrency: { group: 'deploy-prod', 'cancel-in-progress': false },
  // The GitHub App's token pushes the bump and opens the pull request: GITHUB_TOKEN only reads.
  permissions: {
    contents: 'read',
    'id-token': { write: 'OIDC token for the AWS login (release role)' },
    attestations: 'read',
  },
  steps: [
    appToken({ contents: 'write', 'pull-requests': 'write' }),
    checkout({ fetchDepth: 0, persistCredentials: true, token: APP_TOKEN }),
    ...node({ cache: false, ignoreScripts: true }),
    provenanceSetting('environment production'),
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
      run: 'npx tsx scripts/release/find-images.ts',
    },
    {
      // Both signed by main.yml running on main: the provenance, and the gate's verdict with no blocking
      // finding (a digest the gate failed was pushed, but has no verdict). Skipped only by PROVENANCE=off set
      // on `production` (workflows/provenance.ts); the job summary then says so.
      name: "Verify their provenance and the gate's verdict",
      id: 'verify',
      if: PROVENANCE_ON,
      env: {
        GH_TOKEN: '${{ github.token }}',
        GATE_PREDICATE,
        ...Object.fromEntries(
          SERVICES.map((s) => [`REF_${upperSnake(s)}`, `\${{ steps.images.outputs.${s} }}`]),
        ),
      },
      run: [
        'signer=(--repo "$GITHUB_REPOSITORY" --signer-workflow "$GITHUB_REPOSITORY/.github/workflows/main.yml" --source-ref refs/heads/main)',
        ...SERVICES.flatMap((s) => [
          `gh attestation verify "oci://$REF_${upperSnake(s)}" "\${signer[@]}"`,
          `gh attestation verify "oci://$REF_${upperSnake(s)}" "\${signer[@]}" --predicate-type "$GATE_PREDICATE" --format json | jq -e 'length > 0 and all(.[]; .verificationResult.statement.predicate.blocking == 0)'`,
        ]),
      ].join('\n'),
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
        token: APP_TOKEN,
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
        `cd "$RUNNER_TEMP/prod-tree" && npm run validate:gitops -- ${PROD_PATH}`,
      ].join('\n'),
    },
    {
      name: 'Job summary',
      env: {
        VERSION,
        IMAGES: '${{ steps.images.outputs.images }}',
        COMMIT: '${{ steps.bump.outputs.commit-sha }}',
        PR_URL: '${{ steps.bump.outputs.pull-request-url }}',
        PROVENANCE: PROVENANCE_VALUE,
      },
      run: [
        '{',
        '  echo "## Release $VERSION"',
        '  echo "| service | image |"',
        '  echo "|---|---|"',
        `  echo "$IMAGES" | sed -E 's/^([^=]+)=(.*)$/| \\1 | \`\\2\` |/'`,
        '  echo',
        '  echo "GitOps commit: ${COMMIT:-none (prod already pinned these digests)} ${PR_URL}"',
        '  echo',
        ...PROVENANCE_SUMMARY,
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
  jobs: { tag, release },
};
