// Terraform: fmt/validate on every pull request that touches it (no credentials, forks included), plan with
// the plan role on same-repository pull requests (posted as a comment), apply on main, each environment in
// its own GitHub environment (terraform-dev, terraform-prod) with its own role, which trusts only that
// environment. OIDC only: no static AWS keys anywhere.
import { ENVIRONMENT_ROOT, settingsFile, stateKey } from '../scripts/terraform/environment-root.js';
import type { Job, Workflow } from './model.js';
import { PINS } from './pins.js';
import { checkout, RUNNER, SAME_REPO_PR } from './steps.js';

const ENVIRONMENTS = ['dev', 'prod'];
const TERRAFORM = {
  name: 'Set up Terraform',
  uses: { pinned: PINS.setupTerraform },
  with: { terraform_wrapper: false },
};
const PATHS = ['terraform/**', '.github/workflows/infra.yml'];

/**
 * What `npm run up` takes from terraform/bootstrap's outputs, from GitHub variables: the state bucket and its
 * key for the partial S3 backend. Every other value is committed: the environment's settings (<env>.tfvars)
 * and the platform's values (platform.auto.tfvars.json, derived from init.values.json), which Terraform
 * loads by itself.
 */
const TERRAFORM_ENV = {
  ENVIRONMENT: '${{ matrix.environment }}',
  TF_STATE_BUCKET: '${{ vars.TF_STATE_BUCKET }}',
  TF_STATE_KMS_KEY_ARN: '${{ vars.TF_STATE_KMS_KEY_ARN }}',
};

/** The shell form of a per-environment name: `${env}` becomes `$ENVIRONMENT`. */
const perEnvironment = (name: (env: string) => string) => name('$ENVIRONMENT');

/** The environment's var-file, for plan and apply: its committed settings (the auto files load by themselves). */
const VAR_FILES = `-var-file="${perEnvironment(settingsFile)}"`;

/**
 * Runs init against the environment's own state (the key each environment has always had): one root, the
 * environment chosen here.
 */
const INIT = [
  `dir="${ENVIRONMENT_ROOT}"`,
  'export TF_VAR_state_bucket="$TF_STATE_BUCKET" TF_VAR_state_kms_key_arn="$TF_STATE_KMS_KEY_ARN"',
  `terraform -chdir="$dir" init -input=false -backend-config="key=${perEnvironment(stateKey)}" -backend-config="bucket=$TF_STATE_BUCKET" -backend-config="region=$AWS_REGION" -backend-config="kms_key_id=$TF_STATE_KMS_KEY_ARN"`,
];

const check: Job = {
  name: 'fmt and validate',
  'runs-on': RUNNER,
  'timeout-minutes': 10,
  if: "github.event_name == 'pull_request'",
  permissions: { contents: 'read' },
  steps: [
    checkout(),
    TERRAFORM,
    { name: 'Format', run: 'terraform fmt -check -recursive -diff terraform' },
    {
      // One root for every environment: validate reads no variable values, so once covers dev and prod.
      name: 'Validate the environment root',
      run: [
        `terraform -chdir=${ENVIRONMENT_ROOT} init -backend=false -input=false`,
        `terraform -chdir=${ENVIRONMENT_ROOT} validate`,
      ].join('\n'),
    },
  ],
};

const plan: Job = {
  name: 'Plan ${{ matrix.environment }}',
  'runs-on': RUNNER,
  'timeout-minutes': 20,
  needs: ['check'],
  if: `github.event_name == 'pull_request' && ${SAME_REPO_PR}`,
  permissions: {
    contents: 'read',
    'id-token': { write: 'OIDC token for the AWS login (plan role: state and metadata reads only)' },
    'pull-requests': { write: 'post the plan as a comment' },
  },
  strategy: { matrix: { environment: ENVIRONMENTS }, 'fail-fast': false },
  steps: [
    checkout(),
    TERRAFORM,
    {
      name: 'Log in to AWS (OIDC, plan role)',
      uses: { local: 'aws-oidc-login' },
      with: { 'role-arn': '${{ vars.AWS_PR_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION }}' },
    },
    {
      name: 'Plan',
      env: TERRAFORM_ENV,
      run: [
        ...INIT,
        // The plan role writes nothing, not even the state lock: the branch's own .tf runs under it.
        `terraform -chdir="$dir" plan -input=false -no-color -lock=false ${VAR_FILES} -out=tfplan`,
        'terraform -chdir="$dir" show -no-color tfplan > "$RUNNER_TEMP/plan.txt"',
      ].join('\n'),
    },
    {
      name: 'Post the plan',
      env: {
        GH_TOKEN: '${{ github.token }}',
        ENVIRONMENT: '${{ matrix.environment }}',
        PR_NUMBER: '${{ github.event.pull_request.number }}',
      },
      run: [
        '{',
        '  echo "### Terraform plan: $ENVIRONMENT"',
        '  echo',
        '  echo "<details><summary>plan</summary>"',
        '  echo',
        "  echo '```'",
        '  head -c 60000 "$RUNNER_TEMP/plan.txt"',
        "  echo '```'",
        '  echo "</details>"',
        '} > "$RUNNER_TEMP/comment.md"',
        'gh pr comment "$PR_NUMBER" --body-file "$RUNNER_TEMP/comment.md"',
      ].join('\n'),
    },
  ],
};

const apply: Job = {
  name: 'Apply ${{ matrix.environment }}',
  'runs-on': RUNNER,
  'timeout-minutes': 60,
  if: "github.event_name == 'push' && github.ref == 'refs/heads/main'",
  // One GitHub environment per Terraform environment: its AWS_TERRAFORM_ROLE_ARN is that environment's
  // role, which trusts only repo:<repo>:environment:terraform-<env> (prod's has required reviewers).
  environment: 'terraform-${{ matrix.environment }}',
  concurrency: { group: 'terraform-${{ matrix.environment }}', 'cancel-in-progress': false },
  permissions: { contents: 'read', 'id-token': { write: 'OIDC token for the AWS login (apply role)' } },
  // dev first, then prod; stop at the first failure.
  strategy: { matrix: { environment: ENVIRONMENTS }, 'max-parallel': 1, 'fail-fast': true },
  steps: [
    checkout(),
    TERRAFORM,
    {
      name: 'Log in to AWS (OIDC, apply role)',
      uses: { local: 'aws-oidc-login' },
      with: { 'role-arn': '${{ vars.AWS_TERRAFORM_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION }}' },
    },
    {
      name: 'Apply',
      env: TERRAFORM_ENV,
      run: [...INIT, `terraform -chdir="$dir" apply -input=false -auto-approve ${VAR_FILES}`].join('\n'),
    },
  ],
};

export const infra: Workflow = {
  file: 'infra.yml',
  source: 'workflows/infra.ts',
  name: 'Infrastructure',
  on: { pull_request: { branches: ['main'], paths: PATHS }, push: { branches: ['main'], paths: PATHS } },
  permissions: {},
  jobs: { check, plan, apply },
};
