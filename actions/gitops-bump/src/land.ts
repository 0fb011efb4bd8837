// Lands the bump as a fast-forward on a remote branch. Each attempt starts from the remote's current tip and
// re-applies the pins to the file as it is there, so a commit someone else pushed meanwhile (even one that
// bumped another image in the same file) is kept. A push refused because the remote moved is retried with
// full-jitter exponential backoff (actions/lib/retry.ts); anything else fails at once. Nothing is ever force-pushed.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import * as core from '@actions/core';
import { type Backoff, withRetries } from '../../lib/retry.js';
import type { Git } from './git.js';
import { RemoteMovedError } from './git.js';
import type { ImagePin } from './images.js';
import {
  diffImages,
  findKustomization,
  type ImageChange,
  pinImages,
  pinImagesInFile,
} from './kustomization.js';

export interface LandRequest {
  readonly git: Git;
  /** The Kustomize directory (absolute). */
  readonly dir: string;
  readonly pins: readonly ImagePin[];
  readonly message: string;
  readonly maxAttempts: number;
  readonly backoff: Backoff;
}

/** What happened: `commit` is undefined when there was nothing to change. */
export interface Landed {
  readonly commit: string | undefined;
  readonly changes: readonly ImageChange[];
  /** Push attempts made (1 when the first push landed). */
  readonly attempts: number;
}

/** Runs one landing attempt until it lands, fails for another reason than the remote moving, or runs out. */
async function landWithRetries(
  request: LandRequest,
  branch: string,
  attempt: (n: number) => Promise<Omit<Landed, 'attempts'>>,
): Promise<Landed> {
  try {
    return await withRetries(async (n) => ({ ...(await attempt(n)), attempts: n }), {
      retries: request.maxAttempts - 1,
      isRetryable: (error) => error instanceof RemoteMovedError,
      backoff: request.backoff,
      onRetry: (_error, retry, wait) =>
        core.info(
          `Attempt ${retry}: origin/${branch} moved meanwhile; re-applying on the new tip in ${wait} ms.`,
        ),
    });
  } catch (error) {
    if (error instanceof RemoteMovedError) {
      throw new Error(
        `origin/${branch} kept moving: gave up after ${request.maxAttempts} attempts (raise 'max-attempts'). Last refusal: ${error.output.trim()}`,
      );
    }
    throw error;
  }
}

/** Edits the kustomization in the work tree and commits it when it changed; returns the changes. */
async function editAndCommit(
  request: LandRequest,
): Promise<{ changes: readonly ImageChange[]; commit?: string }> {
  const file = findKustomization(request.dir);
  const { text, changes, rendering } = pinImagesInFile(file, request.pins);
  if (changes.length === 0) return { changes };
  if (rendering === 'document') {
    core.warning(
      `${file}: its layout needed the yaml library to re-render the file; spacing outside 'images' may differ.`,
    );
  }
  writeFileSync(file, text);
  return { changes, commit: await request.git.commitFile(file, request.message) };
}

/** `push` mode: commit on top of origin/<branch> and push it there. */
export function landOnBranch(request: LandRequest, branch: string): Promise<Landed> {
  const { git } = request;
  return landWithRetries(request, branch, async () => {
    await git.fetch(branch);
    await git.checkoutAt(branch, `refs/remotes/origin/${branch}`);
    const { changes, commit } = await editAndCommit(request);
    if (commit === undefined) return { commit: undefined, changes };
    await git.push(commit, branch);
    return { commit, changes };
  });
}

/**
 * `pull-request` mode: bring the bump branch up to date with base (creating it from base, or merging base into
 * it with base winning conflicting hunks, since the pins are re-applied right after), commit the pins on top and
 * push it. The reported changes are relative to base: what the pull request would change.
 */
export function landOnPullRequestBranch(request: LandRequest, base: string, head: string): Promise<Landed> {
  const { git } = request;
  return landWithRetries(request, head, async () => {
    const baseTip = await git.fetchTip(base);
    const headTip = (await git.remoteHas(head)) ? await git.fetchTip(head) : undefined;
    const file = findKustomization(request.dir);
    const baseText = await git.show(baseTip, relative(await git.topLevel(), file));
    if (pinImages(baseText, request.pins).changes.length === 0) return { commit: undefined, changes: [] };
    if (headTip === undefined) {
      await git.checkoutAt(head, baseTip);
    } else {
      await git.checkoutAt(head, headTip);
      await git.merge(`refs/remotes/origin/${base}`, `Merge ${base} into ${head}`);
    }
    const commit = (await editAndCommit(request)).commit ?? (await git.revParse('HEAD'));
    if (commit !== headTip) await git.push(commit, head);
    // Everything the branch changes against base, including earlier runs' pins of other images.
    return { commit, changes: diffImages(baseText, readFileSync(findKustomization(request.dir), 'utf8')) };
  });
}
