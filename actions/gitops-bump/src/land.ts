// Lands the bump as a fast-forward on a remote branch. Each attempt starts from the remote's tip as this
// checkout last saw it and re-applies the pins to the file as it is there (never to the work tree), so a commit
// someone else pushed meanwhile (even one that bumped another image in the same file) is kept. The push is the
// lock: a push refused because the remote moved is retried at once, after a few milliseconds of jitter, on a
// fresh fetch; anything else fails at once. Nothing is ever force-pushed.
//
// An attempt in push mode is four git processes: fetch (skipped on the first attempt, which builds on the
// checkout's own origin/<branch> as a hand-run `git push` would), cat-file (tip, directory, file), fast-import
// (the commit, built without touching the index, the work tree or a ref) and push. The pinned text is cached
// by the file's blob id, so an attempt whose tip did not change the file does not parse it again.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import * as core from '@actions/core';
import { type Backoff, withRetries } from '../../lib/retry.js';
import type { Checkout, Git } from './git.js';
import { RemoteMovedError } from './git.js';
import type { ImagePin } from './images.js';
import {
  committedKustomization,
  diffImages,
  findKustomization,
  type ImageChange,
  KUSTOMIZATION_FILES,
  KustomizationError,
  type PinResult,
  pinImages,
  pinImagesInFile,
  refuseSymlinks,
} from './kustomization.js';

export interface LandRequest {
  readonly git: Git;
  /** The Kustomize directory (absolute, real path). */
  readonly dir: string;
  readonly pins: readonly ImagePin[];
  readonly message: string;
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  /** The work tree, from Git.checkout(). */
  readonly checkout: Checkout;
  /**
   * Chooses, from the kustomization text at the tip, which pins to apply (push mode; `only-newer`), with
   * notes on the ones it left out. @defaultValue every pin
   */
  readonly select?: (text: string) => Promise<{ pins: readonly ImagePin[]; notes: readonly string[] }>;
}

/** What happened: `commit` is undefined when there was nothing to change. */
export interface Landed {
  readonly commit: string | undefined;
  readonly changes: readonly ImageChange[];
  /** Push attempts made (1 when the first push landed). */
  readonly attempts: number;
  /** What people should know about the edit (e.g. a YAML alias replaced by its own value). */
  readonly notes?: readonly string[];
}

