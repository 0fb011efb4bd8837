// git's object formats as the Git class reads and writes them: `cat-file --batch` output, tree entries, and
// fast-import's raw dates. Pure functions over buffers, so the plumbing has no parsing inside it.

/** One entry of a tree object. */
export interface TreeEntry {
  /** e.g. 100644 (file), 100755 (executable), 120000 (symbolic link), 40000 (tree). */
  readonly mode: string;
  readonly oid: string;
}

/** `<seconds> <+hhmm>` for now, in the local time zone (fast-import's raw date format). */
export function rawNow(now = new Date()): string {
  const offset = -now.getTimezoneOffset();
  const abs = Math.abs(offset);
  const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${Math.floor(now.getTime() / 1000)} ${zone}`;
}

export interface BatchObject {
  oid: string;
  type: string;
  content: Buffer;
}

/** `git cat-file --batch` output: `<oid> <type> <size>\n<content>\n` per object, or `<query> missing\n`. */
export function parseBatch(out: Buffer, count: number): Array<BatchObject | undefined> {
  const objects: Array<BatchObject | undefined> = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const nl = out.indexOf(10, at);
    if (nl === -1) throw new Error('git cat-file --batch ended early');
    const header = out.subarray(at, nl).toString('utf8');
    const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
    if (!match) {
      objects.push(undefined); // `<query> missing` or `ambiguous`
      at = nl + 1;
      continue;
    }
    const size = Number(match[3]);
    objects.push({
      oid: match[1] as string,
      type: match[2] as string,
      content: out.subarray(nl + 1, nl + 1 + size),
    });
    at = nl + 1 + size + 1;
  }
  return objects;
}

/** A tree object's entries: `<mode> <name>\0<raw oid>` each. */
export function parseTree(content: Buffer, oidBytes: number): Map<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(32, at);
    const nul = content.indexOf(0, space);
    const mode = content.subarray(at, space).toString('utf8');
    const name = content.subarray(space + 1, nul).toString('utf8');
    entries.set(name, { mode, oid: content.subarray(nul + 1, nul + 1 + oidBytes).toString('hex') });
    at = nul + 1 + oidBytes;
  }
  return entries;
}
