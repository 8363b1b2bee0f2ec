import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, uniquePrefix } from '../support/redisPrefix.js';
import { runCli, type CliResult } from '../support/sweepflowCli.js';

/** The CLI runs from the repository root so fixture paths, and the messages naming them, are as in the README. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BAD = 'test/fixtures/bad';
const DATA = 'data/movies.csv';
/** Each case is a short-lived process; two cores are shared by everyone. */
const CONCURRENCY = 2;

interface BadCase {
  readonly name: string;
  readonly args: readonly string[];
  /** The one stderr line. */
  readonly expected: string;
}

const run = (data: string, ...more: string[]) => ['run', '--data', data, '--profile', 'quick', '--workers', '0', ...more];
const table = (file: string, expected: string): BadCase => ({
  name: `table ${file}`,
  args: run(`${BAD}/tables/${file}`),
  expected: `sweepflow: ${BAD}/tables/${file}${expected}`,
});
/** Config errors name the config file first. */
const config = (file: string, expected: string): BadCase => ({
  name: `config ${file}`,
  args: run(DATA, '--config', `${BAD}/configs/${file}`),
  expected: `sweepflow: ${expected.startsWith(BAD) ? '' : `${BAD}/configs/${file}: `}${expected}`,
});
/** The table study's refusals: its tables and configs live in table-study/. */
const TS = `${BAD}/table-study`;
const NAMED = `${TS}/linnerud-named.csv`;
const tableStudy = (name: string, args: readonly string[], expected: string): BadCase => ({
  name: `table study: ${name}`,
  args: ['run', '--study', 'table', '--profile', 'quick', '--workers', '0', ...args],
  expected: `sweepflow: ${expected}`,
});
/** Study files (`--study file.json`) on the Linnerud table with a name column; every refusal names the study file first. */
const SF = `${BAD}/study-files`;
const studyFile = (file: string, expected: string, data = NAMED, ...more: string[]): BadCase => ({
  name: `study file ${file}`,
  args: ['run', '--study', `${SF}/${file}`, '--data', data, '--profile', 'quick', '--workers', '0', ...more],
  expected: `sweepflow: ${SF}/${file}: ${expected}`,
});
const runId = (command: 'status' | 'rerun', id: string): BadCase => ({
  name: `${command} '${id}'`,
  args: command === 'rerun' ? [command, id, '--workers', '0'] : [command, id],
  expected: `sweepflow: invalid run id '${id}': use letters, digits, '.', '_' or '-' (no '/' or '..')`,
});

