/**
 * Runs tasks serially per key and concurrently across keys: the per-SKU ordering of the consumer.
 * When a task fails, the tasks already queued behind it in the same lane are skipped, not run:
 * running them would apply a SKU's later events before the one that failed.
 */

/** How a scheduled task ended. */
export type LaneOutcome = { status: 'ok' } | { status: 'failed'; error: unknown } | { status: 'skipped' };

interface Lane {
  tail: Promise<unknown>;
  failed: boolean;
  size: number;
}

export class SerialLanes {
  private readonly lanes = new Map<string, Lane>();

  /** Number of keys with queued or running tasks. */
  get activeKeys(): number {
    return this.lanes.size;
  }

  /** Queues `task` behind the earlier tasks of `key`; resolves (never rejects) with its outcome. */
  schedule(key: string, task: () => Promise<void>): Promise<LaneOutcome> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve(), failed: false, size: 0 };
      this.lanes.set(key, lane);
    }
    const current = lane;
    current.size += 1;
    const outcome = current.tail.then(async (): Promise<LaneOutcome> => {
      try {
        if (current.failed) return { status: 'skipped' };
        await task();
        return { status: 'ok' };
      } catch (error) {
        current.failed = true;
        return { status: 'failed', error };
      } finally {
        current.size -= 1;
        // A drained lane is forgotten, so a key that failed starts clean when its message comes back.
        if (current.size === 0 && this.lanes.get(key) === current) this.lanes.delete(key);
      }
    });
    current.tail = outcome;
    return outcome;
  }
}
