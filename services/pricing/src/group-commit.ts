/**
 * Group commit: items submitted in the same turn of the event loop (the messages of one receive,
 * dispatched together) are applied by ONE call of `applyBatch` (one transaction), and each caller
 * still gets its own result or error. When the batch fails as a whole, its items are retried one by
 * one, in order, so a single bad item fails alone and the others still succeed.
 */
export class GroupCommit<I, O> {
  private pending: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;

  /**
   * @param applyBatch - applies items together, all or nothing; returns one result per item, in order
   * @param applyOne - applies one item on its own (the fallback after a failed batch)
   * @param maxBatch - most items per `applyBatch` call
   */
  constructor(
    private readonly applyBatch: (items: I[]) => Promise<O[]>,
    private readonly applyOne: (item: I) => Promise<O>,
    private readonly maxBatch = 50,
  ) {}

  /** Queues `item` for the next batch; resolves with its own result. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the current turn: every message of a receive has been dispatched by then.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) void this.run(this.pending.splice(0, this.maxBatch));
  }

  private async run(batch: GroupCommit<I, O>['pending']): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await this.applyBatch(batch.map((p) => p.item));
        for (const [i, p] of batch.entries()) p.resolve(results[i] as O);
        return;
      } catch {
        // Fall through: one by one, so only the item at fault fails.
      }
    }
    for (const p of batch) {
      try {
        p.resolve(await this.applyOne(p.item));
      } catch (error) {
        p.reject(error);
      }
    }
  }
}
