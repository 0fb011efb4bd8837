// The `image` input: a repository without tag or digest (grammar in actions/lib/oci-reference.ts), and
// the registry to log in to for it.
import { InvalidReferenceError, parseRepository } from '../../lib/oci-reference.js';

/** A validated image repository. */
export interface Repository {
  /** As given, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/inventory`; tags are appended to it. */
  name: string;
  /** The registry host[:port] to log in to: the name's domain, `docker.io` for Docker Hub names. */
  registry: string;
  /** The last path component, e.g. `inventory`. */
  basename: string;
}

/** An Amazon ECR private registry host. */
export interface EcrRegistry {
  accountId: string;
  region: string;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;

/** Parses a repository name; returns the reason when it is not one. */
export function parseImage(name: string): Repository | string {
  try {
    const reference = parseRepository(name);
    return { name, registry: reference.domain, basename: reference.repository.split('/').pop() ?? name };
  } catch (error) {
    if (error instanceof InvalidReferenceError) return error.reason;
    throw error;
  }
}

/** The account and region of an ECR host (`<account>.dkr.ecr.<region>.amazonaws.com`), else undefined. */
export function parseEcrHost(registry: string): EcrRegistry | undefined {
  const match = ECR_HOST.exec(registry);
  return match ? { accountId: match[1] as string, region: match[2] as string } : undefined;
}
