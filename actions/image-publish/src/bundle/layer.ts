// One image layer from in-memory files, byte-for-byte the same on every machine: entries sorted by path,
// parent directories added, owner 0:0, fixed modes, every mtime the source date, no user/group names,
// and gzip at a fixed level (Node's zlib writes no name and a zero time in the gzip header).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/** A regular file of the layer: path without a leading slash, e.g. `app/main.js`. */
export interface LayerFile {
  readonly path: string;
  readonly content: Buffer;
  /** @defaultValue 0o644 */
  readonly mode?: number;
}

/** A layer ready to push. */
export interface Layer {
  /** The gzip-compressed tar: the blob. */
  readonly blob: Buffer;
  /** `sha256:` of the blob (the manifest's layer digest). */
  readonly digest: string;
  /** `sha256:` of the uncompressed tar (the config's `rootfs.diff_ids` entry). */
  readonly diffId: string;
  readonly uncompressedSize: number;
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
/** A fixed level, so the compressed bytes (and the digest) do not depend on a default. */
const GZIP_LEVEL = 9;

function normalise(path: string): string {
  const clean = path.replace(/^\/+/, '');
  if (clean === '' || clean.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`layer path '${path}' is not a plain relative path`);
  }
  return clean;
}

/** Builds the layer; `mtime` is seconds since the epoch (SOURCE_DATE_EPOCH). */
export async function buildLayer(files: readonly LayerFile[], mtime: number): Promise<Layer> {
  const date = new Date(mtime * 1000);
  const byPath = new Map<string, LayerFile>();
  for (const file of files) {
    const path = normalise(file.path);
    if (byPath.has(path)) throw new Error(`layer path '${path}' is given twice`);
    byPath.set(path, file);
  }
  const directories = new Set<string>();
  for (const path of byPath.keys()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) directories.add(parts.slice(0, i).join('/'));
  }
  for (const directory of directories) {
    if (byPath.has(directory)) throw new Error(`layer path '${directory}' is both a file and a directory`);
  }
  // Plain code-point order, independent of locale.
  const entries = [...directories, ...byPath.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  const owner = { uid: 0, gid: 0, uname: '', gname: '', mtime: date };
  for (const path of entries) {
    const file = byPath.get(path);
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (file === undefined) {
        pack.entry({ ...owner, name: `${path}/`, type: 'directory', mode: 0o755 }, done);
      } else {
        pack.entry({ ...owner, name: path, type: 'file', mode: file.mode ?? 0o644 }, file.content, done);
      }
    });
  }
  pack.finalize();
  await collected;
  const uncompressed = Buffer.concat(chunks);
  const blob = gzipSync(uncompressed, { level: GZIP_LEVEL });
  return { blob, digest: sha256(blob), diffId: sha256(uncompressed), uncompressedSize: uncompressed.length };
}
