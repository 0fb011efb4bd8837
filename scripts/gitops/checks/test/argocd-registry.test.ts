// The Argo CD checks as a set: each keeps the registry's conventions (file, test, README line with its
// summary), the passing fixture gives none of them a problem (so each case's problem comes from its one
// change), and the project's own gitops/ tree gives none of them a problem either.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ENVIRONMENTS } from '../../../../services/lib/catalogue/score-schema.js';
import { conventionProblems } from '../../../checks/conventions.js';
import { clusterDir } from '../../layout.js';
import { goodFixture, removeFixture, writeFixture } from '../../test/fixture.js';
import { gitopsChecks } from '../index.js';
import { ARGO, renderSubjects } from './argocd-fixture.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const argocdChecks = gitopsChecks.filter((c) => c.id.startsWith('argocd-'));

async function problemsOf(subject: Parameters<(typeof argocdChecks)[number]['run']>[0]) {
  const out: string[] = [];
  for (const check of argocdChecks)
    for (const p of await check.run(subject)) out.push(`${p.file}: ${check.id}: ${p.message}`);
  return out;
}

describe('the Argo CD checks', () => {
  it('are registered, each with its file, its test and its README line', () => {
    expect(argocdChecks.length).toBeGreaterThanOrEqual(20);
    expect(
      conventionProblems(argocdChecks, {
        dir: join(repoRoot, 'scripts/gitops/checks'),
        readme: join(repoRoot, 'gitops/README.md'),
      }),
    ).toEqual([]);
  });

  it("are listed in gitops/README.md's table with their own summary", () => {
    const readme = readFileSync(join(repoRoot, 'gitops/README.md'), 'utf8').split('\n');
    for (const check of argocdChecks) {
      const line = readme.find((l) => l.startsWith(`| \`${check.id}\` |`));
      expect([check.id, line?.includes(check.summary)]).toEqual([check.id, true]);
    }
  });

  it('find nothing in the passing fixture, and nothing in a building block', async () => {
    const repo = writeFixture(goodFixture());
    try {
      const subject = (await renderSubjects(repo)).get(ARGO);
      if (!subject) throw new Error(`the fixture has no tree ${ARGO}`);
      expect(subject.deployable).toBe(true);
      expect(subject.tree.objects.length).toBeGreaterThan(0);
      expect(await problemsOf(subject)).toEqual([]);
      // The same tree, broken, as a building block: it is checked where it is included, not here.
      const broken = structuredClone(subject.tree);
      for (const o of broken.objects)
        if (o.object.kind === 'Application') o.object.spec = { project: 'default' };
      expect(await problemsOf({ ...subject, tree: broken })).not.toEqual([]);
      expect(await problemsOf({ ...subject, tree: broken, deployable: false })).toEqual([]);
    } finally {
      removeFixture(repo);
    }
  });

  it("find nothing in the project's own gitops/ tree", async () => {
    const subjects = await renderSubjects(repoRoot);
    const roots = ENVIRONMENTS.map(clusterDir);
    for (const dir of roots) {
      const subject = subjects.get(dir);
      expect(subject?.deployable).toBe(true);
      expect(subject?.tree.objects.filter((o) => o.object.kind === 'Application').length).toBeGreaterThan(5);
    }
    const problems = [];
    for (const subject of subjects.values()) problems.push(...(await problemsOf(subject)));
    expect(problems).toEqual([]);
  });
});
