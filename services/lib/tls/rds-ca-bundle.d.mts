export const RDS_CA_BUNDLE_FILE: string;
export const RDS_CA_SOURCE: string;
export const RDS_CA_BUNDLE_SHA256: string;
export function rdsCaBundle(): string;
export function writeRdsCaBundle(dir: string): Promise<string>;
