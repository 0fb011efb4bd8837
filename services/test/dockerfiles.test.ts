// Both service images have the same shape: a bundle stage on node:20-bookworm-slim that installs only
// the needed workspaces without running scripts, and a distroless non-root runtime that holds only the
// bundle and the migrations (what services/*/test run from a folder without node_modules).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../lib/test-support/processes.js';

const services = [
  { name: 'inventory', port: 8080 },
  { name: 'pricing', port: 8081 },
] as const;
const dockerfile = (name: string) => readFileSync(join(repoRoot, 'services', name, 'Dockerfile'), 'utf8');

describe('service Dockerfiles', () => {
  it.each(services)('$name: multi-stage, bundle only, distroless, non-root', ({ name, port }) => {
    const stages = dockerfile(name)
      .split(/^FROM /m)
      .slice(1);
    expect(stages.length).toBe(2);
    const [build, runtime] = stages as [string, string];
    expect(build).toMatch(/^node:20-bookworm-slim AS build$/m);
    expect(build).toMatch(/^RUN npm ci --ignore-scripts /m);
    expect(build).toContain(`--workspace @delivery/lib --workspace @delivery/${name}`);
    expect(build).toContain(`RUN node services/build.mjs ${name} --outdir /out`);
    expect(runtime).toMatch(/^gcr\.io\/distroless\/nodejs20-debian12:nonroot$/m);
    expect(runtime).toMatch(/^USER nonroot$/m);
    expect(runtime.match(/^(COPY|ADD) .*$/gm)).toEqual(['COPY --from=build /out/ /app/']);
    expect(runtime).toMatch(new RegExp(`^ENV NODE_ENV=production PORT=${port}$`, 'm'));
    expect(runtime).toContain('CMD ["--enable-source-maps", "main.js"]');
  });

  it('the two differ only in the service name and port', () => {
    // Every workspace manifest is copied in both (npm ci needs them all): those lines name both services.
    const generic = ({ name, port }: (typeof services)[number]) =>
      dockerfile(name)
        .replace(/^COPY services\/(inventory|pricing)\/package\.json .*\n/gm, '')
        .replaceAll(name, 'SERVICE')
        .replaceAll(String(port), 'PORT');
    expect(generic(services[1])).toBe(generic(services[0]));
  });
});
