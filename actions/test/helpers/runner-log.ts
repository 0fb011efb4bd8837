// What a step's log looks like in the runner's UI: it consumes `::add-mask::` commands (never showing
// them) and masks those values. Tests that prove a secret never shows read the log through this.

/** A step's log split the way the runner does: the values it masks, and the lines it shows. */
export interface RunnerView {
  /** Values registered with `::add-mask::`, in order. */
  readonly masks: string[];
  /** Every other line, joined with `\n`. */
  readonly visible: string;
}

export function runnerView(log: string): RunnerView {
  const masks: string[] = [];
  const visible: string[] = [];
  for (const line of log.split(/\r?\n/)) {
    if (line.startsWith('::add-mask::')) masks.push(line.slice('::add-mask::'.length));
    else visible.push(line);
  }
  return { masks, visible: visible.join('\n') };
}
