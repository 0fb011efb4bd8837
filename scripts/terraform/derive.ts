// The Terraform files derived from the service catalogue (see scripts/catalogue/derived.ts).
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import type { DerivedFile } from '../catalogue/derived.js';

export function derivedTerraformFiles(_catalogue: Catalogue): DerivedFile[] {
  return [];
}
