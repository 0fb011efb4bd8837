// The workflow checks, registered once: `npm run lint:workflows` runs them in this order, and the README's
// "Security rules" table has a line for each id.
import { registry } from '../../../scripts/checks/check.js';
import type { WorkflowSource } from '../source.js';
import artipacked from './artipacked.js';
import botConditions from './bot-conditions.js';
import cachePoisoning from './cache-poisoning.js';
import dangerousTriggers from './dangerous-triggers.js';
import deployConcurrency from './deploy-concurrency.js';
import excessivePermissions from './excessive-permissions.js';
import githubEnv from './github-env.js';
import idToken from './id-token.js';
import insecureCommands from './insecure-commands.js';
import overprovisionedSecrets from './overprovisioned-secrets.js';
import pinVersionComment from './pin-version-comment.js';
import productionSecrets from './production-secrets.js';
import secretsInherit from './secrets-inherit.js';
import secretsOutsideEnv from './secrets-outside-env.js';
import templateInjection from './template-injection.js';
import undocumentedPermissions from './undocumented-permissions.js';
import unpinnedImages from './unpinned-images.js';
import unpinnedUses from './unpinned-uses.js';

export const WORKFLOW_CHECKS = registry<WorkflowSource>([
  templateInjection,
  excessivePermissions,
  undocumentedPermissions,
  idToken,
  artipacked,
  dangerousTriggers,
  productionSecrets,
  secretsOutsideEnv,
  secretsInherit,
  overprovisionedSecrets,
  unpinnedUses,
  pinVersionComment,
  unpinnedImages,
  deployConcurrency,
  cachePoisoning,
  githubEnv,
  insecureCommands,
  botConditions,
]);
