// Our workflow security rules: what zizmor and OpenSSF Scorecard check, for files we write by hand or
// generate. Each rule reads one parsed workflow and returns findings with the line to fix.
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import {
  child,
  environmentName,
  everyScalar,
  type Finding,
  isBumpJob,
  type Job,
  pair,
  type WorkflowSource,
  writes,
} from './source.js';

export interface Rule {
  readonly id: string;
  readonly description: string;
  check(workflow: WorkflowSource): Finding[];
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

/** Actions that log in to AWS with the job's OIDC token, or sign an attestation with it. */
const OIDC_USERS = [
  /^\.\/actions\/aws-oidc-login$/,
  /^aws-actions\/configure-aws-credentials@/,
  /^actions\/attest(-build-provenance|-sbom)?@/,
];

/** Secrets (and variables) that only a job in the `production` environment may read. */
const PRODUCTION_ONLY = [/\bsecrets\.PROD(UCTION)?_\w+\b/, /\bvars\.AWS_RELEASE_ROLE_ARN\b/];

/**
 * The GitHub App's key pushes to the protected main: an environment secret of the two deploy environments
 * (deployment branches: main for dev, tags for production), never reachable from a pull request's run.
 */
const DEPLOY_ONLY = /\bsecrets\.GH_APP_PRIVATE_KEY\b/;
const DEPLOY_ENVIRONMENTS = ['dev', 'production'];

const FULL_SHA = /^[0-9a-f]{40}$/;

function finding(w: WorkflowSource, node: Node | null | undefined, rule: string, message: string): Finding {
  return { file: w.file, line: w.line(node), rule, message };
}

const templateInjection: Rule = {
  id: 'template-injection',
  description: 'no ${{ }} expression inside run: (an attacker-controlled value would become shell code)',
  check(w) {
    const out: Finding[] = [];
    for (const job of w.jobs) {
      for (const step of job.steps) {
        const run = child(step.node, 'run');
        if (!isScalar(run)) continue;
        for (const match of String(run.value).matchAll(EXPRESSION)) {
          out.push(
            finding(
              w,
              run,
              'template-injection',
              `job ${job.id}: \`${match[0]}\` is expanded into the script before the shell runs; pass it through env: and use "$NAME"`,
            ),
          );
        }
      }
    }
    return out;
  },
};

const excessivePermissions: Rule = {
  id: 'excessive-permissions',
  description: 'top-level permissions {} or read-only; writes only per job, each with a comment saying why',
  check(w) {
    const out: Finding[] = [];
    const top = pair(w.root, 'permissions');
    if (top === undefined) {
      out.push(
        finding(
          w,
          w.root,
          'excessive-permissions',
          'no top-level permissions: the token gets the repository default; set permissions: {}',
        ),
      );
    } else if (isScalar(top.value)) {
      if (top.value.value !== 'read-all')
        out.push(
          finding(
            w,
            top.value,
            'excessive-permissions',
            `top-level permissions: ${top.value.value}; use {} and grant writes per job`,
          ),
        );
    } else {
      for (const write of writes(top.value as Node))
        out.push(
          finding(
            w,
            write.key,
            'excessive-permissions',
            `top-level ${write.scope}: write; grant it only to the job that needs it`,
          ),
        );
    }
    for (const job of w.jobs) {
      const permissions = child(job.node, 'permissions');
      if (isScalar(permissions) && permissions.value === 'write-all')
        out.push(
          finding(
            w,
            permissions,
            'excessive-permissions',
            `job ${job.id}: write-all; list the scopes it needs`,
          ),
        );
      for (const write of writes(permissions)) {
        if (!write.node.comment?.trim())
          out.push(
            finding(
              w,
              write.key,
              'excessive-permissions',
              `job ${job.id}: ${write.scope}: write without a comment saying why`,
            ),
          );
      }
    }
    return out;
  },
};

const idToken: Rule = {
  id: 'id-token',
  description: 'id-token: write only on jobs that log in to AWS or attest',
  check(w) {
    const out: Finding[] = [];
    for (const write of writes(child(w.root, 'permissions')).filter((x) => x.scope === 'id-token'))
      out.push(
        finding(w, write.key, 'id-token', 'top-level id-token: write reaches every job; grant it per job'),
      );
    for (const job of w.jobs) {
      const write = writes(child(job.node, 'permissions')).find((x) => x.scope === 'id-token');
      if (write === undefined) continue;
      if (!job.steps.some((s) => s.uses !== undefined && OIDC_USERS.some((p) => p.test(s.uses as string))))
        out.push(
          finding(
            w,
            write.key,
            'id-token',
            `job ${job.id}: id-token: write, but it neither logs in to AWS nor attests`,
          ),
        );
    }
    return out;
  },
};

const persistCredentials: Rule = {
  id: 'persist-credentials',
  description:
    'actions/checkout with persist-credentials: false, except in the job that pushes a GitOps bump',
  check(w) {
    const out: Finding[] = [];
    for (const job of w.jobs) {
      if (isBumpJob(job)) continue;
      for (const step of job.steps) {
        if (!step.uses?.startsWith('actions/checkout@')) continue;
        const value = child(child(step.node, 'with'), 'persist-credentials');
        if (!(isScalar(value) && (value.value === false || value.value === 'false')))
          out.push(
            finding(
              w,
              step.node,
              'persist-credentials',
              `job ${job.id}: checkout leaves the token in .git/config; set persist-credentials: false`,
            ),
          );
      }
    }
    return out;
  },
};

const dangerousTriggers: Rule = {
  id: 'dangerous-triggers',
  description: 'no pull_request_target or workflow_run (they run with secrets on code from forks)',
  check(w) {
    const on = pair(w.root, 'on');
    if (on === undefined) return [];
    const names = isScalar(on.value)
      ? [[String(on.value.value), on.value] as const]
      : isSeq(on.value)
        ? on.value.items.filter(isScalar).map((s) => [String(s.value), s] as const)
        : isMap(on.value)
          ? on.value.items
              .filter((p) => isScalar(p.key))
              .map((p) => [String((p.key as Scalar).value), p.key as Node] as const)
          : [];
    return names
      .filter(([name]) => name === 'pull_request_target' || name === 'workflow_run')
      .map(([name, node]) =>
        finding(
          w,
          node,
          'dangerous-triggers',
          `${name} runs with this repository's secrets on untrusted code; use pull_request`,
        ),
      );
  },
};

const productionSecrets: Rule = {
  id: 'production-secrets',
  description:
    'production secrets and the release role only in jobs with environment: production; the App key only in dev or production',
  check(w) {
    const out: Finding[] = [];
    for (const job of w.jobs) {
      const environment = environmentName(job);
      everyScalar(job.node, (scalar) => {
        const value = String(scalar.value);
        for (const match of value.matchAll(EXPRESSION)) {
          const expression = match[1] ?? '';
          const production =
            environment === 'production'
              ? undefined
              : PRODUCTION_ONLY.map((p) => p.exec(expression)?.[0]).find(Boolean);
          const deploy = DEPLOY_ENVIRONMENTS.includes(environment ?? '')
            ? undefined
            : DEPLOY_ONLY.exec(expression)?.[0];
          if (production)
            out.push(
              finding(
                w,
                scalar,
                'production-secrets',
                `job ${job.id}: ${production} outside environment: production (required reviewers guard it)`,
              ),
            );
          if (deploy)
            out.push(
              finding(
                w,
                scalar,
                'production-secrets',
                `job ${job.id}: ${deploy} outside the environments ${DEPLOY_ENVIRONMENTS.join(', ')} (their deployment branches guard it)`,
              ),
            );
        }
      });
    }
    return out;
  },
};

const unpinnedUses: Rule = {
  id: 'unpinned-uses',
  description: 'third-party actions pinned to a full commit SHA, with the version in a comment',
  check(w) {
    const out: Finding[] = [];
    for (const job of w.jobs) {
      for (const step of job.steps) {
        const uses = child(step.node, 'uses');
        if (!isScalar(uses)) continue;
        const value = String(uses.value);
        if (value.startsWith('./')) continue;
        if (value.startsWith('docker://')) {
          if (!/@sha256:[0-9a-f]{64}$/.test(value))
            out.push(finding(w, uses, 'unpinned-uses', `${value}: pin the image by digest (@sha256:…)`));
          continue;
        }
        const ref = value.split('@')[1] ?? '';
        if (!FULL_SHA.test(ref))
          out.push(
            finding(
              w,
              uses,
              'unpinned-uses',
              `${value}: pin to a full 40-hex commit SHA (a tag or branch can move)`,
            ),
          );
        else if (!uses.comment?.trim())
          out.push(
            finding(
              w,
              uses,
              'unpinned-uses',
              `${value}: say which version the SHA is in a comment (# vX.Y.Z)`,
            ),
          );
      }
    }
    return out;
  },
};

const DEPLOYS = [/\bterraform\b[^\n]*\bapply\b/, /\bkubectl\s+apply\b/, /\bhelm\s+upgrade\b/];

function deploys(job: Job): boolean {
  return (
    environmentName(job) !== undefined ||
    isBumpJob(job) ||
    job.steps.some((s) => s.run !== undefined && DEPLOYS.some((p) => p.test(s.run as string)))
  );
}

const deployConcurrency: Rule = {
  id: 'deploy-concurrency',
  description: 'deploy jobs (environment, GitOps bump, apply) in a concurrency group that does not cancel',
  check(w) {
    const out: Finding[] = [];
    const workflowGroup = child(w.root, 'concurrency');
    for (const job of w.jobs) {
      if (!deploys(job)) continue;
      const group = child(job.node, 'concurrency') ?? workflowGroup;
      if (group === undefined) {
        out.push(
          finding(
            w,
            job.key,
            'deploy-concurrency',
            `job ${job.id} deploys without a concurrency group: two runs could deploy at once`,
          ),
        );
        continue;
      }
      const cancel = child(group, 'cancel-in-progress');
      if (isScalar(cancel) && cancel.value !== false && cancel.value !== 'false')
        out.push(
          finding(
            w,
            cancel,
            'deploy-concurrency',
            `job ${job.id}: cancel-in-progress would stop a deploy half-way; set it to false`,
          ),
        );
    }
    return out;
  },
};

export const RULES: readonly Rule[] = [
  templateInjection,
  excessivePermissions,
  idToken,
  persistCredentials,
  dangerousTriggers,
  productionSecrets,
  unpinnedUses,
  deployConcurrency,
];

/** Every rule's findings for one parsed workflow, in line order. */
export function checkWorkflow(workflow: WorkflowSource): Finding[] {
  return [...workflow.errors, ...RULES.flatMap((rule) => rule.check(workflow))].sort(
    (a, b) => a.line - b.line,
  );
}