const CASES: readonly BadCase[] = [
  table('wrong-type.csv', `:4: column 'budget': 'twelve million' is not a number`),
  table('nan-text.csv', `:6: column 'revenue': 'NaN' is not a number`),
  table('infinity-text.csv', `:8: column 'runtime': 'Infinity' is not a number`),
  table('negative-budget.csv', `:3: column 'budget': -30000000 is negative`),
  table('huge-value.csv', `:11: column 'vote_count': 1e308 is out of range (|value| must be at most 1000000000000000)`),
  table('all-budgets-zero.csv', `: only 0 rows have every numeric column after filtering; the study needs at least 10`),
  table('numeric-all-empty.csv', `: only 0 rows have every numeric column after filtering; the study needs at least 10`),
  table('five-rows.csv', `: only 5 rows have every numeric column after filtering; the study needs at least 10`),
  table('duplicated-header.csv', `:1: duplicated column 'budget' in header`),
  table('missing-column.csv', `:1: missing required column 'vote_average'`),
  table('unterminated-quote.csv', `:5: unterminated quoted field`),
  table('wrong-column-count.csv', `:8: expected 18 fields, found 15`),
  table('binary.bin', `: binary data (NUL byte), not a CSV text file`),
  table('empty.csv', `: file is empty`),
  table('header-only.csv', `: header only, no data rows`),
  table('directory.csv', `: not a regular file`),
  table('no-such-file.csv', `: file not found`),
  config('k-larger-than-training-set.json', `knn k=6000 is larger than the smallest training fold (5409 rows) in ${DATA}`),
  config('empty-grid.json', `invalid study config: knn.k: is empty`),
  config('k-zero.json', `invalid study config: knn.k.0: Too small: expected number to be >0`),
  config('hidden-layer-zero.json', `invalid study config: mlp.hidden.0.0: Too small: expected number to be >0`),
  config('alpha-negative.json', `invalid study config: mlp.alpha.0: Too small: expected number to be >=0`),
  config('unknown-key.json', `invalid study config: knn: Unrecognized key: "weigths"`),
  config('weights-bogus.json', `invalid study config: knn.weights.0: Invalid option: expected one of "uniform"|"distance"`),
  config('ninit-zero.json', `invalid study config: kmeans.nInit: Too small: expected number to be >0`),
  config(
    'not-json.json',
    `${BAD}/configs/not-json.json: not valid JSON (Expected double-quoted property name in JSON at position 24)`,
  ),
  config('no-such-config.json', `${BAD}/configs/no-such-config.json: config file not found`),
  tableStudy('no --target', ['--data', NAMED], `${NAMED}: this study needs --target COLUMN, the numeric column to predict`),
  tableStudy(
    'target not a column',
    ['--data', NAMED, '--target', 'Height'],
    `${NAMED}:1: column 'Height' (--target) is not in the table (columns: Chins, Situps, Jumps, Weight, Waist, Pulse, name)`,
  ),
  tableStudy('target not numeric', ['--data', NAMED, '--target', 'name'], `${NAMED}:2: column 'name': the target must be numeric, 'Ann' is not a number`),
  tableStudy(
    'named feature absent',
    ['--data', NAMED, '--target', 'Weight', '--features', 'Chins,Height'],
    `${NAMED}:1: column 'Height' (--features) is not in the table (columns: Chins, Situps, Jumps, Weight, Waist, Pulse, name)`,
  ),
  tableStudy(
    'feature named twice',
    ['--data', NAMED, '--target', 'Weight', '--features', 'Chins,Chins'],
    `profile quick: invalid study config: table.features: names a column twice`,
  ),
  tableStudy(
    'non-numeric predictor',
    ['--data', NAMED, '--target', 'Weight', '--features', 'Chins,name'],
    `${NAMED}:2: column 'name': a predictor must be numeric, 'Ann' is not a number (name it in --categorical, or leave it out of --features)`,
  ),
  tableStudy(
    'categorical with too many levels',
    ['--data', NAMED, '--target', 'Weight', '--categorical', 'name', '--config', `${TS}/max-levels-5.json`],
    `${NAMED}: column 'name': 20 levels, more than the limit of 5 for a categorical (table.maxLevels in --config)`,
  ),
  tableStudy(
    'k larger than the folds allow',
    ['--data', `${TS}/ten-rows.csv`, '--target', 'Weight'],
    `profile quick: knn k=6 is larger than the smallest training fold (5 rows) in ${TS}/ten-rows.csv`,
  ),
  tableStudy(
    'clusters larger than the rows',
    ['--data', NAMED, '--target', 'Weight', '--config', `${TS}/kmeans-25.json`],
    `${TS}/kmeans-25.json: kmeans k=25 is larger than the 20 rows in ${NAMED}`,
  ),
  tableStudy(
    'too small for the folds',
    ['--data', NAMED, '--target', 'Weight', '--config', `${TS}/folds-20.json`],
    `${TS}/folds-20.json: the 15 training rows cannot make 20 folds in ${NAMED}`,
  ),
  studyFile('not-json.study.json', 'not valid JSON (Expected double-quoted property name in JSON at position 40)'),
  studyFile('no-study.study.json', 'a study file is a JSON object whose "study" key names the study it is for'),
  studyFile('study-takes-no-file.study.json', "study 'movies' takes no study file"),
  studyFile('wrong-type.study.json', 'features: Invalid input: expected array, received string'),
  studyFile(
    'unknown-step.study.json',
    'prepare[1]: unknown step {"log2":"Situps","as":"log_situps"} (a step is an object with one of the keys filter, log1p, cut, keep, groupCount, firstToken)',
  ),
  studyFile('bad-filter.study.json', "prepare[0] (filter): filter 'Chins >> 0': expected a number or a quoted string at '>' (character 8)"),
  studyFile('bins-labels.study.json', 'prepare[0] (cut): labels: 4 bin edges make 3 intervals, but 2 labels are given'),
  studyFile(
    'unknown-column.study.json',
    `${NAMED}: prepare[1] (cut Jump): no column 'Jump' (columns: Chins, Situps, Jumps, Weight, Waist, Pulse, name, log_situps)`,
  ),
  studyFile('filter-on-text.study.json', `${NAMED}: prepare[0] (filter name > 3): column 'name' is not numeric: 'Ann' on line 2`),
  // The command line's --target overrides the file's (the column list shows the file's steps ran).
  studyFile(
    'target-overridden.study.json',
    `${NAMED}:1: column 'Height' (--target) is not in the table (columns: Chins, Situps, Jumps, Weight, Waist, Pulse, name, log_situps)`,
    NAMED,
    '--target',
    'Height',
  ),
  {
    name: 'movie study given --target',
    args: run(DATA, '--target', 'vote_average'),
    expected: `sweepflow: study 'movies' takes no --target: its table's columns are fixed`,
  },
  ...(['runs/x', '../x', 'my run'] as const).flatMap((id) => [runId('status', id), runId('rerun', id)]),
];

