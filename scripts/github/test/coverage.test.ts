// A variable or secret a workflow reads that `npm run github:setup` does not set, at the job's scope,
// fails here: the preflight would fail on GitHub for the same reason.
import { describe, expect, it } from '@jest/globals';
import { generated, WORKFLOWS } from '../../../workflows/generate.js';
import type { Workflow } from '../../../workflows/model.js';
import { workflowReads } from '../../../workflows/reads.js';
import { SECRETS, VARIABLES } from '../catalogue.js';
import { uncovered } from '../coverage.js';

/** A GitHub expression, `${{ inner }}`. */
const ref = (inner: string) => `\${{ ${inner} }}`;

const reading = (env: Record<string, string>, environment?: string): Workflow => ({
  file: 'probe.yml',
  source: 'probe',
  name: 'probe',
  on: { push: {} },
  permissions: {},
  jobs: {
    probe: {
      name: 'probe',
      'runs-on': 'ubuntu-24.04',
      'timeout-minutes': 1,
      permissions: {},
      ...(environment !== undefined && { environment }),
      steps: [{ name: 'read', env, run: 'true' }],
    },
  },
});

describe('github:setup covers what the workflows read', () => {
  it('sets every variable and secret of every job at its scope', () => {
    expect(uncovered(WORKFLOWS)).toEqual([]);
  });

  it('fails on a variable no setting provides', () => {
    expect(uncovered([reading({ X: ref('vars.NEW_THING') })])).toEqual([
      'probe.yml probe (no environment): vars.NEW_THING is not set by github:setup at this scope',
    ]);
  });

  it('fails on a role read outside the environment it is set in', () => {
    expect(uncovered([reading({ X: ref('vars.AWS_RELEASE_ROLE_ARN') }, 'dev')])).toEqual([
      'probe.yml probe (dev): vars.AWS_RELEASE_ROLE_ARN is not set by github:setup at this scope',
    ]);
    expect(uncovered([reading({ X: ref('secrets.GH_APP_PRIVATE_KEY') })])).toEqual([
      'probe.yml probe (no environment): secrets.GH_APP_PRIVATE_KEY is not set by github:setup at this scope',
    ]);
  });

  it('expands a matrix environment and knows only the environments setup creates', () => {
    const workflow = reading({ X: ref('vars.AWS_TERRAFORM_ROLE_ARN') }, `terraform-${ref('matrix.env')}`);
    const job = workflow.jobs.probe;
    if (job === undefined) throw new Error('probe job missing');
    const withMatrix = {
      ...workflow,
      jobs: { probe: { ...job, strategy: { matrix: { env: ['dev', 'qa'] } } } },
    };
    expect(uncovered([withMatrix])).toEqual([
      'probe.yml probe (terraform-qa): environment terraform-qa is not one github:setup creates',
      'probe.yml probe (terraform-qa): vars.AWS_TERRAFORM_ROLE_ARN is not set by github:setup at this scope',
    ]);
  });

  it('accepts a defaulted variable only with its reason', () => {
    expect(uncovered([reading({ X: ref("vars.RELEASE_BUMP_MODE || 'pull-request'") })])).toEqual([]);
    expect(uncovered([reading({ X: ref("vars.SOMETHING || 'x'") })])).toEqual([
      'probe.yml probe (no environment): vars.SOMETHING is read with a default but has no reason in the catalogue',
    ]);
  });

  it("holds one run's settings to what the workflows read: a required one missing fails, an optional one not", () => {
    const run = {
      variables: VARIABLES.filter((v) => v.optional === undefined && v.name !== 'AWS_PR_ROLE_ARN'),
      secrets: SECRETS.filter((s) => s.optional === undefined),
    };
    expect(uncovered(WORKFLOWS, run)).toEqual([
      expect.stringMatching(/^infra\.yml plan \(no environment\): vars\.AWS_PR_ROLE_ARN is not set/),
    ]);
    expect(
      uncovered(WORKFLOWS, { ...run, variables: [...run.variables, { name: 'AWS_PR_ROLE_ARN' }] }),
    ).toEqual([]);
  });

  it('finds every vars. reference the generated YAML holds', () => {
    // The scanner reads the definitions; the YAML is what GitHub reads: they must name the same variables.
    const fromDefinitions = new Set(workflowReads(WORKFLOWS).flatMap((r) => r.variables.map((v) => v.name)));
    const fromYaml = new Set(
      generated().flatMap(({ text }) =>
        [...text.matchAll(/\bvars(?:\.|\[')([A-Za-z0-9_]+)/g)].map((m) => m[1]),
      ),
    );
    expect([...fromYaml].sort()).toEqual([...fromDefinitions].sort());
    expect(fromDefinitions.has('AWS_REGION')).toBe(true);
  });
});
