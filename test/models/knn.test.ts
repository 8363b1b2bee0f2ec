import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { numericTable, selectRows, selectValues, type NumericTable } from '../../src/data/numericTable.js';
import { kFold } from '../../src/data/splits.js';
import { rmse } from '../../src/models/metrics.js';
import { featurePredictionCorrelations } from '../../src/models/knnFeatureCorrelations.js';
import { aggregateKnnGrid, foldRmse, knnGridParams, knnGridSearch } from '../../src/models/knnGridSearch.js';
import { buildKdTree } from '../../src/models/knnKdTree.js';
import { knnNeighbourTable, tableNeighbours, type KnnNeighbourTable } from '../../src/models/knnNeighbourTable.js';
import { decodeNeighbourTable, encodeNeighbourTable } from '../../src/models/knnNeighbourTableCodec.js';
import { knnPredict, knnPredictor, type KnnParams, type KnnWeights } from '../../src/models/knnRegressor.js';
import { knnValidationCurve } from '../../src/models/knnValidationCurve.js';
import type { KnnMetric } from '../../src/models/knnMetric.js';
import { notebookScaledSplit } from '../support/notebookSplit.js';

interface Curve {
  k: number[];
  rmse: number[];
}
interface Fixture {
  movies_sha256: string;
  movies: {
    columns: string[];
    trainRows: number;
    validRows: number;
    validationCurve: Curve;
    simpleBest: { k: number; trainRmse: number; validRmse: number };
    grid: { params: KnnParams[]; meanRmse: number[]; foldRmse: number[][]; best: KnnParams; bestIndex: number; bestRmse: number };
    final: KnnParams & { trainRmse: number; validRmse: number };
    tunedCurve: Curve;
    correlations: { k8: number[]; final: number[] };
  };
  duplicateRows: {
    train: number[][];
    yTrain: number[];
    query: number[][];
    cases: (KnnParams & { zeroDistanceNeighbours: number; predictions: number[] })[];
  };
  tieGrid: {
    train: number[][];
    yTrain: number[];
    query: number[][];
    yQuery: number[];
    kdTreeIdxArray: number[];
    neighbours: { k: number; metric: KnnMetric; indices: number[][]; distances: number[][] }[];
    queryRmse: (KnnParams & { rmse: number })[];
    grid: { k: number[]; meanRmse: number[]; best: KnnParams; bestRmse: number };
  };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/knn.json', import.meta.url), 'utf8')) as Fixture;
const TOLERANCE = 1e-6;
const K_1_TO_50 = Array.from({ length: 50 }, (_, i) => i + 1);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

function tableFrom(rows: number[][]): NumericTable {
  return numericTable(
    rows[0].map((_, j) => `x${j}`),
    Float64Array.from(rows.flat()),
  );
}

describe('KNN on the movie data matches scikit-learn (notebook cells 14-25)', () => {
  const expected = fixture.movies;
  let Xt: NumericTable;
  let Xv: NumericTable;
  let yt: Float64Array;
  let yv: Float64Array;
  let euclideanValid: KnnNeighbourTable;
  let manhattanValid: KnnNeighbourTable;

  beforeAll(async () => {
    const { train, valid } = await notebookScaledSplit(fixture.movies_sha256);
    ({ X: Xt, y: yt } = train);
    ({ X: Xv, y: yv } = valid);
    euclideanValid = knnNeighbourTable(Xt, Xv, 'euclidean', 50);
    manhattanValid = knnNeighbourTable(Xt, Xv, 'manhattan', 50);
  });

  it('uses the same columns and split sizes', () => {
    expect(Xt.columns).toEqual(expected.columns);
    expect([Xt.rows, Xv.rows]).toEqual([expected.trainRows, expected.validRows]);
  });

  it('validation curve, k = 1..50 uniform euclidean, and its best k', () => {
    const curve = knnValidationCurve(euclideanValid, yt, yv, K_1_TO_50, 'uniform');
    expect(maxAbsDiff(curve.rmse, expected.validationCurve.rmse)).toBeLessThan(TOLERANCE);
    expect(curve.bestK).toBe(expected.simpleBest.k);
    expect(curve.bestRmse).toBeCloseTo(expected.simpleBest.validRmse, 12);
  });

  it('simple best model: train and validation RMSE', () => {
    const k = expected.simpleBest.k;
    const onTrain = knnNeighbourTable(Xt, Xt, 'euclidean', k);
    expect(Math.abs(rmse(yt, knnPredict(onTrain, yt, k, 'uniform')) - expected.simpleBest.trainRmse)).toBeLessThan(TOLERANCE);
    expect(Math.abs(rmse(yv, knnPredict(euclideanValid, yt, k, 'uniform')) - expected.simpleBest.validRmse)).toBeLessThan(TOLERANCE);
  });

  it('5-fold grid search: 200 cells, scikit-learn order and scores, best cell, 10 neighbour tables', () => {
    let tables = 0;
    const result = knnGridSearch(
      Xt,
      yt,
      { k: K_1_TO_50, weights: ['uniform', 'distance'], metric: ['euclidean', 'manhattan'] },
      {
        neighbourTable: (train, query, metric, kMax) => {
          tables++;
          return knnNeighbourTable(train, query, metric, kMax);
        },
      },
    );
    expect(tables).toBe(10);
    expect(result.cells).toHaveLength(200);
    expect(result.cells.map(({ metric, k, weights }) => ({ metric, k, weights }))).toEqual(expected.grid.params);
    expect(maxAbsDiff(result.cells.map((c) => c.meanRmse), expected.grid.meanRmse)).toBeLessThan(TOLERANCE);
    expect(maxAbsDiff(result.cells.flatMap((c) => c.foldRmse), expected.grid.foldRmse.flat())).toBeLessThan(TOLERANCE);
    expect(result.best).toEqual({ metric: 'manhattan', k: 18, weights: 'distance' });
    expect(result.best).toEqual(expected.grid.best);
    expect(result.bestIndex).toBe(expected.grid.bestIndex);
    expect(Math.abs(result.bestRmse - expected.grid.bestRmse)).toBeLessThan(TOLERANCE);
    expect(result.bestRmse).toBeCloseTo(0.94789, 5);
  });

  it('final model (k=18, distance, manhattan): train and validation RMSE', () => {
    const { k, weights, metric } = expected.final;
    const onTrain = knnNeighbourTable(Xt, Xt, metric, k);
    expect(Math.abs(rmse(yt, knnPredict(onTrain, yt, k, weights)) - expected.final.trainRmse)).toBeLessThan(TOLERANCE);
    expect(Math.abs(rmse(yv, knnPredict(manhattanValid, yt, k, weights)) - expected.final.validRmse)).toBeLessThan(TOLERANCE);
  });

  it('tuned curve, k = 1..50 distance manhattan', () => {
    const curve = knnValidationCurve(manhattanValid, yt, yv, K_1_TO_50, 'distance');
    expect(maxAbsDiff(curve.rmse, expected.tunedCurve.rmse)).toBeLessThan(TOLERANCE);
  });

  it('correlation of each scaled feature with the k=8 and the final model train predictions', () => {
    const k8 = knnPredictor(Xt, yt, { metric: 'euclidean', k: 8, weights: 'uniform' })(Xt);
    const final = knnPredictor(Xt, yt, expected.final)(Xt);
    expect(maxAbsDiff(featurePredictionCorrelations(Xt, k8), expected.correlations.k8)).toBeLessThan(TOLERANCE);
    expect(maxAbsDiff(featurePredictionCorrelations(Xt, final), expected.correlations.final)).toBeLessThan(TOLERANCE);
  });
});

describe('KNN on a tie-heavy integer grid matches scikit-learn exactly', () => {
  const data = fixture.tieGrid;
  const train = tableFrom(data.train);
  const query = tableFrom(data.query);
  const yTrain = Float64Array.from(data.yTrain);
  const yQuery = Float64Array.from(data.yQuery);
  const tables = {
    euclidean: knnNeighbourTable(train, query, 'euclidean', 25),
    manhattan: knnNeighbourTable(train, query, 'manhattan', 25),
  };

  it('builds the same KD-tree (libstdc++ nth_element partitioning)', () => {
    expect(Array.from(buildKdTree(train).idxArray)).toEqual(data.kdTreeIdxArray);
  });

  it.each(data.neighbours.map((n) => [n.metric, n.k, n] as const))(
    '%s k=%i: same neighbours in the same order, same distances',
    (metric, k, expectedNeighbours) => {
      const distances = new Float64Array(k);
      const indices = new Int32Array(k);
      for (let q = 0; q < query.rows; q++) {
        tableNeighbours(tables[metric], q, k, distances, indices);
        expect(Array.from(indices)).toEqual(expectedNeighbours.indices[q]);
        expect(Array.from(distances)).toEqual(expectedNeighbours.distances[q]);
      }
    },
  );

  it('the table keeps tie logs, and queries without ties have none', () => {
    const table = tables.manhattan;
    expect(table.tieLogReduced.length).toBeGreaterThan(0);
    for (let q = 0; q < table.queryRows; q++) {
      const row = table.distances.subarray(q * 25, (q + 1) * 25);
      const tied = row.some((d, i) => i > 0 && d === row[i - 1]);
      const logged = table.tieLogOffsets[q + 1] > table.tieLogOffsets[q];
      expect(logged).toBe(tied);
    }
  });

  it('query RMSE for every k = 1..25, both weightings, both metrics', () => {
    const actual = data.queryRmse.map((c) => rmse(yQuery, knnPredict(tables[c.metric], yTrain, c.k, c.weights)));
    expect(maxAbsDiff(actual, data.queryRmse.map((c) => c.rmse))).toBeLessThan(1e-12);
  });

  it('5-fold grid search: scores and best cell', () => {
    const result = knnGridSearch(train, yTrain, { k: data.grid.k, weights: ['uniform', 'distance'], metric: ['euclidean', 'manhattan'] });
    expect(maxAbsDiff(result.cells.map((c) => c.meanRmse), data.grid.meanRmse)).toBeLessThan(1e-12);
    expect(result.best).toEqual(data.grid.best);
    expect(result.bestRmse).toBeCloseTo(data.grid.bestRmse, 12);
  });
});

describe('zero-distance rule', () => {
  const data = fixture.duplicateRows;
  const train = tableFrom(data.train);
  const query = tableFrom(data.query);
  const yTrain = Float64Array.from(data.yTrain);

  it('fixture cases include queries at distance 0 from one or more training rows', () => {
    expect(data.cases.length).toBeGreaterThan(0);
    expect(data.cases.every((c) => c.zeroDistanceNeighbours > 0)).toBe(true);
  });

  it.each(data.cases.map((c) => [c.metric, c.k, c.weights, c] as const))(
    'matches scikit-learn: %s k=%i %s',
    (metric, k, weights, c) => {
      const predictions = knnPredict(knnNeighbourTable(train, query, metric, k), yTrain, k, weights);
      expect(maxAbsDiff(predictions, c.predictions)).toBeLessThan(1e-12);
    },
  );

  it('distance weighting predicts the mean target of the zero-distance neighbours only', () => {
    const trainTable = numericTable(['x'], Float64Array.from([0, 0, 1, 5]));
    const y = Float64Array.from([2, 4, 100, 1000]);
    const table = knnNeighbourTable(trainTable, numericTable(['x'], Float64Array.from([0, 2])), 'euclidean', 3);
    const [atDuplicate, between] = knnPredict(table, y, 3, 'distance');
    expect(atDuplicate).toBe(3);
    // Away from every training row, 1/d weights: d = 2, 2, 1.
    expect(between).toBeCloseTo((2 / 2 + 4 / 2 + 100 / 1) / (1 / 2 + 1 / 2 + 1), 12);
    expect(knnPredict(table, y, 3, 'uniform')[0]).toBeCloseTo(106 / 3, 12);
  });
});

describe('neighbour table serialisation', () => {
  it('round-trips bit for bit, tie log included', () => {
    const data = fixture.tieGrid;
    const table = knnNeighbourTable(tableFrom(data.train), tableFrom(data.query), 'euclidean', 12);
    const decoded = decodeNeighbourTable(encodeNeighbourTable(table));
    expect(decoded).toEqual(table);
    expect(decoded.tieLogReduced.length).toBeGreaterThan(0);
  });

  it('rejects bytes that are not a neighbour table', () => {
    expect(() => decodeNeighbourTable(new Uint8Array(40))).toThrow(/magic/);
    const encoded = encodeNeighbourTable(knnNeighbourTable(tableFrom([[0], [1]]), tableFrom([[0.4]]), 'manhattan', 2));
    expect(() => decodeNeighbourTable(encoded.subarray(0, encoded.length - 4))).toThrow(/bytes/);
  });
});

describe('grid search pieces', () => {
  it('orders cells as sklearn ParameterGrid: metric, then k, then weights', () => {
    expect(knnGridParams({ k: [1, 2], weights: ['uniform', 'distance'], metric: ['euclidean', 'manhattan'] })).toEqual([
      { metric: 'euclidean', k: 1, weights: 'uniform' },
      { metric: 'euclidean', k: 1, weights: 'distance' },
      { metric: 'euclidean', k: 2, weights: 'uniform' },
      { metric: 'euclidean', k: 2, weights: 'distance' },
      { metric: 'manhattan', k: 1, weights: 'uniform' },
      { metric: 'manhattan', k: 1, weights: 'distance' },
      { metric: 'manhattan', k: 2, weights: 'uniform' },
      { metric: 'manhattan', k: 2, weights: 'distance' },
    ]);
  });

  it('aggregates fold scores and breaks ties in favour of the first cell', () => {
    const params = knnGridParams({ k: [1, 2, 3], weights: ['uniform'], metric: ['euclidean'] });
    const result = aggregateKnnGrid(params, [
      [1, 3],
      [1.5, 1.5],
      [2, 1],
    ]);
    expect(result.cells.map((c) => c.meanRmse)).toEqual([2, 1.5, 1.5]);
    expect(result.bestIndex).toBe(1);
    expect(result.best).toEqual({ metric: 'euclidean', k: 2, weights: 'uniform' });
  });

  it('foldRmse equals the RMSE of the fold predictions', () => {
    const data = fixture.tieGrid;
    const X = tableFrom(data.train);
    const y = Float64Array.from(data.yTrain);
    const fold = kFold(X.rows, 5)[2];
    const yTrain = selectValues(y, fold.train);
    const yValid = selectValues(y, fold.test);
    const table = knnNeighbourTable(selectRows(X, fold.train), selectRows(X, fold.test), 'manhattan', 7);
    expect(foldRmse(table, yTrain, yValid, 7, 'distance')).toBe(rmse(yValid, knnPredict(table, yTrain, 7, 'distance')));
  });
});

describe('argument validation', () => {
  const train = tableFrom([[0, 0], [1, 0], [0, 1]]);
  const y = Float64Array.from([1, 2, 3]);
  const table = knnNeighbourTable(train, train, 'euclidean', 2);

  it.each([
    ['k = 0', () => knnPredict(table, y, 0, 'uniform'), /k must be/],
    ['k above the table kMax', () => knnPredict(table, y, 3, 'uniform'), /kMax 2/],
    ['fractional k', () => knnPredict(table, y, 1.5, 'uniform'), /k must be/],
    ['unknown weights', () => knnPredict(table, y, 1, 'gaussian' as KnnWeights), /unknown KNN weights/],
    ['yTrain of the wrong length', () => knnPredict(table, y.subarray(0, 2), 1, 'uniform'), /yTrain has 2/],
    ['kMax above the training rows', () => knnNeighbourTable(train, train, 'euclidean', 4), /kMax must be/],
    ['kMax = 0', () => knnNeighbourTable(train, train, 'manhattan', 0), /kMax must be/],
    ['unknown metric', () => knnNeighbourTable(train, train, 'cosine' as KnnMetric, 1), /unknown KNN metric/],
    ['query width mismatch', () => knnNeighbourTable(train, tableFrom([[1]]), 'euclidean', 1), /columns/],
    ['non-finite value', () => knnNeighbourTable(train, tableFrom([[0, Number.NaN]]), 'euclidean', 1), /non-finite/],
    ['empty training table', () => knnNeighbourTable(numericTable(['a'], new Float64Array(0)), train, 'euclidean', 1), /no rows/],
    ['k above the training rows (predictor)', () => knnPredictor(train, y, { metric: 'euclidean', k: 4, weights: 'uniform' }), /k must be/],
    ['empty k list', () => knnGridParams({ k: [], weights: ['uniform'], metric: ['euclidean'] }), /at least one value/],
    ['k < 1 in the grid', () => knnGridParams({ k: [0], weights: ['uniform'], metric: ['euclidean'] }), /integers >= 1/],
    ['empty weights list', () => knnGridParams({ k: [1], weights: [], metric: ['euclidean'] }), /at least one value/],
    ['grid k larger than a fold', () => knnGridSearch(train, y, { k: [3], weights: ['uniform'], metric: ['euclidean'] }, { folds: kFold(3, 3) }), /kMax must be/],
    ['y of the wrong length', () => knnGridSearch(train, y.subarray(0, 1), { k: [1], weights: ['uniform'], metric: ['euclidean'] }), /y has 1/],
    ['no grid cells to aggregate', () => aggregateKnnGrid([], []), /no cells/],
    ['empty validation curve', () => knnValidationCurve(table, y, y, [], 'uniform'), /at least one k/],
  ])('rejects %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
