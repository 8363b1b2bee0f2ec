import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readCsvTable } from '../../src/data/readCsvTable.js';
import { readMovieTable } from '../../studies/movies/data/readMovieTable.js';
import { preprocessMovies } from '../../studies/movies/data/preprocessMovies.js';
import { predictorDerivation } from '../../studies/table/data/predictorDerivation.js';
import { prepareTable } from '../../studies/table/data/prepareTable.js';
import { tableStudyFile, tableStudyFileSchema } from '../../studies/table/studyFile.js';
import { TABLE_DEFAULTS, TABLE_PROFILES, tableConfigSchema } from '../../studies/table/tableConfig.js';
import { mergeDeep } from '../../src/engine/resolveConfig.js';

const MOVIES_FILE = JSON.parse(readFileSync('examples/movies.study.json', 'utf8')) as Record<string, unknown>;

describe('a table-study file as config overrides', () => {
  it('puts the columns and the preparation under table, the config beside them', () => {
    const overrides = tableStudyFile.configOf({
      study: 'table',
      target: 'y',
      prepare: [{ keep: 'c', values: ['a'], as: 'c2' }],
      drop: ['c'],
      config: { knn: { k: [3] }, mlp: { baseline: { alpha: 0.1 } } },
    });
    expect(overrides).toEqual({
      knn: { k: [3] },
      mlp: { baseline: { alpha: 0.1 } },
      table: { target: 'y', prepare: [{ keep: 'c', values: ['a'], else: 'Other', as: 'c2' }], drop: ['c'] },
    });
    // Merged over a profile it is a valid config (what the run's manifest records).
    const config = tableConfigSchema.parse(mergeDeep(TABLE_PROFILES.quick, overrides));
    expect(config.table).toEqual({ ...TABLE_DEFAULTS, target: 'y', prepare: [{ keep: 'c', values: ['a'], else: 'Other', as: 'c2' }], drop: ['c'] });
    expect(config.mlp.baseline).toEqual({ ...TABLE_PROFILES.quick.mlp.baseline, alpha: 0.1 });
  });

  it.each([
    [{ study: 'table' }, 'target: Invalid input: expected string, received undefined'],
    [{ study: 'table', target: 'y', prepare: [{ cut: 'x', bins: [0, 'infinity'], labels: ['a'], as: 'b' }] }, 'prepare[0] (cut): bins[1]: Invalid input'],
    [{ study: 'table', target: 'y', prepare: [{ cut: 'x', bins: [3, 1], labels: ['a'], as: 'b' }] }, 'prepare[0] (cut): bins: are not strictly increasing'],
    [{ study: 'table', target: 'y', prepare: [{ log1p: 'x' }] }, 'prepare[0] (log1p): as: Invalid input: expected string, received undefined'],
    [{ study: 'table', target: 'y', prepare: [{ log1p: 'x', as: 'y', cut: 'z' }] }, 'prepare[0]: unknown step'],
    [{ study: 'table', target: 'y', prepare: [{ firstToken: 'g', delimiter: '', as: 'h' }] }, 'prepare[0] (firstToken): delimiter: is empty'],
    [{ study: 'table', target: 'y', prepare: [{ filter: "a == 'x' or b > 1" }] }, "prepare[0] (filter): filter 'a == 'x' or b > 1': expected 'and' or the end at 'or'"],
    [{ study: 'table', target: 'y', config: { knn: { k: [] } } }, 'config.knn.k: is empty'],
    [{ study: 'table', target: 'y', config: { table: {} } }, 'config: Unrecognized key: "table"'],
    [{ study: 'table', target: 'y', features: ['a', 'a'] }, 'features: names a column twice'],
    [{ study: 'tables', target: 'y' }, 'study: Invalid input: expected "table"'],
  ])('refuses %j in one line', (content, message) => {
    expect(() => tableStudyFile.configOf(content)).toThrow(message);
  });

  it('has a JSON Schema that takes the example study files as they are written', () => {
    const schema = z.toJSONSchema(tableStudyFileSchema, { io: 'input' }) as { properties: Record<string, unknown>; required: string[] };
    expect(schema.required).toEqual(['study', 'target']);
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'study', 'target', 'prepare', 'features', 'categorical', 'drop', 'maxLevels', 'config']);
    for (const file of ['examples/movies.study.json', 'test/fixtures/table/films.study.json']) {
      expect(tableStudyFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8'))).success, file).toBe(true);
    }
  });
});

describe("examples/movies.study.json is the notebook's preparation", () => {
  it('makes the movie study\'s numeric and full designs bit for bit on data/movies.csv', async () => {
    const config = tableConfigSchema.parse(mergeDeep(TABLE_PROFILES.seed, tableStudyFile.configOf(MOVIES_FILE)));
    const prepared = prepareTable(await readCsvTable('data/movies.csv'), config.table);
    const movies = preprocessMovies((await readMovieTable('data/movies.csv')).records);
    expect(prepared.counts).toEqual({ rows: 9053, rowsPrepared: movies.rowsBudgetPositive, rowsUsed: 9053, rowsNumeric: 9017, rowsCategorical: 8900 });
    for (const [ours, theirs] of [
      [prepared.numeric, movies.numeric],
      [prepared.full!, movies.full],
    ]) {
      expect(ours.X.columns).toEqual(theirs.X.columns);
      expect(Buffer.from(ours.X.data.buffer).equals(Buffer.from(theirs.X.data.buffer))).toBe(true);
      expect(Buffer.from(ours.y.buffer).equals(Buffer.from(theirs.y.buffer))).toBe(true);
    }
  });
});

describe('predictorDerivation: what new rows need for a study file run', () => {
  const spec = tableConfigSchema.parse(mergeDeep(TABLE_PROFILES.seed, tableStudyFile.configOf(MOVIES_FILE))).table;

  it('keeps the steps that make the predictors and asks for their sources, no filter, nothing else', () => {
    const { steps, sources } = predictorDerivation(spec, spec.features!);
    expect(steps.map((step) => Object.values(step)[0])).toEqual(['budget', 'revenue', 'vote_count', 'user_rating_count', 'keyword_count']);
    expect([...sources].sort()).toEqual(['budget', 'keyword_count', 'revenue', 'runtime', 'user_rating_count', 'vote_count']);
  });

  it('follows chains of steps and refuses a predictor made from a groupCount', () => {
    expect(() => predictorDerivation(spec, ['lead_actor_films'])).toThrow(
      "the run's predictor 'lead_actor_films' comes from prepare[9] (groupCount lead_actor), a count over the run's own table: new rows cannot be given it",
    );
    const chained = { ...spec, prepare: [{ log1p: 'a', as: 'b' }, { log1p: 'b', as: 'b' }, { filter: 'a > 0' }] };
    expect(predictorDerivation(chained, ['b', 'c'])).toEqual({ steps: chained.prepare.slice(0, 2), sources: ['c', 'a'] });
  });
});
