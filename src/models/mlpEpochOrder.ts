/**
 * The order in which sklearn's stochastic solvers visit the rows: before every epoch
 * `sample_idx = shuffle(sample_idx, random_state)`, which (utils.resample, replace=False)
 * shuffles a fresh arange(n) in place and indexes the previous order with it, so the
 * permutations compose; then `gen_batches(n, batch_size)` cuts consecutive slices,
 * the last one shorter.
 */
import type { NumpyRandomState } from '../data/numpyRandomState.js';

export class MlpEpochOrder {
  private order: Int32Array;
  private readonly perm: Int32Array;
  private readonly next: Int32Array;
  readonly batchSize: number;

  constructor(
    readonly rows: number,
    batchSize: number,
    private readonly rng: NumpyRandomState,
  ) {
    this.order = Int32Array.from({ length: rows }, (_, i) => i);
    this.perm = new Int32Array(rows);
    this.next = new Int32Array(rows);
    this.batchSize = Math.min(batchSize, rows);
  }

  /** Draws the next epoch's row order and returns it (valid until the next call). */
  shuffle(): Int32Array {
    const { perm, next, order } = this;
    for (let i = 0; i < perm.length; i++) perm[i] = i;
    this.rng.shuffle(perm);
    for (let i = 0; i < perm.length; i++) next[i] = order[perm[i]];
    order.set(next);
    return order;
  }

  /** [start, stop) of every batch of an epoch. */
  batches(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let start = 0; start < this.rows; start += this.batchSize) {
      out.push([start, Math.min(start + this.batchSize, this.rows)]);
    }
    return out;
  }
}
