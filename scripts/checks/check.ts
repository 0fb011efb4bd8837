// One check, one file, registered in one list per checker: the shape of Pod Security Admission's
// policy/check_<id>.go + registry.go and of tflint's rules (the file name is the id). A check returns
// problems; the engine stamps them with the check's id and severity, so no id is ever written twice.
import type { Finding, Problem, Severity } from './finding.js';

/** A check over one subject (a rendered GitOps tree, a parsed workflow, a parsed Terraform tree). */
export interface Check<Subject> {
  /** Kebab-case id: the check's file name (`<id>.ts`), its test (`test/<id>.test.ts`) and its README line. */
  readonly id: string;
  /** One line: what it requires. The README's line for the id says the same. */
  readonly summary: string;
  /** @defaultValue `error` */
  readonly severity?: Severity;
  /** The ids of the tool it stands in for, quoted in findings' docs and SARIF (PSA check, zizmor audit, CKV ids). */
  readonly standsFor?: readonly string[];
  run(subject: Subject): Iterable<Problem> | Promise<Iterable<Problem>>;
}

/** Identity, with the id checked once at load: kebab-case, so it can be a file name and a SARIF rule id. */
export function defineCheck<Subject>(check: Check<Subject>): Check<Subject> {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(check.id))
    throw new Error(`check id ${JSON.stringify(check.id)} is not kebab-case`);
  return check;
}

/** A checker's list of checks, refusing a repeated id (two checks printing one id would be one to a reader). */
export function registry<Subject>(checks: readonly Check<Subject>[]): readonly Check<Subject>[] {
  const seen = new Set<string>();
  for (const c of checks) {
    if (seen.has(c.id)) throw new Error(`check id ${c.id} is registered twice`);
    seen.add(c.id);
  }
  return checks;
}

export function toFinding(check: Pick<Check<unknown>, 'id' | 'severity'>, p: Problem): Finding {
  return {
    file: p.file,
    line: p.line ?? 1,
    rule: check.id,
    message: p.message,
    severity: check.severity ?? 'error',
  };
}

/** Every check of the list over one subject, in list order. */
export async function runChecks<Subject>(
  checks: readonly Check<Subject>[],
  subject: Subject,
): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const check of checks) for (const p of await check.run(subject)) out.push(toFinding(check, p));
  return out;
}
