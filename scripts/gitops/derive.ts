// The GitOps files derived from the service catalogue (see scripts/catalogue/derived.ts): each service's
// base, each environment's service wiring, the entrypoint Ingress's routes, and the key set of each
// environment's aws.env and names of its images list (their values and pins stay Terraform's and the
// pipeline's). gitops/README.md, Layout, says where each lives.
import type { Catalogue } from '../../services/lib/catalogue/catalogue.js';
import { ENVIRONMENTS } from '../../services/lib/catalogue/score-schema.js';
import type { DerivedFile } from '../catalogue/derived.js';
import { awsEnvFileOf } from './derive/aws-env-file.js';
import { baseFile } from './derive/base.js';
import { overlayImagesFile } from './derive/images.js';
import { ingressFile } from './derive/ingress.js';
import { wiringFiles } from './derive/wiring.js';

export function derivedGitopsFiles(catalogue: Catalogue): DerivedFile[] {
  return [
    ...catalogue.services.map((service) => baseFile(catalogue, service)),
    ingressFile(catalogue),
    ...ENVIRONMENTS.flatMap((env) => [
      ...wiringFiles(catalogue, env),
      awsEnvFileOf(catalogue, env),
      overlayImagesFile(catalogue, env),
    ]),
  ];
}
