// Every GitOps check, in the order findings are printed: one file each, named by its id (see ../README and
// scripts/checks/conventions.ts). The validator runs them on each rendered tree.
import { registry } from '../../checks/check.js';
import addonDependencies from './addon-dependencies.js';
import chartFacts from './chart-facts.js';
import fargate from './fargate.js';
import type { TreeSubject } from './subject.js';

export const gitopsChecks = registry<TreeSubject>([chartFacts, fargate, addonDependencies]);
