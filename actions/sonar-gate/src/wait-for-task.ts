// Polls the analysis' background task until the server has finished with it, or the time is up.
import type { CeTask, TaskStatus } from './sonar-api.js';
import type { SonarClient } from './sonar-client.js';

/** Options of {@link waitForTask}. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  /** Milliseconds on a monotonic scale; injected so tests control time. */
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Reports each status seen. */
  readonly log?: (message: string) => void;
}

/** The task did not finish within the time limit. */
export class TaskTimeoutError extends Error {
  override readonly name = 'TaskTimeoutError';
  constructor(
    readonly waitedMs: number,
    readonly lastStatus: TaskStatus,
    taskId: string,
  ) {
    super(
      `The analysis task ${taskId} was still ${lastStatus} after waiting ${Math.round(waitedMs / 1000)} s ` +
        "(input 'timeout-seconds'). The server's analysis queue may be busy: raise 'timeout-seconds' or re-run the job.",
    );
  }
}

const FINAL: ReadonlySet<TaskStatus> = new Set(['SUCCESS', 'FAILED', 'CANCELED']);

/** Returns the task once SUCCESS, FAILED or CANCELED; throws TaskTimeoutError when time runs out. */
export async function waitForTask(
  client: SonarClient,
  taskId: string,
  options: WaitOptions,
): Promise<CeTask> {
  const start = options.clock();
  const deadline = start + options.timeoutMs;
  let previous: TaskStatus | undefined;
  for (;;) {
    const task = await client.getTask(taskId);
    if (task.status !== previous) options.log?.(`Analysis task ${taskId}: ${task.status}`);
    previous = task.status;
    if (FINAL.has(task.status)) return task;
    const remaining = deadline - options.clock();
    if (remaining <= 0) throw new TaskTimeoutError(options.clock() - start, task.status, taskId);
    await options.sleep(Math.min(options.pollIntervalMs, remaining));
  }
}
