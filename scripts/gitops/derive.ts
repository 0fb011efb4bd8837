// The GitOps files derived from the service catalogue (see scripts/catalogue/derived.ts): each service's
// base, each environment's service wiring, the entrypoint Ingress's routes, the NetworkPolicies between
// services (their service-port resources), and the key set of each
// environment's aws.env and names of its images list (their values and pins stay Terraform's and the
// pipeline's). gitops/README.md, Layout, says where each lives.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import { ENVIRONMENTS } from '../../services/lib/catalogue/score-schema.js';
import type { DerivedFile } from '../catalogue/derived.js';
import { awsEnvFileOf } from './derive/aws-env-file.js';
import { baseFile } from './derive/base.js';
import { overlayImagesFile } from './derive/images.js';
import { ingressFile } from './derive/ingress.js';
import { peersFile } from './derive/peers.js';
import { wiringFiles } from './derive/wiring.js';
import { APPS_DIR, serviceBaseDir } from './layout.js';

export function derivedGitopsFiles(catalogue: Catalogue): DerivedFile[] {
  return [
    ...catalogue.services.map((service) => baseFile(catalogue, service)),
    ingressFile(catalogue),
    peersFile(catalogue),
    ...ENVIRONMENTS.flatMap((env) => [
      ...wiringFiles(catalogue, env),
      awsEnvFileOf(catalogue, env),
      overlayImagesFile(catalogue, env),
    ]),
  ];
}

/**
 * The bases of services no longer declared (`gitops/apps/base/<name>`, a folder only derive writes, with
 * whatever was special to that service): derive removes them, and --check names them.
 */
export function staleGitopsFolders(catalogue: Catalogue): string[] {
  const bases = join(catalogue.root, APPS_DIR, 'base');
  if (!existsSync(bases)) return [];
  return readdirSync(bases, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !catalogue.names.includes(d.name))
    .map((d) => serviceBaseDir(d.name));
}
