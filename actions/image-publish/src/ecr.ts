// Registry credentials for Amazon ECR from the AWS credentials in the environment.
import * as core from '@actions/core';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import type { Credentials } from './inputs.js';

/** The one ECR call we make; `ECRClient` satisfies it. */
export interface EcrApi {
  send(command: GetAuthorizationTokenCommand): Promise<{
    authorizationData?: { authorizationToken?: string | undefined }[] | undefined;
  }>;
}

/** Builds the ECR client for a region; the SDK honours `AWS_ENDPOINT_URL_ECR` and the usual credential chain. */
export type EcrFactory = (region: string) => EcrApi;

export const defaultEcrFactory: EcrFactory = (region) => new ECRClient({ region });

/**
 * True when the environment points the SDK's credential chain at credentials: keys (e.g. exported by
 * aws-oidc-login), a web identity token file, a container credentials endpoint or a named profile.
 */
export function hasAwsCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
      (env.AWS_ROLE_ARN && env.AWS_WEB_IDENTITY_TOKEN_FILE) ||
      env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
      env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
      env.AWS_PROFILE,
  );
}

/**
 * Calls ECR GetAuthorizationToken and decodes the token (base64 of `AWS:<password>`).
 * The token and the password are masked before anything else happens with them.
 */
export async function ecrCredentials(ecr: EcrApi, region: string): Promise<Credentials> {
  let token: string | undefined;
  try {
    const response = await ecr.send(new GetAuthorizationTokenCommand({}));
    token = response.authorizationData?.[0]?.authorizationToken;
  } catch (error) {
    const { name, message } = error as Error;
    throw new Error(
      `ECR GetAuthorizationToken failed in ${region}: ${name}: ${message}. Check the AWS credentials in the ` +
        `environment and that their role allows ecr:GetAuthorizationToken.`,
    );
  }
  if (!token) throw new Error(`ECR GetAuthorizationToken in ${region} returned no authorizationToken.`);
  core.setSecret(token);
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) {
    throw new Error(
      `ECR GetAuthorizationToken in ${region} returned a token that is not base64 of 'user:password'.`,
    );
  }
  const password = decoded.slice(colon + 1);
  core.setSecret(password);
  return { username: decoded.slice(0, colon), password };
}
