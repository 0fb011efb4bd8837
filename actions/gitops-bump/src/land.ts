// Lands the bump as a fast-forward on a remote branch. Each attempt starts from the remote's current tip and
// re-applies the pins to the file as it is there, so a commit someone else pushed meanwhile (even one that
// bumped another image in the same file) is kept. A push refused because the remote moved is retried with
// jittered exponential backoff; anything else fails at once. Nothing is ever force-pushed.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import * as core from '@actions/core';
import pRetry from 'p-retry';
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

/**
 * Backoff between push attempts: "full jitter", a uniformly random wait up to `baseMs · 2^(attempt-1)`
 * capped at `capMs`. Racing runners spread out instead of colliding again in lockstep.
 */
export interface Backoff {
  /** @defaultValue 1000 */
  readonly baseMs: number;
  /** @defaultValue 15000 */
  readonly capMs: number;
  /** @defaultValue a setTimeout promise */
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). @defaultValue Math.random */
  readonly random: () => number;
}

export const DEFAULT_BACKOFF: Backoff = {
  baseMs: 1000,
  capMs: 15_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The wait after failed attempt `attempt` (1-based). */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  return Math.floor(backoff.random() * Math.min(backoff.capMs, backoff.baseMs * 2 ** (attempt - 1)));
}

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

async function withRetries(
  request: LandRequest,
  branch: string,
  attempt: (n: number) => Promise<Omit<Landed, 'attempts'>>,
): Promise<Landed> {
  try {
    return await pRetry(async (n) => ({ ...(await attempt(n)), attempts: n }), {
      retries: request.maxAttempts - 1,
      // p-retry's own delay is off: the jittered wait happens in onFailedAttempt.
      minTimeout: 0,
      shouldRetry: ({ error }) => error instanceof RemoteMovedError,
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (!(error instanceof RemoteMovedError) || retriesLeft === 0) return;
        const wait = backoffDelay(request.backoff, attemptNumber);
        core.info(
          `Attempt ${attemptNumber}: origin/${branch} moved meanwhile; re-applying on the new tip in ${wait} ms.`,
        );
        await request.backoff.sleep(wait);
      },
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
  return withRetries(request, branch, async () => {
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
  return withRetries(request, head, async () => {
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
