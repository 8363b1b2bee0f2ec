import { describe, expect, it } from 'vitest';
import { numpyPairwiseSum } from '../../src/models/numpyPairwiseSum.js';
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

describe('numpyPairwiseSum', () => {
  it('equals numpy’s pairwise summation bit for bit, at every size up to 300 and at 36k', () => {
    const state = new NumpyRandomState(7);
    const random = () => state.randomDouble();
    for (const n of [...Array.from({ length: 301 }, (_, n) => n), 1023, 36_001]) {
      const values = Float64Array.from({ length: n }, () => (random() - 0.3) * 10 ** Math.floor(random() * 12));
      expect(Object.is(numpyPairwiseSum(values), reference(values, 0, n))).toBe(true);
    }
  });

  it('is not the plain left-to-right sum (which rounds differently)', () => {
    const values = Float64Array.from({ length: 16 }, (_, i) => (i % 8 === 0 ? 1e16 : 1));
    let plain = 0;
    for (const v of values) plain += v;
    expect(numpyPairwiseSum(values)).toBe(20000000000000012);
    expect(plain).toBe(2e16);
  });
});
