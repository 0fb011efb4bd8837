import * as core from '@actions/core';

/**
 * Runs an action's main function: any error fails the step with its message,
 * and the process exit code follows core's (1 on failure).
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
