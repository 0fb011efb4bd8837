// `${{ }}` expressions as GitHub reads them: where each sits in the file (its line, even inside a
// multi-line script), and which contexts it reads. Context names are case-insensitive and may be written with
// dots or indexes (`github.event.issue.title`, `GitHub['event']['issue'].title`), and a function may read a
// whole context (`toJSON(secrets)`): a check compares the normalised path, never the raw text.
import type { Node } from 'yaml';
import type { WorkflowSource } from './source.js';

/** One context read by an expression, as a lower-case path; `*` for a wildcard or a computed index. */
export interface ContextRef {
  readonly path: readonly string[];
  /** True when an index is computed (`secrets[format('{0}', x)]`): any member may be read. */
  readonly dynamic: boolean;
  /** The function the context is passed to whole, lower-case (`tojson`, `fromjson`), if any. */
  readonly calledBy: string | undefined;
  /** Offset of the context's first character in the expression body. */
  readonly offset: number;
}

export interface Expression {
  /** The text between `${{` and `}}`. */
  readonly body: string;
  /** 1-based line of the `${{`. */
  readonly line: number;
  readonly contexts: readonly ContextRef[];
  /** 1-based line of a context of this expression (an expression may span lines). */
  lineOf(ref: ContextRef): number;
}

const FENCED = /\$\{\{([\s\S]*?)\}\}/g;
const TOKEN =
  /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_-]*)|(\*)|(&&|\|\||[=!<>]=|[.[\](),!<>]))/y;
const LITERALS = new Set(['true', 'false', 'null']);

type Token = { kind: 'string' | 'number' | 'name' | 'star' | 'punct'; text: string; at: number };

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  for (let at = 0; at < body.length; ) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(body);
    if (m === null) {
      at++; // a character no token starts with (a stray quote): skip it, as the rest still reads
      continue;
    }
    const start = at + (m[0].length - m[0].trimStart().length);
    at = TOKEN.lastIndex;
    if (m[1] !== undefined)
      tokens.push({ kind: 'string', text: m[1].slice(1, -1).replaceAll("''", "'"), at: start });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2], at: start });
    else if (m[3] !== undefined) tokens.push({ kind: 'name', text: m[3], at: start });
    else if (m[4] !== undefined) tokens.push({ kind: 'star', text: '*', at: start });
    else tokens.push({ kind: 'punct', text: m[5] as string, at: start });
  }
  return tokens;
}

/** The contexts an expression body reads (`github.event.issue.title`, `secrets`, `matrix.target`). */
export function contextsOf(body: string): ContextRef[] {
  const tokens = tokenize(body);
  const out: ContextRef[] = [];
  // The functions whose parenthesis is open, innermost last, so `toJSON(secrets)` knows its caller.
  const calls: Array<string | undefined> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const before = tokens[i - 1];
    if (t.kind === 'punct' && t.text === '(') calls.push(before?.kind === 'name' ? before.text : undefined);
    if (t.kind === 'punct' && t.text === ')') calls.pop();
    if (t.kind !== 'name' || LITERALS.has(t.text.toLowerCase())) continue;
    if (before?.kind === 'punct' && before.text === '.') continue;
    if (tokens[i + 1]?.text === '(') continue;
    const path = [t.text.toLowerCase()];
    let dynamic = false;
    let j = i + 1;
    for (;;) {
      const next = tokens[j];
      const after = tokens[j + 1];
      if (next?.text === '.' && (after?.kind === 'name' || after?.kind === 'star')) {
        path.push(after.text.toLowerCase());
        j += 2;
      } else if (next?.text === '[') {
        const close = tokens[j + 2]?.text === ']';
        if (close && after?.kind === 'string') path.push(after.text.toLowerCase());
        else if (close && (after?.kind === 'number' || after?.kind === 'star')) path.push('*');
        else {
          path.push('*');
          dynamic = true;
          // The computed index is read as an expression of its own by the outer loop.
          break;
        }
        j += 3;
      } else break;
    }
    const enclosing = calls.at(-1);
    const whole = tokens[j]?.text === ')' && tokens[i - 1]?.text === '(';
    out.push({ path, dynamic, calledBy: whole ? enclosing?.toLowerCase() : undefined, offset: t.at });
    if (!dynamic) i = j - 1;
  }
  return out;
}

/** Every `${{ }}` in the source text of a scalar node, with the line of each. */
export function expressionsIn(w: WorkflowSource, node: Node | null | undefined): Expression[] {
  if (!node?.range) return [];
  const [start, , end] = node.range;
  const raw = w.text.slice(start, end);
  return [...raw.matchAll(FENCED)].map((m) => {
    const bodyStart = start + (m.index ?? 0) + 3;
    return {
      body: m[1] as string,
      line: w.lineAt(bodyStart),
      contexts: contextsOf(m[1] as string),
      lineOf: (ref: ContextRef) => w.lineAt(bodyStart + ref.offset),
    };
  });
}

/** True when `ref` reads `pattern` (`*` matches any one part) or a member of it. */
export function reads(ref: ContextRef, pattern: string): boolean {
  const parts = pattern.split('.');
  if (ref.path.length < parts.length) return false;
  return parts.every((p, i) => p === '*' || p === ref.path[i]);
}
