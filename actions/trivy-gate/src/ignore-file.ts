// Trivy's plain `.trivyignore` format: one ID per line, an optional `exp:YYYY-MM-DD` field, `#` comment lines.
// Like Trivy, an entry stops applying on its expiry date (Trivy compares the date's midnight UTC with now).
// Unlike Trivy, which warns and skips a line with a bad date, a bad line here is an error: the file is a
// security decision and a typo in it should be fixed, not guessed at.

/** One line of the ignore file. */
export interface IgnoreEntry {
  /** Vulnerability ID, compared exactly (case-sensitive, as Trivy does). */
  id: string;
  /** `YYYY-MM-DD` from `exp:`; the entry applies before that date (UTC) and not from it on. */
  expires: string | undefined;
  /** 1-based line number, for messages. */
  line: number;
}

/** An ignore file that cannot be read; the message names the file and line. */
export class IgnoreFileError extends Error {
  override name = 'IgnoreFileError';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export const utcDate = (now: Date): string => now.toISOString().slice(0, 10);

/** Parses the file's text; `file` names it in errors. Fields after the ID other than `exp:` are notes. */
export function parseIgnoreFile(text: string, file: string): IgnoreEntry[] {
  const entries: IgnoreEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [id, ...rest] = line.split(/\s+/) as [string, ...string[]];
    const expiry = rest.find((field) => field.startsWith('exp:'));
    let expires: string | undefined;
    if (expiry !== undefined) {
      expires = expiry.slice('exp:'.length);
      if (!isIsoDate(expires)) {
        throw new IgnoreFileError(
          `${file} line ${index + 1}: invalid expiry '${expiry}': expected exp:YYYY-MM-DD (a real date), as in 'CVE-2019-1549 exp:2027-01-31'`,
        );
      }
    }
    if (id.startsWith('exp:')) {
      throw new IgnoreFileError(`${file} line ${index + 1}: expected a vulnerability ID before '${id}'`);
    }
    entries.push({ id, expires, line: index + 1 });
  });
  return entries;
}

/** Ignore entries split by the given day: `active` IDs apply, `expired` entries no longer do. */
export interface IgnoreList {
  active: ReadonlySet<string>;
  expired: readonly IgnoreEntry[];
}

/** Applies expiry on `today` (`YYYY-MM-DD`, UTC): an entry is expired from its `exp:` date on. */
export function activeIgnores(entries: readonly IgnoreEntry[], today: string): IgnoreList {
  const active = new Set<string>();
  const expired: IgnoreEntry[] = [];
  for (const entry of entries) {
    if (entry.expires !== undefined && entry.expires <= today) expired.push(entry);
    else active.add(entry.id);
  }
  return { active, expired };
}
