// Argo CD matches AppProject sources and destinations with gobwas/glob (util/glob): `*` (any run of
// non-separator characters), `**` (any run), `?` (one non-separator character), `[abc]`, `[a-z]`, `[!…]`
// (one class per bracket: a list or a single range), `{a,b}` (alternatives, nestable), `\` escapes. A
// pattern that does not compile matches nothing. picomatch and minimatch differ on exactly the corners
// an attacker would use (extglobs, `[^…]`, dotfiles, `{1..3}` ranges), and neither says what a pattern can
// match; this small parser does both: it matches, and it lists what a pattern matches when that is finite,
// which is how a project tells a name written as a glob (`kube-syste[m]`) from a widened one.

type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'any' | 'super' | 'single' }
  | { readonly kind: 'class'; readonly chars: readonly string[]; readonly not: boolean }
  | { readonly kind: 'alt'; readonly options: readonly Node[][] };

export class GlobError extends Error {}

/** Parses a gobwas pattern; throws {@link GlobError} where gobwas refuses to compile it. */
export function parseGlob(pattern: string): Node[] {
  const chars = [...pattern];
  let at = 0;
  const sequence = (depth: number): Node[] => {
    const nodes: Node[] = [];
    while (at < chars.length) {
      const c = chars[at] as string;
      if (depth > 0 && (c === ',' || c === '}')) return nodes;
      at++;
      if (c === '{') nodes.push(alternatives(depth + 1));
      else if (c === '[') nodes.push(charClass());
      else if (c === '?') nodes.push({ kind: 'single' });
      else if (c === '*') {
        const isSuper = chars[at] === '*';
        if (isSuper) at++;
        nodes.push({ kind: isSuper ? 'super' : 'any' });
      } else {
        at--;
        nodes.push({ kind: 'text', text: text(depth > 0 ? '?*[{,}' : '?*[{') });
      }
    }
    if (depth > 0) throw new GlobError(`unclosed "{" in ${JSON.stringify(pattern)}`);
    return nodes;
  };
  const alternatives = (depth: number): Node => {
    const options: Node[][] = [sequence(depth)];
    while (chars[at] === ',') {
      at++;
      options.push(sequence(depth));
    }
    at++; // the closing brace (sequence threw if there was none)
    return { kind: 'alt', options };
  };
  const text = (breakers: string): string => {
    let out = '';
    while (at < chars.length) {
      let c = chars[at] as string;
      if (c === '\\') {
        at++;
        if (at >= chars.length) break;
        c = chars[at] as string;
      } else if (breakers.includes(c)) break;
      out += c;
      at++;
    }
    return out;
  };
  const charClass = (): Node => {
    const not = chars[at] === '!';
    if (not) at++;
    let members: string[];
    if (chars[at + 1] === '-' && at + 2 < chars.length) {
      const lo = chars[at] as string;
      const hi = chars[at + 2] as string;
      if ((hi.codePointAt(0) ?? 0) < (lo.codePointAt(0) ?? 0))
        throw new GlobError(`range ${lo}-${hi} is reversed in ${JSON.stringify(pattern)}`);
      members = [];
      for (let code = lo.codePointAt(0) ?? 0; code <= (hi.codePointAt(0) ?? 0); code++)
        members.push(String.fromCodePoint(code));
      at += 3;
    } else members = [...text(']')];
    if (chars[at] !== ']' || members.length === 0)
      throw new GlobError(`bad character class in ${JSON.stringify(pattern)}`);
    at++;
    return { kind: 'class', chars: members, not };
  };
  return sequence(0);
}

const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const escapeInClass = (s: string) => s.replace(/[\\\][^-]/g, '\\$&');

function toRegExpSource(nodes: readonly Node[], separators: string): string {
  const notSeparator = separators ? `[^${escapeInClass(separators)}]` : '.';
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return escapeRegExp(node.text);
        case 'any':
          return `${notSeparator}*`;
        case 'super':
          return '.*';
        case 'single':
          return notSeparator;
        case 'class':
          return `[${node.not ? '^' : ''}${node.chars.map(escapeInClass).join('')}]`;
        default:
          return `(?:${node.options.map((o) => toRegExpSource(o, separators)).join('|')})`;
      }
    })
    .join('');
}