/** A > 1 MB line is generated rather than committed: line 4's movie_name is 1.2 MB. */
const HUGE_LINE = 'table huge-line.csv (generated)';

async function hugeLineCase(dir: string): Promise<BadCase> {
  const file = join(dir, 'huge-line.csv');
  const [header, ...rows] = (await readFile(join(ROOT, DATA), 'utf8')).split('\n', 13);
  rows[2] = rows[2].replace(/^(\d+),[^,]*,/, `$1,${'x'.repeat(1_200_000)},`);
  await writeFile(file, [header, ...rows].join('\n'));
  return { name: HUGE_LINE, args: run(file), expected: `sweepflow: ${file}:4: record longer than 1048576 bytes` };
}

/** Runs `work` over `items`, at most `limit` at a time, results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

interface Outcome {
  readonly result: CliResult;
  readonly prefix: string;
  readonly storeDir: string;
}

describe('bad input is refused before anything is submitted', () => {
  let dir: string;
  let redis: Redis;
  const outcomes = new Map<string, Outcome & { expected: string }>();

  /** Each case gets its own prefix and store, so whatever it left behind is its own. */
  async function attempt(c: BadCase): Promise<Outcome> {
    const prefix = uniquePrefix('bad');
    const storeDir = join(dir, 'stores', prefix);
    const result = await runCli([...c.args], {
      cwd: ROOT,
      env: { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: storeDir },
      timeoutMs: 60_000,
    });
    return { result, prefix, storeDir };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweepflow-bad-'));
    redis = new Redis(REDIS_URL);
    const cases = [...CASES, await hugeLineCase(dir)];
    const results = await mapLimit(cases, CONCURRENCY, attempt);
    cases.forEach((c, i) => outcomes.set(c.name, { ...results[i], expected: c.expected }));
  }, 300_000);

  afterAll(async () => {
    redis?.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([...CASES.map((c) => c.name), HUGE_LINE])('%s', async (name) => {
    const { result, prefix, storeDir, expected } = outcomes.get(name)!;
    expect(result.stderr.replace(/\n$/, '').split('\n')).toEqual([expected]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    // No run was created and nothing reached Redis.
    expect((await filesUnder(storeDir)).filter((f) => /^runs\/[^/]+\/manifest\.json$/.test(f))).toEqual([]);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  });

  it('covers every file of the corpus, and the README lists each expected line', async () => {
    const readme = await readFile(join(ROOT, BAD, 'README.md'), 'utf8');
    for (const c of CASES) expect(readme, c.name).toContain(c.expected.replace(/\|/g, '\\|'));
    const tested = CASES.flatMap((c) => c.args.filter((a) => a.startsWith(`${BAD}/`)).map((a) => a.slice(BAD.length + 1)));
    const corpus = (await filesUnder(join(ROOT, BAD)))
      .filter((f) => f !== 'README.md')
      .map((f) => f.replace(/\/\.gitkeep$/, ''));
    expect(corpus.filter((f) => !tested.includes(f))).toEqual([]);
  });
});
