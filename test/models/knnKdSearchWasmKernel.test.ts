import { describe, expect, it } from 'vitest';
import { numericTable } from '../../src/data/numericTable.js';
import { NumpyRandomState } from '../../src/data/numpyRandomState.js';
import { buildKdTree, KdTreeSearch, type KdTree } from '../../src/models/knnKdTree.js';
import { heapPush } from '../../src/models/knnNeighbourHeap.js';

/** The scalar depth-first search the kernel replaces: recursive, each row's distance summed column by column. */
function scalarSearch(tree: KdTree, squared: boolean, query: Float64Array, k: number) {
  const { data, width, idxArray, idxStart, idxEnd, isLeaf, lower, upper } = tree;
  const values = new Float64Array(k).fill(Infinity);
  const indices = new Int32Array(k);
  const entrants: [number, number][] = [];
  const bound = (node: number) => {
    let rdist = 0;
    for (let j = 0; j < width; j++) {
      const lo = lower[node * width + j] - query[j];
      const hi = query[j] - upper[node * width + j];
      const half = 0.5 * (lo + Math.abs(lo) + (hi + Math.abs(hi)));
      rdist += squared ? half * half : half;
    }
    return rdist;
  };
  const visit = (node: number, lowerBound: number): void => {
    if (lowerBound > values[0]) return;
    if (isLeaf[node]) {
      for (let i = idxStart[node]; i < idxEnd[node]; i++) {
        let d = 0;
        for (let j = 0; j < width; j++) {
          const diff = query[j] - data[idxArray[i] * width + j];
          d += squared ? diff * diff : Math.abs(diff);
        }
        if (heapPush(values, indices, 0, k, d, idxArray[i])) entrants.push([d, idxArray[i]]);
      }
      return;
    }
    const [left, right] = [2 * node + 1, 2 * node + 2];
    const [lbLeft, lbRight] = [bound(left), bound(right)];
    if (lbLeft <= lbRight) {
      visit(left, lbLeft);
      visit(right, lbRight);
    } else {
      visit(right, lbRight);
      visit(left, lbLeft);
    }
  };
  visit(0, bound(0));
  return { values, indices, entrants };
}

describe('KdTreeSearch (WebAssembly kernel)', () => {
  it('fills the same heap, and logs the same entrants in the same order, as the scalar search', () => {
    const random = new NumpyRandomState(11);
    for (const width of [1, 6, 7]) {
      // Small integers tie often; odd leaf sizes give leaves that start and end mid-pair.
      for (const [values, leafSize] of [[(): number => random.randint(0, 4), 3], [(): number => random.standardNormal() * 10 ** random.randint(-3, 4), 5]] as const) {
        const rows = 301;
        const train = numericTable(Array.from({ length: width }, (_, j) => `x${j}`), Float64Array.from({ length: rows * width }, values));
        const tree = buildKdTree(train, leafSize);
        for (const metric of ['euclidean', 'manhattan'] as const) {
          const search = new KdTreeSearch(tree, metric);
          for (let q = 0; q < 20; q++) {
            const query = Float64Array.from({ length: width }, values);
            for (const k of [1, 7, 40]) {
              const expected = scalarSearch(tree, metric === 'euclidean', query, k);
              const heapValues = new Float64Array(k).fill(Infinity);
              const heapIndices = new Int32Array(k);
              const entrants: [number, number][] = [];
              search.run(query, 0, heapValues, heapIndices, k, (d, i) => entrants.push([d, i]));
              expect(heapValues).toEqual(expected.values);
              expect(heapIndices).toEqual(expected.indices);
              expect(entrants).toEqual(expected.entrants);
            }
          }
        }
      }
    }
  });
});
