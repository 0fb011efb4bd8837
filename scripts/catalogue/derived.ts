// Every file the platform derives from the service catalogue (services/*/score.yaml) and from the init
// values (init.values.json), outside the workflows (workflows/generate.ts has its own command). Each area
// contributes the files it owns; `npm run derive` writes them and `npm test` fails on any drift, so a
// declaration is the one place a service's GitOps base and Terraform inputs are edited, and init.values.json
// the one place the repository, the prefix, the domain and the rest of the platform's values are.
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import { derivedGitopsFiles, staleGitopsFolders } from '../gitops/derive.js';
import { derivedPlatformFiles } from '../platform/derive.js';
import { derivedTerraformFiles } from '../terraform/derive.js';

/** A file derived from the catalogue: path relative to the repository root, with `/`. */
export interface DerivedFile {
  readonly path: string;
  readonly text: string;
}

export function derivedFiles(catalogue: Catalogue): DerivedFile[] {
  return [
    ...derivedGitopsFiles(catalogue),
    ...derivedTerraformFiles(catalogue),
    ...derivedPlatformFiles(catalogue),
  ].sort((a, b) => a.path.localeCompare(b.path));
}

/** Folders derivation wrote for services that are no longer declared (relative to the root, with `/`). */
export function staleFolders(catalogue: Catalogue): string[] {
  return staleGitopsFolders(catalogue);
}
