// image-publish: compute tags and labels from the event, log in, build with buildx, output the digest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { context as githubContext } from '@actions/github';
import { rawInput } from '../../lib/inputs.js';
import { buildxArgs, dockerfileArgs, readDigest } from './buildx.js';
import { runBundle } from './bundle/run-bundle.js';
import { sourceDateEpoch } from './bundle/source-date.js';
import { type Docker, dockerCli, dockerLogout } from './docker.js';
import { defaultEcrFactory, type EcrFactory } from './ecr.js';
import { type InputReader, readSettings, type Settings } from './inputs.js';
import { ociLabels, sourceUrl } from './labels.js';
import { logIn, planLogin } from './login.js';
import { type PublishResult, writeSummary } from './summary.js';
import { computeTags, type EventContext } from './tags.js';

/** What `run` talks to; tests pass stand-ins. */
export interface Deps {
  input: InputReader;
  context: EventContext;
  env: NodeJS.ProcessEnv;
  docker: Docker;
  ecr: EcrFactory;
  clock: () => Date;
  cwd: string;
}

export function defaultDeps(): Deps {
  return {
    input: rawInput,
    context: githubContext,
    env: process.env,
    docker: dockerCli(),
    ecr: defaultEcrFactory,
    clock: () => new Date(),
    cwd: process.cwd(),
  };
}

export async function run(deps: Deps = defaultDeps()): Promise<PublishResult> {
  const settings = readSettings(deps.input, deps.cwd);
  const event = computeTags(deps.context, { immutableOnly: settings.immutableTags });
  const tags = [...new Set([...event.tags, ...settings.tags])];
  // bundle is reproducible: its one time is the commit's (or SOURCE_DATE_EPOCH), never the clock.
  const created =
    settings.builder === 'bundle'
      ? sourceDateEpoch(deps.env, resolve(deps.cwd, settings.workingDirectory))
      : undefined;
  const labels = ociLabels({
    context: deps.context,
    sourceUrl: sourceUrl(deps.context, deps.env),
    version: event.version,
    title: settings.image.basename,
    now: created === undefined ? deps.clock() : new Date(created * 1000),
  });
  const digest =
    created === undefined
      ? await buildWithDocker(deps, settings, tags, labels)
      : (await runBundle({ settings, env: deps.env, ecr: deps.ecr, cwd: deps.cwd, tags, labels, created }))
          .digest;

  const result: PublishResult = {
    digest,
    imageRef: `${settings.image.name}@${digest}`,
    tags: tags.map((tag) => `${settings.image.name}:${tag}`),
    labels,
    pushed: settings.push,
    platforms: settings.platforms,
  };
  core.setOutput('digest', result.digest);
  core.setOutput('image-ref', result.imageRef);
  core.setOutput('tags', result.tags.join('\n'));
  await writeSummary(result);
  return result;
}

/** The docker builder: log in, buildx build (and push), log out; returns the digest buildx reports. */
async function buildWithDocker(
  deps: Deps,
  settings: Settings,
  tags: readonly string[],
  labels: Record<string, string>,
): Promise<string> {
  const login = planLogin(settings, deps.env);
  if (login.kind === 'none') core.info(`Not logging in: ${login.reason}.`);

  const scratch = mkdtempSync(join(deps.env.RUNNER_TEMP || tmpdir(), 'image-publish-'));
  const metadataFile = join(scratch, 'metadata.json');
  let loggedIn: string | undefined;
  let digest: string;
  try {
    loggedIn = await logIn(login, deps.docker, deps.ecr);
    const image = settings.image.name;
    const buildArgs = dockerfileArgs(settings);
    await deps.docker.run(buildxArgs({ ...settings, image, tags, labels, buildArgs, metadataFile }));
    digest = readDigest(metadataFile);
  } finally {
    // The login must not outlive the step on a self-hosted runner.
    const warning = loggedIn === undefined ? undefined : await dockerLogout(deps.docker, loggedIn);
    if (warning) core.warning(warning);
    rmSync(scratch, { recursive: true, force: true });
  }
  return digest;
}
