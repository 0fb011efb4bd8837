// Provenance follows what the repository's plan supports. Artifact attestations need a public repository or a
// plan that includes them for private ones: there, `actions/attest*` fails. One variable, PROVENANCE
// (`attest` | `off`, missing = `attest`), turns them off: at the repository for main.yml's signing, and, read
// by the release in the `production` environment, for the release's verification. github:setup always sets
// production's own value (default `attest`), so a repository-level `off` never reaches the release: skipping
// verification is an explicit choice on `production`, and the release's job summary says so.
import type { Step } from './model.js';

/** The `if:` of every step that signs or verifies provenance (GitHub compares strings case-insensitively). */
export const PROVENANCE_ON = "(vars.PROVENANCE || 'attest') != 'off'";

/** The variable as a step reads it, with its default. */
export const PROVENANCE_VALUE = "${{ vars.PROVENANCE || 'attest' }}";

/** Fails on any value but `attest` or `off`: a typo must not turn verification off, nor be ignored. */
export function provenanceSetting(scope: string): Step {
  return {
    name: 'Provenance setting (PROVENANCE: attest or off)',
    env: { PROVENANCE: PROVENANCE_VALUE },
    run: [
      'case "$PROVENANCE" in',
      `  attest) echo "Provenance: attested and verified (PROVENANCE ${scope})" ;;`,
      `  off) echo "::warning title=Provenance off::PROVENANCE=off (${scope}): no attestation is made or verified" ;;`,
      `  *) echo "::error title=Bad PROVENANCE::PROVENANCE (${scope}) is '$PROVENANCE': expected attest or off"; exit 1 ;;`,
      'esac',
    ].join('\n'),
  };
}

/** Bash lines for a job summary: whether the release verified provenance, from $PROVENANCE. */
export const PROVENANCE_SUMMARY = [
  '  if [ "$PROVENANCE" = off ]; then',
  '    echo "**Provenance NOT verified**: PROVENANCE=off on the production environment; these digests were promoted without checking their build provenance or the gate\'s signed verdict."',
  '  else',
  '    echo "Provenance and the gate\'s signed verdict verified for every digest (signed by main.yml on refs/heads/main)."',
  '  fi',
];