/** A landing that failed, with how far it got, for the summary. */
export class LandingError extends Error {
  override name = 'LandingError';
  constructor(
    message: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Runs one landing attempt until it lands, fails for another reason than the remote moving, or runs out. */
async function landWithRetries(
  request: LandRequest,
  branch: string,
  attempt: (n: number) => Promise<Omit<Landed, 'attempts'>>,
): Promise<Landed> {
  let made = 0;
  try {
    return await withRetries(
      async (n) => {
        made = n;
        return { ...(await attempt(n)), attempts: n };
      },
      {
        retries: request.maxAttempts - 1,
        isRetryable: (error) => error instanceof RemoteMovedError,
        backoff: request.backoff,
        onRetry: (_error, retry, wait) =>
          core.info(
            `Attempt ${retry}: origin/${branch} moved meanwhile; re-applying on the new tip in ${wait} ms.`,
          ),
      },
    );
  } catch (error) {
    if (error instanceof RemoteMovedError) {
      throw new LandingError(
        `origin/${branch} kept moving: gave up after ${request.maxAttempts} attempts (raise 'max-attempts'). Last refusal: ${error.output.trim()}`,
        made,
        { cause: error },
      );
    }
    throw new LandingError((error as Error).message, made, { cause: error });
  }
}

/** The Kustomize directory relative to the top level ('' for the top level itself), git's way. */
function repositoryPath(request: LandRequest): string {
  const inside = relative(realpathSync(request.checkout.topLevel), request.dir);
  if (inside === '..' || inside.startsWith(`..${sep}`) || inside.includes('\n'))
    throw new KustomizationError(
      `${request.dir} is not inside the git work tree ${request.checkout.topLevel}`,
    );
  return inside.split(sep).join('/');
}

/** `push` mode: commit on top of origin/<branch> and push it there. */
export async function landOnBranch(request: LandRequest, branch: string): Promise<Landed> {
  const { git } = request;
  // Nothing is written before every check has passed: the work tree's files first, the commit's below.
  refuseSymlinks(request.dir);
  const dir = repositoryPath(request);
  const tracking = `refs/remotes/origin/${branch}`;
  const pinned = new Map<string, PinResult>();

  /** The tip, its kustomization and the pinned text; undefined when the checkout has no origin/<branch>. */
  const read = async () => {
    const snapshot = await git.snapshot(tracking, dir, KUSTOMIZATION_FILES);
    if (snapshot === undefined) return undefined;
    const file = committedKustomization(dir || '.', snapshot.entries, snapshot.files, `origin/${branch}`);
    let result = pinned.get(file.oid);
    if (result === undefined) {
      const chosen = request.select ? await request.select(file.text) : { pins: request.pins, notes: [] };
      const pinnedText = pinImages(file.text, chosen.pins);
      result = { ...pinnedText, notes: [...chosen.notes, ...pinnedText.notes] };
      pinned.set(file.oid, result);
    }
    return { tip: snapshot.commit, file, result };
  };
  const fetchAndRead = async () => {
    await git.fetch(branch, request.checkout.shallow);
    const state = await read();
    if (state === undefined) throw new KustomizationError(`${tracking} is missing after fetching it`);
    return state;
  };

  const landed = await landWithRetries(request, branch, async (n) => {
    // Retries start the next snapshot's and commit's processes while the fetch runs (see Git.warmUp).
    if (n > 1) git.warmUp();
    // The first attempt trusts the checkout's origin/<branch> (actions/checkout has just fetched it), as a
    // hand-run `git push` does; a push refused because it was stale costs one retry. Without one, when it
    // says there is nothing to do, or when it cannot be edited (a stale tip is no verdict), the remote is
    // asked first.
    const known = n === 1 ? await read().catch(() => undefined) : undefined;
    const state = known !== undefined && known.result.changes.length > 0 ? known : await fetchAndRead();
    const { tip, file, result } = state;
    if (result.changes.length === 0) return { commit: undefined, changes: [], notes: result.notes };
    if (result.rendering === 'document') {
      core.warning(
        `${dir}/${file.name}: its layout needed the yaml library to re-render the file; spacing outside 'images' may differ.`,
      );
    }
    const path = dir === '' ? file.name : `${dir}/${file.name}`;
    const commit = await git.commitFile(tip, path, file.mode, result.text, request.message);
    await git.push(commit, branch);
    return { commit, changes: result.changes, notes: result.notes };
  });
  if (landed.commit !== undefined) await moveCheckout(git, branch, landed.commit);
  return landed;
}

/**
 * Leaves the workspace on the landed commit, as the old `checkout` did, so later steps see the bump. Uncommitted
 * changes the checkout would overwrite stay as they are: git refuses, and the step only warns.
 */
async function moveCheckout(git: Git, branch: string, commit: string): Promise<void> {
  try {
    await git.checkoutAt(branch, commit);
  } catch (error) {
    core.warning(
      `Landed ${commit} on origin/${branch}, but left the workspace as it was: ${(error as Error).message}`,
    );
  }
}

/** Edits the kustomization in the work tree and commits it when it changed; returns the changes. */
async function editAndCommit(
  request: LandRequest,
): Promise<{ changes: readonly ImageChange[]; commit?: string; notes: readonly string[] }> {
  const file = findKustomization(request.dir);
  const { text, changes, rendering, notes } = pinImagesInFile(file, request.pins);
  if (changes.length === 0) return { changes, notes };
  if (rendering === 'document') {
    core.warning(
      `${file}: its layout needed the yaml library to re-render the file; spacing outside 'images' may differ.`,
    );
  }
  writeFileSync(file, text);
  return { changes, notes, commit: await request.git.commitWorkTreeFile(file, request.message) };
}

/**
 * `pull-request` mode: bring the bump branch up to date with base (creating it from base, or merging base into
 * it with base winning conflicting hunks, since the pins are re-applied right after), commit the pins on top and
 * push it. The reported changes are relative to base: what the pull request would change. The branch is
 * checked out in the work tree, so uncommitted changes to the kustomization are refused first: they would
 * otherwise be carried into the commit.
 */
export async function landOnPullRequestBranch(
  request: LandRequest,
  base: string,
  head: string,
): Promise<Landed> {
  const { git } = request;
  const workFile = findKustomization(request.dir);
  if (await git.isModified(workFile)) {
    throw new KustomizationError(
      `${workFile} has uncommitted changes; pull-request mode edits the file as it is on origin/${base}: commit or discard them first`,
    );
  }
  return landWithRetries(request, head, async () => {
    const baseTip = await git.fetchTip(base);
    const headTip = (await git.remoteHas(head)) ? await git.fetchTip(head) : undefined;
    const file = findKustomization(request.dir);
    const baseText = await git.show(baseTip, relative(request.checkout.topLevel, file).split(sep).join('/'));
    if (pinImages(baseText, request.pins).changes.length === 0) return { commit: undefined, changes: [] };
    if (headTip === undefined) {
      await git.checkoutAt(head, baseTip);
    } else {
      await git.checkoutAt(head, headTip);
      await git.merge(`refs/remotes/origin/${base}`, `Merge ${base} into ${head}`);
    }
    const edited = await editAndCommit(request);
    const commit = edited.commit ?? (await git.revParse('HEAD'));
    if (commit !== headTip) await git.push(commit, head);
    // Everything the branch changes against base, including earlier runs' pins of other images.
    return {
      commit,
      changes: diffImages(baseText, readFileSync(findKustomization(request.dir), 'utf8')),
      notes: edited.notes,
    };
  });
}
