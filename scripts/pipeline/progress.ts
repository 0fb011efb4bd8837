// One line per stage (name, state, duration, what it got or why it did not run), and the final table.

/**
 * ok: ran for real and passed. unchanged: ran for real, nothing to do. absent: needs what this machine
 * does not have (the line says what, and what would have happened). skipped: not needed in this run.
 * failed: ran and failed (the flow stops, the exit code is non-zero).
 */
export type StageState = 'ok' | 'unchanged' | 'absent' | 'skipped' | 'failed';

export interface StageResult {
  readonly name: string;
  readonly state: StageState;
  readonly ms: number;
  readonly detail: string;
}

/** What a stage body returns: its state (default ok) and a one-line detail. */
export interface StageOutcome {
  readonly state?: Exclude<StageState, 'failed'>;
  readonly detail?: string;
}

export class StageFailure extends Error {}

export class Progress {
  readonly results: StageResult[] = [];

  constructor(private readonly write: (line: string) => void = (line) => console.log(line)) {}

  /** Runs a stage, prints its line, records it; rethrows a failure as StageFailure (the flow stops). */
  async stage(name: string, body: () => Promise<StageOutcome | undefined>): Promise<void> {
    const started = performance.now();
    try {
      const outcome = (await body()) ?? {};
      this.record({
        name,
        state: outcome.state ?? 'ok',
        ms: performance.now() - started,
        detail: outcome.detail ?? '',
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.record({ name, state: 'failed', ms: performance.now() - started, detail: message });
      throw new StageFailure(`${name}: ${message}`);
    }
  }

  /** A stage that cannot run here: says what is missing and what would have happened. */
  absent(name: string, detail: string): void {
    this.record({ name, state: 'absent', ms: 0, detail });
  }

  skipped(name: string, detail: string): void {
    this.record({ name, state: 'skipped', ms: 0, detail });
  }

  get failed(): boolean {
    return this.results.some((r) => r.state === 'failed');
  }

  private record(result: StageResult): void {
    this.results.push(result);
    const seconds = `${(result.ms / 1000).toFixed(2)} s`.padStart(8);
    const [first, ...rest] = result.detail.split('\n');
    this.write(`${result.name.padEnd(46)} ${result.state.padEnd(9)} ${seconds}  ${first ?? ''}`);
    for (const line of rest) this.write(`${' '.repeat(67)}${line}`);
  }
}

/** A markdown table, as the job summary shows it. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
