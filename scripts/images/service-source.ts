// What image-publish's bundle builder gets for one of our services in a checkout: its folder, entry,
// included files and port, read from its declaration through workflows/paths.ts (as the workflows read them),
// and the step the image jobs run before it: the service's build script (a front end's page).
import { join } from 'node:path';
import type { ServiceSource } from '../../actions/image-publish/src/bundle/service-bundle.js';
import { publish } from '../../workflows/main.js';
import { type Service, serviceImage } from '../../workflows/paths.js';
import { SERVICE_BUILD_ID } from '../../workflows/steps.js';
import { matrixOf } from '../pipeline/context.js';
import { runStep } from '../pipeline/expressions.js';
import { runScript } from '../pipeline/runner.js';

export function serviceSource(checkout: string, service: Service): { source: ServiceSource; port: number } {
  const { entry, include, port } = serviceImage(service);
  return { source: { workingDirectory: join(checkout, 'services', service), entry, include }, port };
}

/** The image jobs' "Run the service's build script" step, from the workflow's definition, in `checkout`. */
export async function runServiceBuildStep(checkout: string, service: Service): Promise<void> {
  const step = runStep(publish, SERVICE_BUILD_ID, matrixOf(service));
  await runScript(checkout, step.run, { env: step.env });
}
