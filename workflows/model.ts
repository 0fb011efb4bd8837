// The shape of a workflow as we write it in TypeScript. It is narrower than GitHub's schema on purpose:
// what the security rules demand is made a type error here (a write permission without its reason, a
// third-party action without a pin, a job without explicit permissions).
import type { PinnedAction } from './pins.js';

/** One GitHub token scope. */
export type PermissionScope =
  | 'actions'
  | 'attestations'
  | 'checks'
  | 'contents'
  | 'deployments'
  | 'id-token'
  | 'issues'
  | 'packages'
  | 'pull-requests'
  | 'security-events'
  | 'statuses';

/** `read`, `none`, or a write that must say why the job needs it (rendered as a comment). */
export type Permission = 'read' | 'none' | { readonly write: string };

export type Permissions = Readonly<Partial<Record<PermissionScope, Permission>>>;

/** Only read (or none) at the top level: writes are granted per job. */
export type TopLevelPermissions = Readonly<Partial<Record<PermissionScope, 'read' | 'none'>>>;

/** One of this repository's actions, used by path (`./actions/<name>`), so it runs the checked-out code. */
export type LocalAction =
  | 'aws-oidc-login'
  | 'gitops-bump'
  | 'image-promote'
  | 'image-publish'
  | 'sonar-gate'
  | 'trivy-gate';

export type Uses = { readonly local: LocalAction } | { readonly pinned: PinnedAction };

export type Scalar = string | number | boolean;

export interface Step {
  readonly name: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: Uses;
  readonly with?: Readonly<Record<string, Scalar>>;
  /** A shell script. Never interpolate `${{ }}` here: pass values through `env`. */
  readonly run?: string;
  readonly shell?: string;
  readonly 'working-directory'?: string;
  readonly env?: Readonly<Record<string, Scalar>>;
  readonly 'continue-on-error'?: boolean;
  readonly 'timeout-minutes'?: number;
}

export interface Concurrency {
  readonly group: string;
  readonly 'cancel-in-progress': boolean | string;
}

export interface Job {
  readonly name: string;
  readonly 'runs-on': string;
  readonly needs?: readonly string[];
  readonly if?: string;
  /** Required: every job states what its token may do. */
  readonly permissions: Permissions;
  readonly environment?: string | { readonly name: string; readonly url?: string };
  readonly concurrency?: Concurrency;
  readonly 'timeout-minutes': number;
  readonly strategy?: {
    readonly matrix: Readonly<Record<string, string | readonly string[]>>;
    readonly 'fail-fast'?: boolean;
    readonly 'max-parallel'?: number;
  };
  readonly outputs?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, Scalar>>;
  readonly steps: readonly Step[];
}

export interface Workflow {
  /** File name under .github/workflows, e.g. `pr.yml`. */
  readonly file: string;
  /** The definition's path from the repository root, for the generated header. */
  readonly source: string;
  readonly name: string;
  readonly on: Readonly<Record<string, unknown>>;
  readonly permissions: TopLevelPermissions;
  readonly concurrency?: Concurrency;
  readonly env?: Readonly<Record<string, Scalar>>;
  readonly jobs: Readonly<Record<string, Job>>;
}
