// A stand-in `docker` executable: no Docker engine runs on this machine, so tests put this small Node
// script first on PATH (or pass its path). It records each call's argv and stdin, and for
// `buildx build --metadata-file=…` writes a metadata file with the keys buildx writes
// (containerimage.digest, containerimage.descriptor, containerimage.config.digest, image.name, buildx.build.ref).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How the stand-in behaves; written beside it as standin.json. */
export interface StandinOptions {
  /** What the metadata file holds: a real-shaped one, none, non-JSON, or one without a digest. */
  metadata?: 'ok' | 'missing' | 'invalid' | 'no-digest';
  /** A subcommand (`login`, `build`) that exits 1 with a docker-like error. */
  fail?: 'login' | 'build';
  /**
   * A real docker CLI to hand `login` and `logout` to (with the same argv and stdin): the CLI logs in to
   * the registry itself, with no engine, so tests can log in to a real registry.
   */
  realDocker?: string;
}

/** One recorded call. */
export interface DockerCall {
  argv: string[];
  stdin: string | null;
  /** The digest written to the metadata file, for `buildx build`. */
  digest?: string;
  /** For `buildx build`: the registries DOCKER_CONFIG's config.json held credentials for. */
  auths?: string[];
}

export interface DockerStandin {
  dir: string;
  /** Absolute path of the executable. */
  path: string;
  calls(): DockerCall[];
  configure(options: StandinOptions): void;
}

const SCRIPT = String.raw`#!/usr/bin/env node
const { appendFileSync, readFileSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { join } = require('node:path');
const dir = __dirname;
const options = JSON.parse(readFileSync(join(dir, 'standin.json'), 'utf8'));
const argv = process.argv.slice(2);
const record = (entry) => appendFileSync(join(dir, 'calls.jsonl'), JSON.stringify(entry) + '\n');
const sha = (text) => 'sha256:' + createHash('sha256').update(text).digest('hex');
const value = (name) => argv.find((a) => a.startsWith('--' + name + '='))?.slice(name.length + 3);

if (argv[0] === 'login') {
  const stdin = argv.includes('--password-stdin') ? readFileSync(0, 'utf8') : null;
  record({ argv, stdin });
  if (options.realDocker) {
    const real = spawnSync(options.realDocker, argv, { input: stdin ?? '', stdio: ['pipe', 'inherit', 'inherit'] });
    process.exit(real.status ?? 1);
  }
  if (options.fail === 'login') {
    process.stderr.write('Error response from daemon: Get "https://' + argv[1] + '/v2/": unauthorized: incorrect username or password\n');
    process.exit(1);
  }
  process.stdout.write('Login Succeeded\n');
} else if (argv[0] === 'logout') {
  record({ argv, stdin: null });
  if (options.realDocker) process.exit(spawnSync(options.realDocker, argv, { stdio: 'inherit' }).status ?? 1);
  process.stdout.write('Removing login credentials for ' + argv[1] + '\n');
} else if (argv[0] === 'buildx' && argv[1] === 'build') {
  // Deterministic per command line, minus the ever-changing parts.
  const digest = sha(argv.filter((a) => !a.startsWith('--metadata-file=') && !a.includes('image.created=')).join('\0'));
  // Which registries the docker config holds credentials for while building (buildx pushes with them).
  const configFile = join(process.env.DOCKER_CONFIG || join(require('node:os').homedir(), '.docker'), 'config.json');
  let auths = [];
  try { auths = Object.keys(JSON.parse(readFileSync(configFile, 'utf8')).auths || {}); } catch {}
  record({ argv, stdin: null, digest, auths });
  process.stderr.write('#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n');
  if (options.fail === 'build') {
    process.stderr.write('ERROR: failed to solve: process "/bin/sh -c exit 1" did not complete successfully: exit code: 1\n');
    process.exit(1);
  }
  const file = value('metadata-file');
  const names = argv.filter((a) => a.startsWith('--tag=')).map((a) => a.slice(6)).join(',');
  const multi = (value('platform') || '').includes(',');
  const metadata = {
    'buildx.build.ref': 'builder/builder0/' + digest.slice(7, 32),
    ...(multi ? {} : { 'containerimage.config.digest': sha('config' + digest) }),
    'containerimage.descriptor': {
      mediaType: multi ? 'application/vnd.oci.image.index.v1+json' : 'application/vnd.oci.image.manifest.v1+json',
      digest,
      size: 1609,
    },
    'containerimage.digest': digest,
    'image.name': names,
  };
  if (options.metadata === 'invalid') writeFileSync(file, 'not json {');
  else if (options.metadata === 'no-digest') writeFileSync(file, JSON.stringify({ 'buildx.build.ref': metadata['buildx.build.ref'] }));
  else if (options.metadata !== 'missing') writeFileSync(file, JSON.stringify(metadata, null, 2));
} else {
  record({ argv, stdin: null });
  process.stderr.write('docker stand-in: unexpected command ' + argv.join(' ') + '\n');
  process.exit(2);
}
`;

const installed = new Set<string>();

/** Removes every stand-in directory made so far (call from afterAll, so failed tests clean up too). */
export function removeDockerStandins(): void {
  for (const dir of installed) rmSync(dir, { recursive: true, force: true });
  installed.clear();
}

/** Writes `docker` (and its options) into a fresh directory; put `dir` first on PATH for dist runs. */
export function installDockerStandin(options: StandinOptions = {}): DockerStandin {
  const dir = mkdtempSync(join(tmpdir(), 'docker-standin-'));
  installed.add(dir);
  const path = join(dir, 'docker');
  // CommonJS script: a package.json beside it keeps Node from reading the repository's "type": "module".
  writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}');
  writeFileSync(path, SCRIPT);
  chmodSync(path, 0o755);
  const configure = (next: StandinOptions) => writeFileSync(join(dir, 'standin.json'), JSON.stringify(next));
  configure(options);
  return {
    dir,
    path,
    configure,
    calls() {
      const log = join(dir, 'calls.jsonl');
      if (!existsSync(log)) return [];
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as DockerCall);
    },
  };
}
