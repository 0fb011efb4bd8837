// The one service template: every file `npm run new:service` writes for a spec, by path relative to
// services/<name>. Each kind takes the same skeleton (main, config, service, app, routes, tests, score.yaml,
// package.json, README) and adds its parts: a database's store and first migration, a sender's publisher,
// a worker's handler and store, a web front end's public/. The shared code is services/lib's.
import { appTs } from './app-ts.js';
import { configTs } from './config-ts.js';
import { indexHtml, readme } from './docs.js';
import { handlerTs, publisherTs } from './handler-ts.js';
import { mainTs } from './main-ts.js';
import { packageJson } from './package-json.js';
import { routesTs } from './routes-ts.js';
import { scoreYaml } from './score-yaml.js';
import { serviceTs } from './service-ts.js';
import { identifiers, type ServiceSpec } from './spec.js';
import { firstMigration, storeTs } from './store-ts.js';
import { migrationsTest, serviceTest } from './tests-ts.js';

/** The files of a new service: path (relative to its folder, with `/`) → text. `root`: the repository. */
export function templateFiles(spec: ServiceSpec, root: string): Record<string, string> {
  const ids = identifiers(spec.name);
  const files: Record<string, string | undefined> = {
    'package.json': packageJson(spec, root),
    'score.yaml': scoreYaml(spec, ids),
    'README.md': readme(spec, ids),
    'src/main.ts': mainTs(ids),
    'src/config.ts': configTs(spec, ids),
    'src/service.ts': serviceTs(spec, ids),
    'src/app.ts': appTs(spec, ids),
    'src/routes.ts': routesTs(spec, ids),
    'src/store.ts': storeTs(spec, ids),
    'src/handler.ts': handlerTs(spec, ids),
    'src/publisher.ts': publisherTs(spec, ids),
    'migrations/001_init.sql': firstMigration(spec, ids),
    'public/index.html': indexHtml(spec, ids),
    'test/service.test.ts': serviceTest(spec, ids),
    'test/migrations.test.ts': migrationsTest(spec, ids),
  };
  return Object.fromEntries(
    Object.entries(files).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
