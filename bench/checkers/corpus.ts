// What a corpus measurement returns: per anchor check, how many of the anchor's failing cases ours caught and
// how many of its passing cases ours wrongly refused.

/** One anchor check (a PSA check, a zizmor audit, a CKV id) measured on the anchor's own test cases. */
export interface CorpusRow {
  /** The anchor's id for the check. */
  readonly anchorCheck: string;
  /** Our check id(s) that stand in for it. */
  readonly ours: string;
  /** Failing cases (fixtures, expected findings, failing resources) the anchor's tests hold. */
  readonly expected: number;
  /** Of those, the ones ours reported (with the same meaning, where the anchor names a line: at that line). */
  readonly caught: number;
  /** Passing cases the anchor's tests hold. */
  readonly passing: number;
  /** Of those, the ones ours wrongly refused. */
  readonly wronglyRefused: number;
}

/** One anchor's measurement: which checkout, which of its versions, its rows, and notes on method. */
export interface CorpusResult {
  readonly anchor: string;
  /** The checkout's commit (git rev-parse HEAD) or the path's version. */
  readonly revision: string;
  readonly rows: readonly CorpusRow[];
  readonly notes: readonly string[];
}
