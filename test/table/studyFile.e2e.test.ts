import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableResultsSchema } from '../../studies/table/resultsSchema.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { runCli } from '../support/sweepflowCli.js';
import { runStudy } from 'sweepflow';
import { comparable, differences, type Golden } from '../support/tableGolden.js';

/**
 * `sweepflow run --study films.study.json` through the compiled CLI: a study file whose preparation
 * uses every step (a numeric and a text filter, log1p, cut with infinite edges, keep, groupCount
 * then cut, firstToken, drop) on 604 rows of data/movies.csv, against the golden scripts/parity/table.py
 * made by doing the same preparation in pandas (query, np.log1p, pd.cut, where/isin, groupby count, str.split).
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/table/', import.meta.url));

describe('sweepflow run --study <file.study.json> (quick profile, films.csv)', () => {
  let dir: string;
  let prefix: string;
  let env: NodeJS.ProcessEnv;
  let studyFile: string;
  let out: string;
  let code: number | null;
  let output: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-studyfile-'));
    prefix = uniquePrefix('studyfile');
    env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'runs') };
    // A copy the test deletes after the run: nothing after submission may need the file.
    studyFile = join(dir, 'films.study.json');
    await copyFile(join(FIXTURES, 'films.study.json'), studyFile);
    out = join(dir, 'out');
    const args = ['run', '--study', studyFile, '--data', join(FIXTURES, 'films.csv'), '--profile', 'quick', '--workers', '2', '--out', out];
    const result = await runCli(args, { cwd: dir, env, timeoutMs: 120_000 });
    ({ code } = result);
    output = `${result.stdout}\n${result.stderr}`;
  }, 150_000);

  afterAll(async () => {
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('completes and equals the pandas/scikit-learn/statsmodels golden', async () => {
    expect(code, output).toBe(0);
    const golden = JSON.parse(await readFile(join(FIXTURES, 'films_quick.json'), 'utf8')) as Golden;
    const results = tableResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
    expect(results.dataset).toMatchObject({ rows: 604, rowsPrepared: 577, rowsCategorical: 563 });
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/rows the preparation kept<\/t[dh]>\s*<td[^>]*>577</);
    expect(Object.keys(results.pca.loadings)).toEqual(golden.inputs.features);
    const [actual, expected] = comparable(results, golden);
    expect(differences(actual, expected)).toEqual([]);
  });

  it('predicts new rows from the columns the predictors derive from, naming the rows it cannot score', async () => {
    const csv = join(dir, 'new.csv');
    await writeFile(
      csv,
      'title,budget,revenue,vote_count,runtime,keyword_count,user_rating_count\n' +
        'One,1000000,5000000,120,95,10,300\nTwo,lots,5000000,120,95,10,300\nThree,2000000,,50,100,4,20\nFour,-1,0,0,90,1,1\n',
    );
    const runId = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).runId as string;
    const predicted = await runCli(['predict', '--run', runId, '--model', 'ols_numeric', '--data', csv, '--id', 'title'], { cwd: dir, env });
    expect(predicted.code, predicted.stderr).toBe(0);
    const [header, ...rows] = predicted.stdout.trim().split('\n');
    expect(header).toBe('title,prediction');
    expect(rows.map((r) => r.split(',')[0])).toEqual(['One']);
    const ols = JSON.parse(await readFile(join(out, 'models', 'ols.json'), 'utf8')) as { numericOnSplit: { coefficients: { term: string; coef: number }[] } };
    const b = Object.fromEntries(ols.numericOnSplit.coefficients.map((c) => [c.term, c.coef]));
    const expected =
      b.const + 95 * b.runtime + 10 * b.keyword_count + 300 * b.user_rating_count +
      Math.log1p(1e6) * b.log_budget + Math.log1p(5e6) * b.log_revenue + Math.log1p(120) * b.log_vote_count;
    expect(Number(rows[0].split(',')[1])).toBeCloseTo(expected, 9);
    expect(predicted.stderr).toContain(`${csv}:3: skipped, column 'budget' is not numeric: 'lots' on line 3`);
    expect(predicted.stderr).toContain(`${csv}:4: skipped, missing log_revenue`);
    expect(predicted.stderr).toContain(`${csv}:5: skipped, column 'budget': log1p(-1) is not finite (line 5)`);
  }, 60_000);

  it('runs the same file through the library API (runStudy) to the same results, and names the file in a refusal', async () => {
    const { manifest } = await runStudy({ study: studyFile, data: join(FIXTURES, 'films.csv'), profile: 'quick', workers: 2, env, out: join(dir, 'api') });
    expect(manifest.status).toBe('completed');
    const strip = (text: string) => ({ ...JSON.parse(text), runId: undefined, timings: undefined });
    expect(strip(await readFile(join(dir, 'api', 'results.json'), 'utf8'))).toEqual(strip(await readFile(join(out, 'results.json'), 'utf8')));
    await expect(runStudy({ study: studyFile, data: join(FIXTURES, 'films.csv'), datasetOptions: { target: 'nope' }, workers: 0, env })).rejects.toThrow(
      new RegExp(`^${studyFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*'nope'`),
    );
  }, 150_000);

  it('records the whole file in the manifest: a rerun of the preparation without the file gives the same results', async () => {
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { runId: string; config: { table: unknown; split: unknown } };
    const file = JSON.parse(await readFile(studyFile, 'utf8')) as { prepare: unknown[]; drop: string[] };
    expect(manifest.config.table).toMatchObject({ target: 'vote_average', prepare: file.prepare, drop: file.drop });
    expect(manifest.config.split).toEqual({ testSize: 0.25, randomState: 7 });
    await rm(studyFile);
    const again = join(dir, 'again');
    const rerun = await runCli(['rerun', manifest.runId, '--stage', 'preprocess', '--workers', '2', '--out', again], { cwd: dir, env, timeoutMs: 120_000 });
    expect(rerun.code, rerun.stderr).toBe(0);
    const strip = (text: string) => ({ ...JSON.parse(text), timings: undefined });
    expect(strip(await readFile(join(again, 'results.json'), 'utf8'))).toEqual(strip(await readFile(join(out, 'results.json'), 'utf8')));
    expect((await readdir(join(again, 'models'))).sort()).toEqual(['kmeans.json', 'knn.json', 'mlp.json', 'ols.json', 'pca.json', 'scaler.json']);
  }, 150_000);
});

describe('sweepflow schema study', () => {
  it('prints the JSON Schema of the table-study file, each step described', async () => {
    const result = await runCli(['schema', 'study'], { cwd: FIXTURES, env: {} });
    expect(result.code, result.stderr).toBe(0);
    const schema = JSON.parse(result.stdout) as {
      $schema: string;
      required: string[];
      properties: { study: { const: string }; prepare: { items: { anyOf: { description: string; required: string[] }[] } } };
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['study', 'target']);
    expect(schema.properties.study.const).toBe('table');
    const steps = schema.properties.prepare.items.anyOf;
    expect(steps.map((step) => step.required[0])).toEqual(['filter', 'log1p', 'cut', 'keep', 'groupCount', 'firstToken']);
    expect(steps.every((step) => step.description.length > 20)).toBe(true);
    // keep's else has a default: optional in the file.
    expect(steps[3].required).toEqual(['keep', 'values', 'as']);
  });

  it('refuses another schema and a study that takes no study file, exit 2', async () => {
    const other = await runCli(['schema', 'config'], { cwd: FIXTURES, env: {} });
    expect([other.code, other.stderr.trim()]).toEqual([2, "sweepflow: schema 'config': the only schema is 'study' (a study file)"]);
    const movies = await runCli(['schema', 'study', '--study', 'movies'], { cwd: FIXTURES, env: {} });
    expect([movies.code, movies.stderr.trim()]).toEqual([2, "sweepflow: study 'movies' takes no study file"]);
  });
});
