// Which jobs deploy or publish: the jobs a concurrency group must serialise and a cache must never feed.
import { isMap, isScalar, isSeq } from 'yaml';
import {
  child,
  environmentName,
  isBumpJob,
  type Job,
  triggers,
  usesName,
  type WorkflowSource,
} from './source.js';

const DEPLOY_COMMANDS = [/\bterraform\b[^\n]*\bapply\b/, /\bkubectl\s+apply\b/, /\bhelm\s+upgrade\b/];

const PUBLISH_COMMANDS = [
  /\b(npm|pnpm|yarn)\s+publish\b/,
  /\b(docker|podman)\s+push\b/,
  /\bcargo\s+publish\b/,
  /\btwine\s+upload\b/,
  /\bgh\s+release\s+(create|upload)\b/,
];

/** Actions that publish a release, a package or an image (lower case), or deploy one. */
const PUBLISHING_ACTIONS = [
  /^pypa\/gh-action-pypi-publish$/,
  /^softprops\/action-gh-release$/,
  /^goreleaser\/goreleaser-action$/,
  /^rubygems\/release-gem$/,
  /^ncipollo\/release-action$/,
  /^redhat-actions\/push-to-registry$/,
  /^aws-actions\/amazon-ecs-deploy-task-definition$/,
  /^google-github-actions\/deploy-/,
  /^azure\/[a-z-]*deploy/,
  /^cloudflare\/wrangler-action$/,
];

/** A job with an environment, a GitOps bump, or a command that applies changes to a cluster or cloud. */
export function deploys(job: Job): boolean {
  return (
    environmentName(job) !== undefined ||
    isBumpJob(job) ||
    job.steps.some((s) => s.run !== undefined && DEPLOY_COMMANDS.some((p) => p.test(s.run as string)))
  );
}

/** Pushes to a branch named for releases (`release`, `release/*`) trigger the workflow. */
export function releaseBranches(w: WorkflowSource): boolean {
  const branches = child(child(child(w.root, 'on'), 'push'), 'branches');
  return isSeq(branches) && branches.items.some((b) => isScalar(b) && /release/i.test(String(b.value)));
}

/** The workflow runs for releases: on `release`, on pushed tags, or on pushes to a release branch. */
export function releaseWorkflow(w: WorkflowSource): boolean {
  return triggers(w).some(({ name }) => {
    if (name === 'release') return true;
    if (name !== 'push') return false;
    const push = child(child(w.root, 'on'), 'push');
    return isMap(push) && (child(push, 'tags') !== undefined || releaseBranches(w));
  });
}

/** Our own publishing actions: they push to a job-local registry when a pull request runs them. */
const OUR_PUBLISHERS = /^\.\/actions\/(image-publish|image-promote|gitops-bump)$/;

const PULL_REQUEST_ONLY = (w: WorkflowSource) =>
  triggers(w).every(({ name }) => name.startsWith('pull_request'));

/** A job whose output others consume: it deploys, publishes a package, release or image, or runs for a release. */
export function publishes(w: WorkflowSource, job: Job): boolean {
  if (deploys(job) || releaseWorkflow(w)) return true;
  return job.steps.some((s) => {
    const name = usesName(s.uses) ?? '';
    if (name === 'docker/build-push-action') {
      const push = child(child(s.node, 'with'), 'push');
      return isScalar(push) && push.value !== false && String(push.value) !== 'false';
    }
    if (OUR_PUBLISHERS.test(name)) return !PULL_REQUEST_ONLY(w);
    return (
      PUBLISHING_ACTIONS.some((p) => p.test(name)) ||
      (s.run !== undefined && PUBLISH_COMMANDS.some((p) => p.test(s.run as string)))
    );
  });
}
