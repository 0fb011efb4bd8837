// action.yml is the one place a user reads an input's default, and the runner passes it when the input
// is unset. Each action's readSettings also has a fallback for '' (tests, local runs). This compares
// them for every default of every action: the settings read with the action.yml defaults filled in
// must equal the settings read with those inputs left empty, and every defaulted input must be read.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { listActions } from '../../scripts/actions/build.mjs';
import { readMetadata } from '../../scripts/actions/docs.js';
import { readSettings as awsOidcLogin } from '../aws-oidc-login/src/inputs.js';
import { readSettings as gitopsBump } from '../gitops-bump/src/inputs.js';
import { readSettings as imagePromote } from '../image-promote/src/inputs.js';
import { readSettings as imagePublish } from '../image-publish/src/inputs.js';
import { type InputReader, inputsFrom } from '../lib/inputs.js';
import { readSettings as sonarGate } from '../sonar-gate/src/inputs.js';
import { readSettings as trivyGate } from '../trivy-gate/src/inputs.js';

const workspace = mkdtempSync(join(tmpdir(), 'defaults-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
mkdirSync(join(workspace, 'gitops', 'apps', 'dev'), { recursive: true });
writeFileSync(join(workspace, 'gitops', 'apps', 'dev', 'kustomization.yaml'), 'images: []\n');
writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n');
writeFileSync(join(workspace, 'trivy.json'), '{}');

const DIGEST = `sha256:${'a'.repeat(64)}`;

interface Subject {
  /** Values for the required inputs, so that reading succeeds. */
  required: Record<string, string>;
  read: (read: InputReader) => unknown;
  /**
   * Inputs whose empty value means something of its own, so the code cannot fall back to the
   * action.yml default for '' (the runner passes '' only when a workflow sets it so): name → why.
   */
  emptyMeansSomething?: Record<string, string>;
}

const SUBJECTS: Record<string, Subject> = {
  'aws-oidc-login': {
    required: { 'role-arn': 'arn:aws:iam::123456789012:role/deploy', 'aws-region': 'eu-west-1' },
    read: (read) =>
      awsOidcLogin(read, { GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '1', GITHUB_RUN_ATTEMPT: '1' }),
  },
  'gitops-bump': {
    required: { path: 'gitops/apps/dev', images: `inventory=registry.example.com/inventory@${DIGEST}` },
    read: (read) => gitopsBump(read, workspace),
  },
  'image-promote': {
    required: { source: 'registry.example.com/team/app:sha-1', tags: '1.0.0' },
    read: (read) => imagePromote(read),
  },
  'image-publish': {
    required: { image: 'registry.example.com/team/app' },
    read: (read) => imagePublish(read, workspace),
  },
  'sonar-gate': {
    required: { token: 'sonar-token-for-the-test' },
    read: (read) => sonarGate(read, workspace),
  },
  'trivy-gate': {
    required: { report: join(workspace, 'trivy.json') },
    read: (read) => trivyGate(read),
    emptyMeansSomething: { 'ignore-file': "ignore-file: '' reads no ignore file at all" },
  },
};

describe('every action has a subject here', () => {
  it('lists exactly the actions of the repository', () => {
    expect(Object.keys(SUBJECTS).sort()).toEqual([...listActions()].sort());
  });
});

describe.each(Object.keys(SUBJECTS))('actions/%s', (name) => {
  const subject = SUBJECTS[name] as Subject;
  const meta = readMetadata(join(import.meta.dirname, '..', name)) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  const defaults = Object.fromEntries(
    Object.entries(meta.inputs ?? {})
      .filter(([, input]) => input.default !== undefined)
      .map(([input, { default: value }]) => [input, String(value)]),
  );
  const compared = Object.keys(defaults).filter((input) => !(input in (subject.emptyMeansSomething ?? {})));

  it('reads every input that has a default', () => {
    const seen = new Set<string>();
    const reader = inputsFrom(subject.required);
    subject.read((input) => {
      seen.add(input);
      return reader(input);
    });
    for (const input of Object.keys(defaults)) expect([input, seen.has(input)]).toEqual([input, true]);
  });

  it("falls back to action.yml's default for each defaulted input left empty", () => {
    const unset = subject.read(inputsFrom(subject.required));
    for (const input of compared) {
      const withDefault = subject.read(inputsFrom({ ...subject.required, [input]: defaults[input] }));
      // Named, so a failure says which default differs.
      expect({ input, settings: withDefault }).toEqual({ input, settings: unset });
    }
  });
});
