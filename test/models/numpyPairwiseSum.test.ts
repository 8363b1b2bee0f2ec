import { describe, expect, it } from 'vitest';
import { columnMoments } from '../../src/models/numpyPairwiseSum.js';
import { NumpyRandomState } from '../../src/data/numpyRandomState.js';

/** numpy's pairwise_sum_DOUBLE (numpy/_core/src/umath/loops_utils.h.src), transcribed as written there. */
function reference(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    const r = new Array<number>(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j];
    let i: number;
    for (i = 8; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return reference(a, start, n2) + reference(a, start + n2, n - n2);
}

describe('columnMoments', () => {
  it('equals numpy’s pairwise sums of a column, of its deviations and of their squares, bit for bit, at every size up to 300 and at 36k', () => {
    const state = new NumpyRandomState(7);
    const random = () => state.randomDouble();
    const width = 3;
    for (const n of [...Array.from({ length: 301 }, (_, n) => n), 1023, 36_001]) {
      const table = Float64Array.from({ length: n * width }, () => (random() - 0.3) * 10 ** Math.floor(random() * 12));
      for (let j = 0; j < width; j++) {
        // What numpy sums: the column as its own array, then x − m, then (x − m)², each made first.
        const column = Float64Array.from({ length: n }, (_, i) => table[i * width + j]);
        const m = reference(column, 0, n) / n;
        const deviations = column.map((x) => x - m);
        const squares = deviations.map((d) => d * d);
        const moments = columnMoments(table, width, n);
        expect(Object.is(moments.sums[j], reference(column, 0, n))).toBe(true);
        expect(Object.is(moments.deviations[j], reference(deviations, 0, n))).toBe(true);
        expect(Object.is(moments.squares[j], reference(squares, 0, n))).toBe(true);
      }
    }
  });

  it('keeps a column of negative zeros’ sum −0, as numpy does', () => {
    expect(Object.is(columnMoments(new Float64Array(40).fill(-0), 1, 40).sums[0], -0)).toBe(true);
  });

  it('is not the plain left-to-right sum (which rounds differently)', () => {
    const values = Float64Array.from({ length: 16 }, (_, i) => (i % 8 === 0 ? 1e16 : 1));
    let plain = 0;
    for (const v of values) plain += v;
    expect(columnMoments(values, 1, values.length).sums[0]).toBe(20000000000000012);
    expect(plain).toBe(2e16);
  });
});
