import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tableResultsSchema } from '../../studies/table/resultsSchema.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { runCli } from '../support/sweepflowCli.js';
import { comparable, differences, type Golden } from '../support/tableGolden.js';

/**
 * `sweepflow run --study table` through the compiled CLI on the tables of test/fixtures/table,
 * against the goldens scripts/parity/table.py made with scikit-learn/statsmodels on the same tables.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/table/', import.meta.url));

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface FixtureRun {
  readonly out: string;
  readonly golden: Golden;
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Runs the fixture's command through the CLI; returns the exported folder and the run's environment. */
async function runFixture(name: string): Promise<FixtureRun> {
  const golden = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Golden;
  const { inputs } = golden;
  const dir = await mkdtemp(join(tmpdir(), `sweepflow-table-${name}-`));
  const prefix = uniquePrefix(`table-${name}`);
  cleanups.push(async () => {
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });
  const args = ['run', '--study', 'table', '--data', join(FIXTURES, `${inputs.data.split('/').pop()}`), '--target', inputs.target];
  if (inputs.featuresGiven) args.push('--features', inputs.features.join(','));
  if (inputs.categorical.length > 0) args.push('--categorical', inputs.categorical.join(','));
  const out = join(dir, 'out');
  args.push('--profile', inputs.profile, '--workers', '2', '--out', out);
  const env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'runs') };
  const result = await runCli(args, { cwd: dir, env, timeoutMs: 600_000 });
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  return { out, golden, dir, env };
}

describe('sweepflow run --study table (quick profile, 2 predictors: Linnerud)', () => {
  let run: FixtureRun;
  let out: string;
  let golden: Golden;

  it('runs through the CLI and writes results.json, the report and the models', async () => {
    run = await runFixture('linnerud_quick');
    ({ out, golden } = run);
    expect((await readdir(join(out, 'models'))).sort()).toEqual(['kmeans.json', 'knn.json', 'mlp.json', 'ols.json', 'pca.json', 'scaler.json']);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  }, 120_000);

  it("results.json follows the table study's contract, features named by the table's columns", () => {
    const results = tableResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    expect(Object.keys(results.pca.loadings)).toEqual(['Chins', 'Situps']);
    expect(results.kmeans.onPca.components).toBe(2);
    expect(Object.keys(results.kmeans.tuned.profiles[0].means)).toEqual(['Weight', 'Chins', 'Situps']);
    expect(results.ols.full).toBeUndefined();
  });

  it('equals the scikit-learn/statsmodels golden', () => {
    const [actual, expected] = comparable(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')), golden);
    expect(differences(actual, expected)).toEqual([]);
  });

  it('predicts new rows from the predictors alone, named by --id, naming the rows it cannot score', async () => {
    const csv = join(run.dir, 'new.csv');
    await writeFile(csv, 'who,Situps,Chins\nann,162,5\nbob,,2\ncem,110,many\ndee,101,12\n');
    const runId = (await readdir(join(run.dir, 'runs', 'runs')))[0];
    const predicted = await runCli(['predict', '--run', runId, '--model', 'ols_numeric', '--data', csv, '--id', 'who'], { cwd: run.dir, env: run.env });
    expect(predicted.code, predicted.stderr).toBe(0);
    const [header, ...rows] = predicted.stdout.trim().split('\n');
    expect(header).toBe('who,prediction');
    expect(rows.map((r) => r.split(',')[0])).toEqual(['ann', 'dee']);
    // The saved OLS (fitted on the comparison split) by hand: const + Chins·b1 + Situps·b2.
    const ols = JSON.parse(readFileSync(join(out, 'models', 'ols.json'), 'utf8')) as { numericOnSplit: { coefficients: { term: string; coef: number }[] } };
    const coef = Object.fromEntries(ols.numericOnSplit.coefficients.map((c) => [c.term, c.coef]));
    expect(Number(rows[0].split(',')[1])).toBeCloseTo(coef.const + 5 * coef.Chins + 162 * coef.Situps, 9);
    expect(predicted.stderr).toContain(`${csv}:3: skipped, missing Situps`);
    expect(predicted.stderr).toContain(`${csv}:4: skipped, column 'Chins': 'many' is not a number`);
  }, 60_000);
});

describe('sweepflow run --study table with one predictor', () => {
  it('adapts PCA and KMeans on the PCs to one component, and writes its report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweepflow-table-one-'));
    const prefix = uniquePrefix('table-one');
    cleanups.push(async () => {
      await deletePrefix(prefix);
      await rm(dir, { recursive: true, force: true });
    });
    const out = join(dir, 'out');
    const args = ['run', '--study', 'table', '--data', join(FIXTURES, 'linnerud.csv'), '--target', 'Weight', '--features', 'Chins'];
    const env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: join(dir, 'runs') };
    const result = await runCli([...args, '--profile', 'quick', '--workers', '2', '--out', out], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    const results = tableResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    expect(results.pca).toEqual({ explainedVarianceRatio: [1], loadings: { Chins: [1] } });
    expect(results.kmeans.onPca.components).toBe(1);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('K Means on First 1 PCs');
  }, 120_000);
});

/** The seed profile (the notebook's grids) on tables nobody tuned to: about 15 s to 1 min each on two cores. */
describe.each(['diabetes', 'diabetes_sex', 'iris', 'generated'])('parity of the table study on %s (seed profile)', (name) => {
  it('every figure within the parity tolerances, same best parameters', async () => {
    const { out, golden } = await runFixture(name);
    const results = tableResultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    const [actual, expected] = comparable(results, golden);
    expect(differences(actual, expected)).toEqual([]);
  }, 600_000);
});
