// A scratch copy of the repository's declarations and terraform/, with more services declared: each a copy
// of inventory's score.yaml under its own name and queue id. The Terraform inputs are derived into it as
// `npm run derive` would, so a test (or the bench) sees what adding a service does to the configuration.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  type Catalogue,
  declaredFolders,
  loadCatalogue,
  REPOSITORY_ROOT,
} from '../../services/lib/catalogue/catalogue.js';
import { writeDerived } from '../catalogue/derive.js';
import { derivedTerraformFiles } from '../terraform/derive.js';

export interface AddedService {
  readonly name: string;
  /** The queue id it names (its own, or one another service names). */
  readonly queue: string;
  readonly direction: 'send' | 'receive';
}

export interface ScratchRepository {
  readonly root: string;
  readonly catalogue: Catalogue;
  remove(): void;
}

/** inventory's declaration, renamed: its own name, container, schema and queue use. */
export function declarationOf(service: AddedService): string {
  const doc = parse(readFileSync(join(REPOSITORY_ROOT, 'services/inventory/score.yaml'), 'utf8'));
  doc.metadata.name = service.name;
  doc.containers = { [service.name]: doc.containers.inventory };
  doc.resources.db.params.schema = service.name.replaceAll('-', '_');
  doc.resources.events.id = service.queue;
  doc.resources.events.metadata.annotations['platform.shop/direction'] = service.direction;
  return stringify(doc);
}

function declare(root: string, folder: string, text: string): void {
  const dir = join(root, 'services', folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'score.yaml'), text);
}

/** The repository's own declarations plus `added`, with terraform/ and its derived inputs. */
export function scratchRepository(added: readonly AddedService[] = []): ScratchRepository {
  const root = mkdtempSync(join(tmpdir(), 'tf-services-'));
  for (const folder of declaredFolders(REPOSITORY_ROOT))
    declare(root, folder, readFileSync(join(REPOSITORY_ROOT, 'services', folder, 'score.yaml'), 'utf8'));
  for (const service of added) declare(root, service.name, declarationOf(service));
  // What each declaration says it builds must exist (the loader checks): empty stand-ins will do.
  for (const folder of declaredFolders(root)) {
    const text = readFileSync(join(root, 'services', folder, 'score.yaml'), 'utf8');
    const build = parse(text).metadata['x-build'] as { entry: string; include: string[] };
    const entry = join(root, 'services', folder, build.entry);
    mkdirSync(dirname(entry), { recursive: true });
    writeFileSync(entry, '');
    for (const include of build.include)
      mkdirSync(join(root, 'services', folder, include), { recursive: true });
  }
  cpSync(join(REPOSITORY_ROOT, 'terraform'), join(root, 'terraform'), {
    recursive: true,
    filter: (source) => !source.split('/').includes('.terraform'),
  });
  const catalogue = loadCatalogue(root);
  writeDerived(root, derivedTerraformFiles(catalogue));
  return { root, catalogue, remove: () => rmSync(root, { recursive: true, force: true }) };
}