const compiled = new Map<string, RegExp | null>();

/** gobwas' `glob.Compile(pattern, separators...).Match(text)`; false when the pattern does not compile. */
export function globMatch(pattern: string, text: string, separators = ''): boolean {
  const key = `${separators}\0${pattern}`;
  let re = compiled.get(key);
  if (re === undefined) {
    try {
      re = new RegExp(`^${toRegExpSource(parseGlob(pattern), separators)}$`, 'su');
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      re = null;
    }
    compiled.set(key, re);
  }
  return re?.test(text) ?? false;
}

/**
 * Argo CD's AppProject match (`globMatch` in app_project_types.go): a leading `!` matches every value
 * the rest does not match, so `!kube-system` allows all other namespaces.
 */
export function projectMatch(pattern: string, value: string, separators = ''): boolean {
  if (pattern.startsWith('!')) return !globMatch(pattern.slice(1), value, separators);
  return pattern === '*' || globMatch(pattern, value, separators);
}

/** Everything a project pattern can match when that is at most `limit` strings, else undefined (widened). */
export function projectExpansion(pattern: string, limit = 64): string[] | undefined {
  if (pattern.startsWith('!')) return undefined;
  let nodes: Node[];
  try {
    nodes = parseGlob(pattern);
  } catch (error) {
    if (error instanceof GlobError) return []; // matches nothing
    throw error;
  }
  const found = expand(nodes, limit);
  return found && [...new Set(found)];
}

function expand(nodes: readonly Node[], limit: number): string[] | undefined {
  let out = [''];
  for (const node of nodes) {
    let options: readonly string[] | undefined;
    if (node.kind === 'text') options = [node.text];
    else if (node.kind === 'class' && !node.not) options = node.chars;
    else if (node.kind === 'alt') {
      const all: string[] = [];
      for (const option of node.options) {
        const found = expand(option, limit);
        if (!found) return undefined;
        all.push(...found);
      }
      options = all;
    }
    if (!options || out.length * options.length > limit) return undefined;
    out = out.flatMap((prefix) => (options as readonly string[]).map((o) => prefix + o));
  }
  return out;
}

const pathCompiled = new Map<string, RegExp | null>();

/**
 * Go's `filepath.Match`, which Argo CD uses for the kinds in a project's resource white- and blacklists:
 * `*` and `?` stop at `/`, `[…]` holds ranges and members with `^` negating, `\` escapes; no braces. A
 * malformed pattern matches nothing.
 */
export function pathMatch(pattern: string, text: string): boolean {
  let re = pathCompiled.get(pattern);
  if (re === undefined) {
    re = pathRegExp(pattern);
    pathCompiled.set(pattern, re);
  }
  return re?.test(text) ?? false;
}

function pathRegExp(pattern: string): RegExp | null {
  const chars = [...pattern];
  let source = '';
  for (let at = 0; at < chars.length; at++) {
    const c = chars[at] as string;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\') {
      at++;
      if (at >= chars.length) return null;
      source += escapeRegExp(chars[at] as string);
    } else if (c === '[') {
      at++;
      const negated = chars[at] === '^';
      if (negated) at++;
      // Go's getEsc: a member is not '-' or ']' (unless escaped) and is never the pattern's last character.
      const member = (): string | undefined => {
        if (at >= chars.length || chars[at] === '-' || chars[at] === ']') return undefined;
        if (chars[at] === '\\') at++;
        const r = chars[at++];
        return r === undefined || at >= chars.length ? undefined : r;
      };
      let body = '';
      for (let ranges = 0; !(chars[at] === ']' && ranges > 0); ranges++) {
        const lo = member();
        let hi = lo;
        if (lo !== undefined && chars[at] === '-') {
          at++;
          hi = member();
        }
        if (lo === undefined || hi === undefined) return null;
        // A reversed range is not an error in Go: it matches nothing.
        if ((hi.codePointAt(0) ?? 0) >= (lo.codePointAt(0) ?? 0))
          body += lo === hi ? escapeInClass(lo) : `${escapeInClass(lo)}-${escapeInClass(hi)}`;
      }
      source += body ? `[${negated ? '^' : ''}${body}]` : negated ? '[^]' : '(?!)';
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 'su');
}
