// A small evaluator for the literal part of HCL expressions: hcl2json leaves `jsonencode({...})` as the
// source text `${jsonencode({...})}`, and a policy written that way is still a policy. Objects, tuples,
// strings (their `${...}` kept as text), numbers, booleans and null are read; a reference (`var.x`,
// `local.y.z`) is handed to the caller's resolver; anything else (a function call, a conditional, a `for`)
// is an Unknown carrying its source, never guessed as safe.

/** A value the tree does not determine here. */
export class Unknown {
  constructor(readonly source: string) {}
}

export type Value = string | number | boolean | null | Unknown | Value[] | { [key: string]: Value };

/** Resolves `var.x.y` / `local.x` traversals; returns an Unknown when the tree does not know the value. */
export type Resolver = (traversal: string) => Value;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const identStart = /[A-Za-z_]/;
const identPart = /[A-Za-z0-9_-]/;

class Reader {
  i = 0;
  constructor(
    readonly text: string,
    readonly resolve: Resolver,
  ) {}

  /** Skips blanks and comments; with `newlines` false, stops at the end of the line. */
  skip(newlines = true): void {
    const t = this.text;
    for (;;) {
      while (isSpace(t[this.i]) && (newlines || t[this.i] !== '\n')) this.i++;
      if (t[this.i] === '#' || (t[this.i] === '/' && t[this.i + 1] === '/')) {
        while (this.i < t.length && t[this.i] !== '\n') this.i++;
      } else if (t[this.i] === '/' && t[this.i + 1] === '*') {
        const end = t.indexOf('*/', this.i + 2);
        this.i = end === -1 ? t.length : end + 2;
      } else return;
    }
  }

  /** One whole expression; a trailing operator (`a ? b : c`, `a + b`) makes it Unknown. */
  expression(stops: string): Value {
    const start = this.i;
    const value = this.primary();
    this.skip(false);
    const next = this.text[this.i];
    if (next === undefined || next === '\n' || stops.includes(next)) return value;
    // Not a literal we understand: skip to the end of this expression and keep its source.
    this.skipTo(stops);
    return new Unknown(this.text.slice(start, this.i).trim());
  }

