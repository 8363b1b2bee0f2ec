import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../src/data/numpyRandomState.js';
import { KdLeafDistances } from '../../src/models/knnLeafWasmKernel.js';

describe('KdLeafDistances', () => {
  it('gives each row of any range (odd starts and ends too) the scalar loop’s reduced distance, bit for bit', () => {
    const random = new NumpyRandomState(5);
    for (const width of [1, 6, 7]) {
      const rows = 45;
      const data = Float64Array.from({ length: rows * width }, () => random.standardNormal() * 10 ** random.randint(-3, 4));
      const query = Float64Array.from({ length: 3 * width }, () => random.standardNormal());
      for (const squared of [true, false]) {
        const leaf = new KdLeafDistances(data, rows, width, 20, squared);
        leaf.setQuery(query, width);
        for (const [start, end] of [[0, 20], [3, 22], [25, 45], [44, 45]]) {
          const base = leaf.distances(start, end);
          for (let i = start; i < end; i++) {
            let d = 0;
            for (let j = 0; j < width; j++) {
              const diff = query[width + j] - data[i * width + j];
              d += squared ? diff * diff : Math.abs(diff);
            }
            expect(leaf.out[base + i]).toBe(d);
          }
        }
      }
    }
  });
});
