// A reader for the Java `.properties` format (java.util.Properties#load), which is what the Sonar
// scanners write report-task.txt in. Hand-written because it is small and no maintained npm package
// implements the format exactly; the rules below follow the Properties#load(Reader) documentation.

const WHITESPACE = new Set([' ', '\t', '\f']);
const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** Splits the text into logical lines: comments and blank lines dropped, `\` continuations joined. */
function logicalLines(text: string): string[] {
  const physical = text.split(/\r\n|\r|\n/);
  const lines: string[] = [];
  let current: string | undefined;
  for (const raw of physical) {
    // A continuation line's leading whitespace is discarded, as is every line's.
    const line = raw.replace(/^[ \t\f]+/, '');
    if (current === undefined && (line === '' || line.startsWith('#') || line.startsWith('!'))) continue;
    const joined = (current ?? '') + line;
    if (endsWithOddBackslashes(joined)) {
      current = joined.slice(0, -1);
    } else {
      lines.push(joined);
      current = undefined;
    }
  }
  if (current !== undefined) lines.push(current);
  return lines;
}

function endsWithOddBackslashes(line: string): boolean {
  let count = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

/** Resolves `\t`, `\n`, `\uXXXX`, and `\x` → `x` for any other character. */
function unescapeJava(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/gs, (_, escaped: string) => {
    if (escaped.length === 5) return String.fromCharCode(Number.parseInt(escaped.slice(1), 16));
    return ESCAPES[escaped] ?? escaped;
  });
}

/** Splits one logical line at the first unescaped `=`, `:` or whitespace into key and value. */
function splitEntry(line: string): [string, string] {
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '=' || ch === ':' || WHITESPACE.has(ch)) break;
    i++;
  }
  const key = line.slice(0, i);
  let rest = line.slice(i);
  // Whitespace, then at most one '=' or ':', then whitespace again separate key from value.
  rest = rest.replace(/^[ \t\f]*/, '');
  if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1);
  rest = rest.replace(/^[ \t\f]*/, '');
  return [unescapeJava(key), unescapeJava(rest)];
}

/**
 * Parses Java `.properties` text into a map; a later duplicate key wins, as in Java.
 * Keys and values are unescaped; values keep their trailing whitespace.
 */
export function parseProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of logicalLines(text.replace(/^\uFEFF/, ''))) {
    const [key, value] = splitEntry(line);
    result.set(key, value);
  }
  return result;
}
