// The GitOps files derived from the service catalogue (see scripts/catalogue/derived.ts).
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import type { DerivedFile } from '../catalogue/derived.js';

export function derivedGitopsFiles(_catalogue: Catalogue): DerivedFile[] {
  return [];
}
