// The credentials a deploy job asks for, each made one way: the GitHub App's installation token (the only
// token that pushes a GitOps change) and the ECR password from the job's AWS login.
import type { Step } from './model.js';
import { PINS } from './pins.js';

/** The job that lands the dev bump and the job that opens the prod pull request both push with this token. */
export function appToken(permissions: Readonly<Record<string, 'write'>>): Step {
  return {
    // GITHUB_TOKEN cannot push to a protected main, and a pull request it opens starts no workflow (so its
    // required check never runs): the GitHub App's installation token does both. No fallback.
    name: 'GitHub App token',
    id: 'app-token',
    uses: { pinned: PINS.createGithubAppToken },
    with: {
      'client-id': '${{ vars.GH_APP_CLIENT_ID }}',
      'private-key': '${{ secrets.GH_APP_PRIVATE_KEY }}',
      ...Object.fromEntries(
        Object.entries(permissions).map(([scope, level]) => [`permission-${scope}`, level]),
      ),
    },
  };
}
export const APP_TOKEN = '${{ steps.app-token.outputs.token }}';

/** `aws ecr get-login-password`, masked, as the `password` output of step `ecr`. */
export function ecrPassword(): Step {
  return {
    name: 'Registry password (ECR, masked)',
    id: 'ecr',
    run: [
      'password=$(aws ecr get-login-password --region "$AWS_REGION")',
      'echo "::add-mask::$password"',
      'echo "password=$password" >> "$GITHUB_OUTPUT"',
    ].join('\n'),
  };
}
