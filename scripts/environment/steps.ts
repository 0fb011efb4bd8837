// The vocabulary of `npm run up|down`: steps whose arguments may be values only known at run time (a
// Terraform output, a shell command's result). A dry run prints them as the shell command
// substitutions that would compute them, so the printed plan is itself a runnable script.

/** A value read from Terraform when the step runs (with `dataDir`: the TF_DATA_DIR of one environment). */
export type Lazy =
  | { readonly kind: 'output'; readonly dir: string; readonly name: string; readonly dataDir?: string }
  | { readonly kind: 'shell'; readonly text: string };

/** One argument: literal text, a lazy value, or both concatenated (`-backend-config=bucket=<output>`). */
export type Arg = string | Lazy | readonly (string | Lazy)[];

export interface Step {
  readonly title: string;
  /** argv of the command, or a shell script run with `bash -c` (printed as is). */
  readonly command: Command;
  /** down: the step that proves the cluster still exists; when it fails the Kubernetes steps are skipped. */
  readonly probe?: boolean;
  /** Skipped when the probe failed (the cluster is already gone). */
  readonly needsCluster?: boolean;
  /** When the command exits non-zero, stop with this explanation instead of a bare failure. */
  readonly onFailure?: string;
  /**
   * When the command exits non-zero: what `up` can do about it itself, once the operator says so (a question
   * at a terminal, or `--yes`); the plan goes on when `command` succeeds. Without a terminal and without
   * `--yes`, nothing is asked and the step fails with `onFailure`.
   */
  readonly remedy?: { readonly question: string; readonly command: Command };
  /**
   * When the command exits non-zero, the plan ends here without error, with this message: what to run next
   * (the steps after it would only wait for something that cannot happen yet).
   */
  readonly stopWith?: string;
}

export type Command = readonly Arg[] | { readonly shell: string };

export const output = (dir: string, name: string, dataDir?: string): Lazy => ({
  kind: 'output',
  dir,
  name,
  ...(dataDir !== undefined && { dataDir }),
});
export const shellValue = (text: string): Lazy => ({ kind: 'shell', text });

function isLazy(v: unknown): v is Lazy {
  return typeof v === 'object' && v !== null && 'kind' in v;
}

/** The shell command that computes a lazy value. */
export function lazyCommand(v: Lazy): string {
  switch (v.kind) {
    case 'output':
      return `${v.dataDir === undefined ? '' : `env TF_DATA_DIR=${v.dataDir} `}terraform -chdir=${v.dir} output -raw ${v.name}`;
    case 'shell':
      return v.text;
  }
}

const safe = /^[A-Za-z0-9_@%+=:,./-]+$/;

function quote(text: string): string {
  return safe.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The pieces an argument is concatenated from. */
export function argParts(arg: Arg): readonly (string | Lazy)[] {
  return typeof arg === 'string' || isLazy(arg) ? [arg] : arg;
}

/** One argument as shell text: lazy parts become "$(...)". */
export function renderArg(arg: Arg): string {
  const parts = argParts(arg);
  if (parts.every((p) => typeof p === 'string')) return quote(parts.join(''));
  return `"${parts.map((p) => (typeof p === 'string' ? p.replace(/(["$`\\])/g, '\\$1') : `$(${lazyCommand(p)})`)).join('')}"`;
}

/** A step's command (or another command) as one line of shell. */
export function renderCommand(step: Pick<Step, 'command'>): string {
  return 'shell' in step.command ? step.command.shell : step.command.map(renderArg).join(' ');
}
