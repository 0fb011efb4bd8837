// image-publish: compute tags and labels from the event, log in, build with buildx, output the digest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { context as githubContext } from '@actions/github';
import { rawInput } from '../../lib/inputs.js';
import { buildxArgs, readDigest } from './buildx.js';
import { type Docker, dockerCli, dockerLogout } from './docker.js';
import { defaultEcrFactory, type EcrFactory } from './ecr.js';
import { type InputReader, parseSettings } from './inputs.js';
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
  const settings = parseSettings(deps.input, deps.cwd);
  const event = computeTags(deps.context);
  const tags = [...new Set([...event.tags, ...settings.tags])];
  const labels = ociLabels({
    context: deps.context,
    sourceUrl: sourceUrl(deps.context, deps.env),
    version: event.version,
    title: settings.image.basename,
    now: deps.clock(),
  });
  const login = planLogin(settings, deps.env);
  if (login.kind === 'none') core.info(`Not logging in: ${login.reason}.`);

  const scratch = mkdtempSync(join(deps.env.RUNNER_TEMP || tmpdir(), 'image-publish-'));
  const metadataFile = join(scratch, 'metadata.json');
  let loggedIn: string | undefined;
  let digest: string;
  try {
    loggedIn = await logIn(login, deps.docker, deps.ecr);
    const image = settings.image.name;
    await deps.docker.run(buildxArgs({ ...settings, image, tags, labels, metadataFile }));
    digest = readDigest(metadataFile);
  } finally {
    // The login must not outlive the step on a self-hosted runner.
    const warning = loggedIn === undefined ? undefined : await dockerLogout(deps.docker, loggedIn);
    if (warning) core.warning(warning);
    rmSync(scratch, { recursive: true, force: true });
  }

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
