// The metric names a PromQL expression reads, so tests can check them against what the services
// really export. A small scanner rather than a parser: it drops strings, label matchers, ranges and
// grouping clauses, then keeps every identifier that is not a function call, a keyword or a number.
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)) {
    const [token, call] = match;
    const name = token.replace(/\s*\($/, '');
    const before = stripped[match.index - 1] ?? ' ';
    if (call || KEYWORDS.has(name.toLowerCase()) || /[0-9.]/.test(before)) continue;
    names.add(name);
  }
  return [...names].sort();
}

/** Whether `/metrics` text exposes the family a sample name belongs to (`x_bucket` -> histogram `x`). */
export function exposes(metricsText: string, name: string): boolean {
  const types = new Map(
    [...metricsText.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]),
  );
  if (types.has(name)) return true;
  const base = name.replace(/_(bucket|count|sum)$/, '');
  return base !== name && ['histogram', 'summary'].includes(types.get(base) ?? '');
}
