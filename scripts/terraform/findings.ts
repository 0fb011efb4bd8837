/** One problem found in a Terraform tree: printed as `file: rule: message`. */
export interface Finding {
  /** File (or directory) the problem is in, relative to the working directory. */
  readonly file: string;
  /** Rule id, e.g. `github-oidc-trust`; the README lists every rule. */
  readonly rule: string;
  readonly message: string;
}

export function formatFinding(f: Finding): string {
  return `${f.file}: ${f.rule}: ${f.message}`;
}
