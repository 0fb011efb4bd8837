// Reads and validates every input once, before any side effect, into one readonly settings object.
import { isAbsolute, join, resolve } from 'node:path';
import * as core from '@actions/core';
import { InputError, type InputReader, parseBoolean, parseList, runnerInputs } from '../../lib/inputs.js';
import {
  type ImageReference,
  InvalidReferenceError,
  parseReference,
  TAG_PATTERN,
} from '../../lib/oci-reference.js';
import { parseImage, type Repository } from './repository.js';
import { isKind, parseService, parseSource } from './service-inputs.js';

/** Registry credentials given as inputs. */
export interface Credentials {
  username: string;
  /** Masked as soon as it is read. */
  password: string;
}

/** The validated inputs of image-publish. */
export interface Settings {
  readonly image: Repository;
  /** Build context directory, as given. @defaultValue `.` */
  readonly context: string;
  /** `docker` (buildx) or `bundle` (esbuild bundle on a base, pushed through the registry API). */
  readonly builder: 'docker' | 'bundle';
  /** Dockerfile path, relative to the working directory (docker only). @defaultValue `<context>/Dockerfile` */
  readonly dockerfile: string;
  /** The base image, pinned by digest (required by bundle; docker passes it as RUNTIME_IMAGE). */
  readonly base: ImageReference | undefined;
  /** docker only: services/Dockerfile's SERVICE build argument. */
  readonly service: string | undefined;
  /** The port the service listens on (required by bundle; docker passes it as the PORT build argument). */
  readonly port: number | undefined;
  /** bundle: the service's folder, as given; `entry` and `include` are relative to it. @defaultValue `.` */
  readonly workingDirectory: string;
  /** bundle: the entry file, relative to the working directory (required by bundle). */
  readonly entry: string | undefined;
  /** bundle: files or folders shipped beside the bundle, relative to the working directory. */
  readonly include: readonly string[];
  /** Target platforms, e.g. `['linux/amd64', 'linux/arm64']`. @defaultValue `['linux/amd64']` */
  readonly platforms: readonly string[];
  /** Push to the registry (and log in first). @defaultValue true */
  readonly push: boolean;
  /** Extra tags, added after the computed ones. */
  readonly tags: readonly string[];
  /** Push only the computed tags that never move (see `computeTags`). @defaultValue false */
  readonly immutableTags: boolean;
  readonly credentials: Credentials | undefined;
}

/** The one input reader type of the actions (actions/lib/inputs.ts). */
export type { InputReader };

// os/architecture[/variant], as buildx and the OCI image index spell platforms.
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;

function localPath(name: string, value: string, cwd: string, kind: 'directory' | 'file'): string {
  // A value starting with '-' would reach buildx as an option, not a path.
  if (value.startsWith('-')) throw new InputError(name, `a ${kind} path, not an option`, value);
  if (!isKind(isAbsolute(value) ? value : resolve(cwd, value), kind)) {
    throw new InputError(name, `an existing ${kind} (relative to ${cwd})`, value);
  }
  return value;
}

/** Parses all inputs; throws an InputError naming the first bad one. `cwd` resolves relative paths. */
export function readSettings(
  read: InputReader = runnerInputs,
  cwd = process.env.GITHUB_WORKSPACE ?? process.cwd(),
): Settings {
  // Mask first: a later validation error must not be the first place the password shows up.
  const password = read('registry-password');
  if (password !== '') core.setSecret(password);
  const username = read('registry-username');
  if ((username === '') !== (password === '')) {
    const missing = username === '' ? 'registry-username' : 'registry-password';
    throw new InputError(missing, 'both registry-username and registry-password, or neither');
  }

  const imageValue = read('image');
  if (imageValue === '')
    throw new InputError('image', 'an image repository such as registry.example.com/team/app');
  const image = parseImage(imageValue);
  if (typeof image === 'string') {
    throw new InputError(
      'image',
      `a repository [host[:port]/]path without tag or digest (${image})`,
      imageValue,
    );
  }

  const context = localPath('context', read('context') || '.', cwd, 'directory');
  const workingDirectory = localPath('working-directory', read('working-directory') || '.', cwd, 'directory');
  const builder = parseBuilder(read);
  const service = parseService(read, builder.builder === 'bundle');
  const source = parseSource(read, builder.builder === 'bundle', resolve(cwd, workingDirectory));
  const dockerfileValue = read('dockerfile');
  const dockerfile =
    builder.builder === 'docker'
      ? localPath('dockerfile', dockerfileValue || join(context, 'Dockerfile'), cwd, 'file')
      : '';

  const platforms = [...new Set(parseList(read('platforms') || 'linux/amd64'))];
  if (platforms.length === 0) throw new InputError('platforms', 'at least one platform such as linux/amd64');
  for (const platform of platforms) {
    if (!PLATFORM.test(platform)) {
      throw new InputError(
        'platforms',
        'a list of os/arch[/variant] such as linux/amd64,linux/arm64',
        platform,
      );
    }
  }

  const tags = [...new Set(parseList(read('tags')))];
  for (const tag of tags) {
    if (!TAG_PATTERN.test(tag)) {
      throw new InputError('tags', 'Docker tags: [A-Za-z0-9_] then up to 127 of [A-Za-z0-9_.-]', tag);
    }
  }

  return {
    image,
    context,
    ...builder,
    ...service,
    ...source,
    workingDirectory,
    dockerfile,
    platforms,
    push: parseBoolean('push', read('push'), true),
    tags,
    immutableTags: parseBoolean('immutable-tags', read('immutable-tags'), false),
    credentials: username === '' ? undefined : { username, password },
  };
}

/** `builder` and `base`: bundle requires the base; docker passes it to the Dockerfile as RUNTIME_IMAGE. */
function parseBuilder(read: InputReader): Pick<Settings, 'builder' | 'base'> {
  const builder = read('builder') || 'docker';
  if (builder !== 'docker' && builder !== 'bundle')
    throw new InputError('builder', 'docker or bundle', builder);
  const required = builder === 'bundle';
  const baseValue = read('base');
  let base: ImageReference | undefined;
  if (baseValue !== '' || required) {
    try {
      base = parseReference(baseValue);
    } catch (error) {
      if (!(error instanceof InvalidReferenceError)) throw error;
      throw new InputError(
        'base',
        `${required ? 'with builder bundle, ' : ''}an image reference pinned by digest (name@sha256:…)`,
        baseValue === '' ? undefined : baseValue,
      );
    }
    if (base.digest === undefined) {
      throw new InputError(
        'base',
        'a reference pinned by digest (name@sha256:…), so the build is reproducible',
        baseValue,
      );
    }
  }
  return { builder, base };
}
