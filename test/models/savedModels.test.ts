import { describe, expect, it } from 'vitest';
import { encodeFloat64 } from '../../src/data/float64Codec.js';
import type { MovieRecord } from '../../studies/movies/data/movieSchema.js';
import { numericTable } from '../../src/data/numericTable.js';
import { predictionDesign } from '../../studies/movies/predictionDesign.js';
import { assertSavedModelName, savedModelPredictor } from '../../src/models/savedModels.js';

const COLUMNS = ['a', 'b'];
const scaler = { columns: COLUMNS, mean: [1, 10], scale: [2, 5] };
const X = numericTable(COLUMNS, Float64Array.from([1, 10, 3, 20, -1, 0]));

describe('savedModelPredictor', () => {
  it('applies the scaler before KNN', () => {
    // Scaled training rows (0,0) → 1 and (1,1) → 3; query rows scale to (0,0), (1,2), (-1,-2).
    const knn = {
      type: 'knn',
      params: { k: 1, weights: 'uniform', metric: 'euclidean' },
      scaler,
      trainX: encodeFloat64(Float64Array.from([0, 0, 1, 1])),
      trainY: encodeFloat64(Float64Array.from([1, 3])),
    };
    expect(Array.from(savedModelPredictor('knn', knn)(X))).toEqual([1, 3, 1]);
  });

  it('applies the scaler before the MLP layers', () => {
    // One relu unit summing the scaled inputs, output = 2 × unit + 1.
    const mlp = { type: 'mlp', scaler, layers: [{ kernel: [[1], [1]], bias: [0] }, { kernel: [[2]], bias: [1] }] };
    expect(Array.from(savedModelPredictor('mlp', mlp)(X))).toEqual([1, 7, 1]);
  });

  it('predicts OLS on the unscaled values', () => {
    const coefficient = (term: string, coef: number) => ({ term, coef, stdErr: 1, t: 1, p: 0.5, ciLow: 0, ciHigh: 1 });
    const fit = {
      nobs: 10, dfModel: 2, dfResid: 7, r2: 0.5, adjR2: 0.4, fStatistic: 3, fPValue: 0.1, logLikelihood: -5, aic: 16, bic: 17,
      coefficients: [coefficient('const', 1), coefficient('b', 0.5), coefficient('a', 2)],
    };
    expect(Array.from(savedModelPredictor('ols_numeric', { type: 'ols', numericOnSplit: fit })(X))).toEqual([8, 17, -1]);
  });

  it('names what is wrong with a malformed model', () => {
    expect(() => savedModelPredictor('mlp', { type: 'knn' })).toThrow(/^saved model mlp is malformed: type: /);
    expect(() => savedModelPredictor('ols_numeric', { type: 'ols' })).toThrow('saved model ols_numeric is malformed: numericOnSplit');
    const lopsided = { type: 'mlp', scaler: { ...scaler, mean: [1] }, layers: [{ kernel: [[1], [1]], bias: [0] }] };
    expect(() => savedModelPredictor('mlp', lopsided)).toThrow('scaler has 2 columns but 1 means and 2 scales');
    const unevenKnn = {
      type: 'knn',
      params: { k: 1, weights: 'uniform', metric: 'euclidean' },
      scaler,
      trainX: encodeFloat64(Float64Array.from([0, 0, 1, 1])),
      trainY: encodeFloat64(Float64Array.from([1])),
    };
    expect(() => savedModelPredictor('knn', unevenKnn)).toThrow('trainX has 2 rows, trainY 1 values');
  });

  it('refuses data whose columns are not the model’s', () => {
    const mlp = { type: 'mlp', scaler, layers: [{ kernel: [[1], [1]], bias: [0] }] };
    expect(() => savedModelPredictor('mlp', mlp)(numericTable(['b', 'a'], new Float64Array(2)))).toThrow('scaler was fitted on columns [a, b]');
  });
});

describe('assertSavedModelName', () => {
  it('accepts the comparison’s model names only', () => {
    for (const name of ['knn', 'mlp', 'ols_numeric']) expect(() => assertSavedModelName(name)).not.toThrow();
    expect(() => assertSavedModelName('ols')).toThrow("unknown model 'ols': expected one of knn, mlp, ols_numeric");
  });
});

describe('predictionDesign', () => {
  const movie = (line: number, changes: Partial<Record<keyof MovieRecord, number | null>>): MovieRecord =>
    ({
      line,
      budget: 1000,
      revenue: 0,
      runtime: 90,
      release_year: 2000,
      vote_average: null,
      vote_count: 10,
      keyword_count: 3,
      user_rating_count: 5,
      genres: 'Drama',
      original_language: 'en',
      lead_actor: null,
      ...changes,
    }) as MovieRecord;

  it('keeps rows with budget > 0 and every predictor, without needing vote_average', () => {
    const design = predictionDesign([
      movie(2, {}),
      movie(3, { budget: 0 }),
      movie(4, { runtime: null, keyword_count: null }),
      movie(5, { budget: null }),
      movie(6, { revenue: 99 }),
    ]);
    expect(design.lines).toEqual([2, 6]);
    expect(design.X.columns).toEqual(['log_budget', 'log_revenue', 'log_vote_count', 'log_user_rating_count', 'log_keyword_count', 'runtime']);
    expect(Array.from(design.X.data.subarray(0, 6))).toEqual([Math.log1p(1000), 0, Math.log1p(10), Math.log1p(5), Math.log1p(3), 90]);
    expect(design.X.data[7]).toBe(Math.log1p(99));
    expect(design.skipped).toEqual([
      { line: 3, reason: 'budget is not positive' },
      { line: 4, reason: 'missing log_keyword_count, runtime' },
      { line: 5, reason: 'budget is missing' },
    ]);
  });
});
