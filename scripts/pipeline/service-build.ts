// The image jobs' "Run the service's build script" step (workflows/steps.ts serviceBuild), rehearsed: the
// step's own script and env from the workflow definition, run in the job's checkout before image-publish.
import { hasBuildScript } from '../../services/lib/catalogue/catalogue.js';
import type { Job } from '../../workflows/model.js';
import { CATALOGUE, type Service } from '../../workflows/paths.js';
import { matrixOf } from './context.js';
import { runStep } from './expressions.js';
import type { Progress } from './progress.js';
import { runScript } from './runner.js';

export async function buildScriptStage(
  progress: Progress,
  job: Job,
  id: string,
  service: Service,
  workspace: string,
): Promise<void> {
  await progress.stage(`build script ${service}`, async () => {
    const step = runStep(job, id, matrixOf(service));
    await runScript(workspace, step.run, { env: step.env });
    return hasBuildScript(CATALOGUE.get(service), workspace)
      ? { detail: `${step.run} (${step.env.SERVICE_DIRECTORY})` }
      : { state: 'unchanged', detail: 'no build script: nothing to run (--if-present)' };
  });
}
