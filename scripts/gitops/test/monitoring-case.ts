// (tests only) The promtool checks' cases: a repo holding a copy of the real monitoring configuration
// (gitops/infrastructure/configs/monitoring), with one of its files edited, through the real validator and the real promtool.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from '@jest/globals';
import type { Finding } from '../../checks/finding.js';
import { MONITORING_DIR } from '../layout.js';
import { validateGitops } from '../validate-gitops.js';
import { copyReal, removeFixture, writeFixture } from './fixture.js';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const MONITORING = MONITORING_DIR;
export const RULES = `${MONITORING}/alerts.yaml`;

const repos: string[] = [];
afterAll(() => repos.forEach(removeFixture));

/** The findings of the monitoring tree with `edit` applied to one of its files. */
export async function validateEdited(file: string, edit: (text: string) => string): Promise<Finding[]> {
  const repo = writeFixture({});
  repos.push(repo);
  copyReal(repo, repoRoot, MONITORING);
  const path = join(repo, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return (await validateGitops({ root: join(repo, 'gitops') })).findings;
}
