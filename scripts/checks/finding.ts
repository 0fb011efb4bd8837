// The one shape every checker reports in (validate:gitops, lint:workflows, check:terraform) and its one text
// form, `file:line: rule: message`, so an editor, a reviewer and code scanning read all three alike.

/** `error` fails the check; `warning` is printed (and uploaded) but does not fail it. */
export type Severity = 'error' | 'warning';

/** One problem: where it is, which check found it, and what to do about it. */
export interface Finding {
  /** Repository-relative path (or the path as given on the command line). */
  readonly file: string;
  /** 1-based line; 1 when the problem belongs to the whole file. */
  readonly line: number;
  /** The id of the check that found it (its file name; the README lists every id). */
  readonly rule: string;
  readonly message: string;
  readonly severity: Severity;
}

/** What a check reports; the engine adds the check's own id and severity. */
export interface Problem {
  readonly file: string;
  /** @defaultValue 1 */
  readonly line?: number;
  readonly message: string;
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}: ${f.rule}: ${f.message}${f.severity === 'warning' ? ' (warning)' : ''}`;
}

/** Findings in file, line, rule order, each printed once (a module checked from two callers reports once). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const unique = [...new Map(findings.map((f) => [formatFinding(f), f])).values()];
  return unique.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.rule.localeCompare(b.rule) ||
      a.message.localeCompare(b.message),
  );
}

/** True when a finding should fail the run. */
export const failing = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === 'error');
