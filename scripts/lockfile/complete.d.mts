export function platformOf(name: string): { os?: string[]; cpu?: string[]; libc?: string[] };
export function missingOptionalEntries(lock: unknown): Array<[string, Record<string, unknown>]>;
