// The workflows' per-service path filters and image matrix come from the service declarations alone:
// a third score.yaml, in a copy of the services folder, shows up in both with no other edit.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { loadCatalogue } from '../../services/lib/catalogue/catalogue.js';
import { CATALOGUE, FILTERS, SERVICE_IMAGES, SERVICES } from '../paths.js';
import { changesJob } from '../steps.js';

/** The changes job's filters input and image legs, as the generated workflow carries them. */
function derived(job: ReturnType<typeof changesJob>) {
  const steps = job.steps as ReadonlyArray<{ id?: string; with?: unknown; env?: Record<string, string> }>;
  const input = steps.find((s) => s.id === 'filter')?.with as { filters?: string } | undefined;
  const filters = parse(input?.filters ?? '') as Record<string, string[]>;
  const legs = JSON.parse(steps.find((s) => s.id === 'services')?.env?.IMAGE_LEGS ?? '{}') as Record<
    string,
    { port: string; entry: string; directory: string; include: string }
  >;
  return { filters, legs };
}

describe('derived from the catalogue', () => {
  const root = mkdtempSync(join(tmpdir(), 'derived-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('the repository: one filter and one image leg per declared service, with its declared port', () => {
    expect(SERVICES).toEqual(CATALOGUE.names);
    const { filters, legs } = derived(changesJob());
    for (const service of CATALOGUE.services) {
      expect(FILTERS[service.name]).toContain(`${service.directory}/**`);
      expect(filters[service.name]).toEqual(FILTERS[service.name]);
      expect(legs[service.name]?.port).toBe(String(service.port));
      expect(SERVICE_IMAGES[service.name]?.port).toBe(service.port);
    }
    expect(Object.keys(legs)).toEqual(CATALOGUE.names);
  });

  it('a third declaration joins the filters and the matrix without any other edit', () => {
    for (const service of CATALOGUE.services) {
      mkdirSync(join(root, service.directory), { recursive: true });
      cpSync(join(CATALOGUE.root, service.file), join(root, service.file));
      for (const file of [service.build.entry, ...service.build.include])
        cpSync(join(CATALOGUE.root, service.directory, file), join(root, service.directory, file), {
          recursive: true,
        });
    }
    // A name no repository service has: inventory's declaration renamed, on its own port, with its own entry.
    const name = 'added';
    expect(CATALOGUE.names).not.toContain(name);
    const added = parse(readFileSync(join(CATALOGUE.root, 'services/inventory/score.yaml'), 'utf8'));
    added.metadata.name = name;
    added.metadata['x-build'] = { entry: 'src/main.ts', include: [] };
    added.containers = { [name]: added.containers.inventory };
    added.containers[name].livenessProbe.httpGet.port = 8082;
    added.containers[name].readinessProbe.httpGet.port = 8082;
    added.service.ports.http.targetPort = 8082;
    added.metadata['x-routes'] = ['/v1/added'];
    added.resources.db.params.schema = name;
    mkdirSync(join(root, `services/${name}/src`), { recursive: true });
    writeFileSync(join(root, `services/${name}/src/main.ts`), 'export {};\n');
    writeFileSync(join(root, `services/${name}/score.yaml`), stringify(added));

    const catalogue = loadCatalogue(root);
    expect(catalogue.names).toEqual([...CATALOGUE.names, name].sort());
    const { filters, legs } = derived(changesJob(catalogue));
    expect(filters[name]).toContain(`services/${name}/**`);
    expect(legs[name]).toEqual({
      service: name,
      directory: `services/${name}`,
      entry: 'src/main.ts',
      port: '8082',
      include: '',
    });
    // And the repository's own services are still there, unchanged.
    for (const name of CATALOGUE.names) expect(legs[name]).toEqual(derived(changesJob()).legs[name]);
  });
});
