import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFloat64 } from '../../src/data/float64Codec.js';
import { NUMERIC_FEATURES, numericFeatures } from '../../studies/movies/data/movieFeatures.js';
import { PREDICTOR_SOURCE_COLUMNS, REQUIRED_COLUMNS, type MovieRecord } from '../../studies/movies/data/movieSchema.js';
import { preprocessMovies } from '../../studies/movies/data/preprocessMovies.js';
import { readMovieTable } from '../../studies/movies/data/readMovieTable.js';
import { trainTestSplit } from '../../src/data/splits.js';
import type { StageOutput } from '../../src/engine/runManifest.js';
import { rmse } from '../../src/models/metrics.js';
import type { StudyResults } from '../../studies/movies/report/resultsSchema.js';
import { MOVIES_CSV, runQuickStudy, type QuickStudy } from '../support/quickStudy.js';
import { runCli } from '../support/sweepflowCli.js';

let study: QuickStudy;
let csv: string;
let validation: MovieRecord[];
/** Lines of the two rows appended that predict must skip. */
const unusable = { noRuntime: 0, noBudget: 0 };

/** A CSV field: numbers as their shortest round-trip text, so the reader gets the same doubles back. */
function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${value.replace(/"/g, '""')}"`;
}

beforeAll(async () => {
  study = await runQuickStudy('predict');
  const { records } = await readMovieTable(MOVIES_CSV);
  // df_num's rows, found independently of preprocessMovies and checked against it.
  const dfNum = records.filter((r) => {
    const features = numericFeatures(r);
    return r.budget !== null && r.budget > 0 && r.vote_average !== null && NUMERIC_FEATURES.every((f) => features[f] !== null);
  });
  const numeric = preprocessMovies(records).numeric;
  expect(dfNum.length).toBe(numeric.X.rows);
  dfNum.forEach((r, i) => expect(r.vote_average).toBe(numeric.y[i]));

  validation = trainTestSplit(dfNum.length, 0.25, 3001).test.map((i) => dfNum[i]);
  const row = (r: MovieRecord) => REQUIRED_COLUMNS.map((c) => field(r[c as keyof MovieRecord] as string | number | null)).join(',');
  const lines = [REQUIRED_COLUMNS.join(','), ...validation.map(row)];
  unusable.noRuntime = lines.push(row({ ...validation[0], runtime: null }));
  unusable.noBudget = lines.push(row({ ...validation[1], budget: 0 }));
  csv = join(study.dir, 'validation.csv');
  await writeFile(csv, `${lines.join('\n')}\n`);
}, 400_000);

afterAll(async () => {
  await study?.cleanup();
});

async function storeJson<T>(...path: string[]): Promise<T> {
  return JSON.parse(await readFile(join(study.storeDir, ...path), 'utf8')) as T;
}

async function recordedValidPredictions(stage: string): Promise<Float64Array> {
  const output = await storeJson<StageOutput>('runs', study.runId, 'stages', `${stage}.json`);
  const result = await storeJson<{ validPredictions: string }>('cache', `${output.trials[0].key}.json`);
  return decodeFloat64(result.validPredictions);
}

async function predict(model: string): Promise<{ lines: number[]; predictions: number[]; stderr: string }> {
  const result = await runCli(['predict', '--run', study.runId, '--model', model, '--data', csv], { cwd: study.dir, env: study.env });
  expect(result.code, result.stderr).toBe(0);
  const [header, ...rows] = result.stdout.trimEnd().split('\n');
  expect(header).toBe('row,prediction');
  const pairs = rows.map((r) => r.split(',').map(Number));
  return { lines: pairs.map((p) => p[0]), predictions: pairs.map((p) => p[1]), stderr: result.stderr };
}

describe('sweepflow predict', () => {
  it.each([
    ['knn', 'knn-final'],
    ['mlp', 'mlp-final'],
  ])('predicts the validation rows as the run recorded them (%s)', async (model, stage) => {
    const recorded = await recordedValidPredictions(stage);
    const { lines, predictions, stderr } = await predict(model);
    // Row = the CSV line: data starts on line 2, in split order.
    expect(lines).toEqual(validation.map((_, i) => i + 2));
    expect(predictions).toHaveLength(recorded.length);
    predictions.forEach((p, i) => expect(Math.abs(p - recorded[i])).toBeLessThan(1e-9));
    expect(stderr).toContain(`validation.csv:${unusable.noRuntime}: skipped, missing runtime`);
    expect(stderr).toContain(`validation.csv:${unusable.noBudget}: skipped, budget is not positive`);
  });

  it('predicts with OLS on the unscaled design, matching the comparison RMSE', async () => {
    const results = await storeJson<StudyResults>('runs', study.runId, 'results.json');
    const { predictions } = await predict('ols_numeric');
    const recorded = results.comparison.models.find((m) => m.model === 'ols_numeric')!.validRmse;
    const actual = Float64Array.from(validation, (r) => r.vote_average!);
    expect(Math.abs(rmse(actual, Float64Array.from(predictions)) - recorded)).toBeLessThan(1e-9);
  });

  it('needs only the columns the predictors derive from (no rating, no text), and names rows by --id', async () => {
    const columns = [...PREDICTOR_SOURCE_COLUMNS, 'tmdb_id'];
    const lines = [columns.join(','), ...validation.map((r, i) => [...PREDICTOR_SOURCE_COLUMNS.map((c) => field(r[c as keyof MovieRecord] as number | null)), `m${i}`].join(','))];
    const bare = join(study.dir, 'bare.csv');
    await writeFile(bare, `${lines.join('\n')}\n`);
    const result = await runCli(['predict', '--run', study.runId, '--model', 'mlp', '--data', bare, '--id', 'tmdb_id'], { cwd: study.dir, env: study.env });
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toBe('tmdb_id,prediction');
    expect(rows.map((r) => r.split(',')[0])).toEqual(validation.map((_, i) => `m${i}`));
    const recorded = await recordedValidPredictions('mlp-final');
    rows.forEach((r, i) => expect(Math.abs(Number(r.split(',')[1]) - recorded[i])).toBeLessThan(1e-9));
  });

  it('refuses a bad run id, an unknown model and a run that is not in the store, in one line', async () => {
    const cases: [string[], RegExp][] = [
      [['--run', '../x', '--model', 'knn'], /^sweepflow: invalid run id '\.\.\/x'/],
      [['--run', study.runId, '--model', 'forest'], /^sweepflow: unknown model 'forest': expected one of knn, mlp, ols_numeric/],
      [['--run', 'no-such-run', '--model', 'mlp'], /^sweepflow: no run 'no-such-run' in folder \//],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['predict', ...args, '--data', csv], { cwd: study.dir, env: study.env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
