// Third-party actions, each pinned to the full commit SHA of a release tag (a tag can be moved; a commit
// cannot). The SHAs were read from the actions' own repositories with `git rev-parse <tag>^{commit}`;
// to upgrade one, do the same for the new tag and change both fields together.

export interface PinnedAction {
  /** owner/name (optionally /path) as in `uses:`. */
  readonly repository: string;
  /** Full 40-hex commit SHA the tag points at. */
  readonly sha: string;
  /** The release tag, rendered as a comment after the SHA. */
  readonly version: string;
}

const pin = (repository: string, version: string, sha: string): PinnedAction => ({
  repository,
  sha,
  version,
});

export const PINS = {
  checkout: pin('actions/checkout', 'v7.0.1', '3d3c42e5aac5ba805825da76410c181273ba90b1'),
  setupNode: pin('actions/setup-node', 'v7.0.0', '820762786026740c76f36085b0efc47a31fe5020'),
  uploadArtifact: pin('actions/upload-artifact', 'v7.0.0', 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f'),
  downloadArtifact: pin('actions/download-artifact', 'v8.0.1', '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c'),
  attestBuildProvenance: pin(
    'actions/attest-build-provenance',
    'v4.1.0',
    'a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32',
  ),
  attest: pin('actions/attest', 'v4.2.2', '1e69f48acb82d1966a394da916b4c1698aa569d6'),
  createGithubAppToken: pin(
    'actions/create-github-app-token',
    'v3.1.1',
    '1b10c78c7865c340bc4f6099eb2f838309f1e8c3',
  ),
  pathsFilter: pin('dorny/paths-filter', 'v4.0.2', '7b450fff21473bca461d4b92ce414b9d0420d706'),
  setupTrivy: pin('aquasecurity/setup-trivy', 'v0.3.1', '81e514348e19b6112ce2a7e3ecbafe19c1e1f567'),
  setupTerraform: pin('hashicorp/setup-terraform', 'v4.0.1', 'dfe3c3f87815947d99a8997f908cb6525fc44e9e'),
  // The tag's commit, read from github/codeql-action with `git rev-parse v4.36.2^{commit}`.
  uploadSarif: pin(
    'github/codeql-action/upload-sarif',
    'v4.36.2',
    '8aad20d150bbac5944a9f9d289da16a4b0d87c1e',
  ),
  sonarScan: pin('SonarSource/sonarqube-scan-action', 'v8.2.1', '22918119ff8e1ca75a623e15c8296b6ea4fbe28f'),
} as const satisfies Record<string, PinnedAction>;
