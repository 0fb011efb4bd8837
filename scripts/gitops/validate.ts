// npm run validate:gitops [root]: renders and checks every kustomization under gitops/ (or root), prints
// the table and each violation as `file: [rule] object: message`, exits 1 on any violation.
import { resolve } from 'node:path';
import { report } from './table.js';
import { validateGitops } from './validate-gitops.js';

const root = resolve(process.argv[2] ?? 'gitops');
const result = await validateGitops({ root });
console.log(report(result));
process.exitCode = result.ok ? 0 : 1;