  primary(): Value {
    this.skip();
    const t = this.text;
    const c = t[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    if (c === '<' && t[this.i + 1] === '<') return this.heredoc();
    if (c !== undefined && /[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(t.slice(this.i));
      if (m) {
        this.i += m[0].length;
        return Number(m[0]);
      }
    }
    if (c === '(') {
      this.i++;
      const v = this.expression(')');
      this.i++;
      return v;
    }
    if (c !== undefined && identStart.test(c)) {
      const start = this.i;
      let path = '';
      while (this.i < t.length && (identPart.test(t[this.i] as string) || t[this.i] === '.')) this.i++;
      path = t.slice(start, this.i);
      if (t[this.i] === '(' || t[this.i] === '[') {
        this.skipBalanced();
        return new Unknown(t.slice(start, this.i));
      }
      if (path === 'true') return true;
      if (path === 'false') return false;
      if (path === 'null') return null;
      return this.resolve(path);
    }
    const start = this.i;
    this.skipTo(',}]\n');
    return new Unknown(t.slice(start, this.i));
  }

  object(): Value {
    const out: { [key: string]: Value } = {};
    this.i++;
    for (;;) {
      this.skip();
      if (this.text[this.i] === '}') {
        this.i++;
        return out;
      }
      if (this.i >= this.text.length) throw new Error('unclosed object');
      const key = this.key();
      this.skip();
      const sep = this.text[this.i];
      if (sep !== '=' && sep !== ':') throw new Error(`expected = or : after ${JSON.stringify(key)}`);
      this.i++;
      const value = this.expression(',}\n');
      if (typeof key === 'string') out[key] = value;
      else out[`\${${key.source}}`] = value;
      this.skip();
      if (this.text[this.i] === ',') this.i++;
    }
  }

  key(): string | Unknown {
    const t = this.text;
    if (t[this.i] === '"') {
      const s = this.string();
      return s;
    }
    if (t[this.i] === '(') {
      this.i++;
      const v = this.expression(')');
      this.i++;
      return typeof v === 'string' ? v : new Unknown(JSON.stringify(v));
    }
    const start = this.i;
    while (this.i < t.length && identPart.test(t[this.i] as string)) this.i++;
    if (this.i === start) throw new Error(`unexpected ${JSON.stringify(t[this.i])} in an object`);
    return t.slice(start, this.i);
  }

  tuple(): Value {
    const out: Value[] = [];
    this.i++;
    this.skip();
    if (/^for\s/.test(this.text.slice(this.i))) {
      const start = this.i - 1;
      this.i--;
      this.skipBalanced();
      return new Unknown(this.text.slice(start, this.i));
    }
    for (;;) {
      this.skip();
      if (this.text[this.i] === ']') {
        this.i++;
        return out;
      }
      if (this.i >= this.text.length) throw new Error('unclosed tuple');
      out.push(this.expression(',]'));
      this.skip();
      if (this.text[this.i] === ',') this.i++;
    }
  }

  /** A quoted string with its escapes decoded; `${...}` and `%{...}` stay as written. */
  string(): string {
    const t = this.text;
    let out = '';
    this.i++;
    while (this.i < t.length && t[this.i] !== '"') {
      const c = t[this.i] as string;
      if (c === '\\') {
        const n = t[this.i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (n === 'u') {
          out += String.fromCharCode(Number.parseInt(t.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          out += map[n ?? ''] ?? n ?? '';
          this.i += 2;
        }
      } else if ((c === '$' || c === '%') && t[this.i + 1] === '{') {
        const start = this.i;
        this.i++;
        this.skipBalanced();
        out += t.slice(start, this.i);
      } else {
        out += c;
        this.i++;
      }
    }
    this.i++;
    return out;
  }

  heredoc(): string {
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(this.text.slice(this.i));
    if (!m) throw new Error('malformed heredoc');
    this.i += m[0].length;
    const end = new RegExp(`^[ \\t]*${m[2]}[ \\t]*$`, 'm');
    const rest = this.text.slice(this.i);
    const found = end.exec(rest);
    const body = found ? rest.slice(0, found.index) : rest;
    this.i += found ? found.index + found[0].length : rest.length;
    return body;
  }

  /** From an opening bracket to its match, skipping strings. */
  skipBalanced(): void {
    const t = this.text;
    const open = t[this.i] as string;
    const close = ({ '(': ')', '[': ']', '{': '}' } as Record<string, string>)[open] ?? '';
    let depth = 0;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === '"') {
        this.string();
        continue;
      }
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        this.i++;
        return;
      }
      this.i++;
    }
  }

  /** To the next stop character at depth 0 (not consuming it). */
  skipTo(stops: string): void {
    const t = this.text;
    while (this.i < t.length && !stops.includes(t[this.i] as string)) {
      const c = t[this.i] as string;
      if (c === '"') this.string();
      else if ('([{'.includes(c)) this.skipBalanced();
      else this.i++;
    }
  }
}

/**
 * The value of an HCL expression's source text. A whole `${jsonencode(X)}` (hcl2json's form) is read as X.
 * Throws on text that is not an expression at all.
 */
export function evaluate(source: string, resolve: Resolver): Value {
  const inner = /^\$\{\s*jsonencode\(([\s\S]*)\)\s*\}$/.exec(source.trim());
  const reader = new Reader(inner ? (inner[1] as string) : source, resolve);
  const value = reader.expression('');
  return value;
}

/** True when a value, or anything inside it, is unknown. */
export function hasUnknown(v: Value): boolean {
  if (v instanceof Unknown) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasUnknown);
  return false;
}
