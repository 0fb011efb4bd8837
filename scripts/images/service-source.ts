// What image-publish's bundle builder gets for one of our services in a checkout: its folder, entry,
// included files and port, read from its declaration through workflows/paths.ts (as the workflows read them).
import { join } from 'node:path';
import type { ServiceSource } from '../../actions/image-publish/src/bundle/service-bundle.js';
import { type Service, serviceImage } from '../../workflows/paths.js';

export function serviceSource(checkout: string, service: Service): { source: ServiceSource; port: number } {
  const { entry, include, port } = serviceImage(service);
  return { source: { workingDirectory: join(checkout, 'services', service), entry, include }, port };
}
