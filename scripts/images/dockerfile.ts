// Builds services/Dockerfile for one service with podman, with the build arguments the Dockerfile takes
// (SERVICE, PORT, BUILD_IMAGE, RUNTIME_IMAGE): the one place tests and benches spell them out.
import { join } from 'node:path';
import { SERVICE_IMAGES, type Service } from '../../workflows/paths.js';
import { buildImage, type PodmanCall } from '../lib/podman.js';

export interface ServiceDockerfileBuild extends PodmanCall {
  /** A checkout of the repository: the build context. */
  readonly source: string;
  readonly service: Service;
  /** Local name given to the image, e.g. `localhost/inventory:dockerfile`. */
  readonly tag: string;
  /** The build stage's base (node with npm) and the runtime base, each pinned by digest. */
  readonly buildBase: string;
  readonly runtimeBase: string;
  /** Layer and config times (`--timestamp`): the commit time, as the bundle builder uses. */
  readonly created: number;
}

/** `podman build` of services/Dockerfile for `service`, lending it the machine's npm cache. */
export function buildServiceDockerfile(options: ServiceDockerfileBuild): Promise<string> {
  const { source, service, tag, created, buildBase, runtimeBase, ...call } = options;
  return buildImage({
    ...call,
    context: source,
    dockerfile: join(source, 'services', 'Dockerfile'),
    tag,
    buildArgs: {
      BUILD_IMAGE: buildBase,
      RUNTIME_IMAGE: runtimeBase,
      SERVICE: service,
      PORT: String(SERVICE_IMAGES[service].port),
    },
    timestamp: created,
    npmCache: true,
  });
}
