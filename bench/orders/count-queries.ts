// (BENCH_PROFILE only) Preloaded into the orders process (`node --import`): counts the pg round trips the
// process makes, by statement (its first words), and prints them to stderr when the process exits, so
// the bench can tell how many queries an order costs. Patches pg's Client.prototype.query: the pools of
// services/lib use that same class.
import pg from 'pg';

const counts = new Map<string, number>();
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  const first = args[0];
  const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
  const label = text.replace(/\s+/g, ' ').trim().slice(0, 70);
  counts.set(label, (counts.get(label) ?? 0) + 1);
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

process.once('exit', () => {
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  process.stderr.write(
    `orders pg queries by statement:\n${sorted.map(([s, n]) => `${n}\t${s}`).join('\n')}\n`,
  );
});
