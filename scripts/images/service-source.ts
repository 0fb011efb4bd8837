// What image-publish's bundle builder gets for one of our services in a checkout: its folder, entry,
// included files and port, read from workflows/paths.ts (the one place the workflows read them too).
import { join } from 'node:path';
import type { ServiceSource } from '../../actions/image-publish/src/bundle/service-bundle.js';
import { SERVICE_IMAGES, type Service } from '../../workflows/paths.js';

export function serviceSource(checkout: string, service: Service): { source: ServiceSource; port: number } {
  const { entry, include, port } = SERVICE_IMAGES[service];
  return { source: { workingDirectory: join(checkout, 'services', service), entry, include }, port };
}
