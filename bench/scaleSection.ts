/**
 * Section "scale": cost with rows. The seed study on seeded, jittered resamples of data/movies.csv
 * (bench/jitteredTable.ts) at each size, with per-stage Σ trial time (the in-thread ms of every
 * trial, from the stage outputs), the growth exponent between sizes, and the notebook's
 * computation in Python (scripts/bench/notebook_study.py --data) on the same tables. For the
 * sub-second stages, whose trials are mostly a trial's fixed costs, also their computation alone
 * (bench/computeOnlyTimes.ts), which is what Python's blocks time.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMPUTE_ONLY_STAGES, computeOnlyTimes, type ComputeOnlyStage } from './computeOnlyTimes.js';
import { jitteredTable } from './jitteredTable.js';
import { runPythonBench, SINGLE_THREADED, sklearnAvailable, SKLEARN_MISSING } from './pythonBench.js';
import { formatLoad, formatMs, row, verdict } from './reportFormat.js';
import { withStudyRun } from './studyRun.js';

/** Rows of the tables; Python runs on those up to PYTHON_MAX_ROWS (beyond, it takes too long here). */
export const SCALE_ROWS = [9_000, 36_000, 90_000] as const;
const PYTHON_MAX_ROWS = 36_000;
const WORKERS = 2;
const SEED = 15;
const JITTER = {
  columns: ['budget', 'revenue', 'runtime', 'vote_average', 'vote_count', 'keyword_count', 'user_avg_rating', 'user_rating_count'],
  jitter: 0.05,
  maxima: { vote_average: 10, user_avg_rating: 5 },
  idColumn: 'movie_id',
};
const STAGE_TARGET = 0.5;
const STUDY_TARGET = 0.25;
const PEAK_RSS_LIMIT = 2 * 2 ** 30;
const RUN_TIMEOUT_MS = 60 * 60_000;

/** Stages whose work the notebook does in one timed block, shown as one row. */
const MERGED: Readonly<Record<string, string>> = { 'knn-table': 'knn-grid', 'knn-cell': 'knn-grid' };

interface SizeFigures {
  rows: number;
  wallMs: number;
  /** Σ in-thread trial ms per stage (merged stages summed). */
  stageMs: Map<string, number>;
  peakRssBytes: number | undefined;
  /** The sub-second stages' computation alone, in-process (bench/computeOnlyTimes.ts), ms. */
  computeOnlyMs?: Record<ComputeOnlyStage, number>;
}

interface NotebookStages {
  stages_s: Record<string, number>;
  total_notebook_s: number;
  total_serial_s: number;
}

export async function scaleSection(rows: readonly number[] = SCALE_ROWS, withPython = true): Promise<void> {
  console.log(`\n== scale: seed study on jittered resamples of data/movies.csv (${rows.map(formatRows).join(', ')} rows), ${WORKERS} workers ==`);
  console.log(`  each size run once (minutes to a quarter hour each), fresh store, nothing cached; ${withPython ? 'Python with one OpenMP/BLAS thread (the grid also with n_jobs=2)' : 'Python not run (--no-python)'}`);
  const dir = await mkdtemp(join(tmpdir(), 'sweepflow-bench-scale-'));
  const ours: SizeFigures[] = [];
  const python = new Map<number, NotebookStages>();
  try {
    const source = await readFile(resolve('data/movies.csv'), 'utf8');
    for (const size of rows) {
      const dataPath = join(dir, `movies-${size}.csv`);
      await writeFile(dataPath, jitteredTable(source, { rows: size, seed: SEED, ...JITTER }));
      console.log(`  ${formatRows(size)} rows, sweepflow … (${formatLoad()})`);
      const figures = await sizeRun(size, dataPath);
      ours.push(figures);
      const rss = figures.peakRssBytes === undefined ? 'n/a' : `${(figures.peakRssBytes / 2 ** 20).toFixed(0)} MiB`;
      console.log(`    wall ${formatMs(figures.wallMs)}, Σ trials ${formatMs(sum(figures.stageMs.values()))}, peak RSS of one process ${rss}`);
      // Printed as it comes, so a run stopped before the table still leaves its figures.
      console.log(`    Σ trial s per stage: ${[...figures.stageMs].map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(1)}`).join(', ')}`);
      figures.computeOnlyMs = await computeOnlyTimes(dataPath);
      console.log(`    computation alone, in this process (median of 3), s: ${COMPUTE_ONLY_STAGES.map((stage) => `${stage} ${(figures.computeOnlyMs![stage] / 1000).toFixed(2)}`).join(', ')}`);
      if (withPython && size <= PYTHON_MAX_ROWS && sklearnAvailable()) {
        console.log(`  ${formatRows(size)} rows, notebook in Python … (${formatLoad()})`);
        const timings = await runPythonBench<NotebookStages>('notebook_study.py', ['--data', dataPath], SINGLE_THREADED);
        if (timings !== null) {
          python.set(size, timings);
          console.log(`    ${timings.total_serial_s.toFixed(1)} s single-threaded; s per stage: ${Object.entries(timings.stages_s).map(([stage, seconds]) => `${stage} ${seconds.toFixed(1)}`).join(', ')}`);
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  printTable(ours, python, withPython);
}

async function sizeRun(size: number, dataPath: string): Promise<SizeFigures> {
  return withStudyRun(
    { label: `scale-${size}`, profile: 'seed', workers: WORKERS, dataPath, timeoutMs: RUN_TIMEOUT_MS, peakRss: true },
    async (run) => {
      const stageMs = new Map<string, number>();
      const ordered = [...run.stages].sort((a, b) => Date.parse(a.finished) - a.ms - (Date.parse(b.finished) - b.ms));
      for (const stage of ordered) {
        const name = MERGED[stage.stage] ?? stage.stage;
        stageMs.set(name, (stageMs.get(name) ?? 0) + stage.trials.reduce((n, t) => n + t.ms, 0));
      }
      return { rows: size, wallMs: run.wallMs, stageMs, peakRssBytes: run.peakRssBytes };
    },
  );
}

function printTable(ours: readonly SizeFigures[], python: ReadonlyMap<number, NotebookStages>, withPython: boolean): void {
  const pythonRows = [...python.keys()];
  const compared = pythonRows.at(-1);
  const exponents = (values: number[], sizes: number[]) =>
    values.slice(1).map((v, i) => (Math.log(v / values[i]) / Math.log(sizes[i + 1] / sizes[i])).toFixed(2));
  const sizes = ours.map((f) => f.rows);
  console.log(`  Σ trial time per stage, s (exponent: log(t₂/t₁) / log(n₂/n₁)); Python single-threaded; ratio at ${compared === undefined ? '—' : formatRows(compared)} rows, target ≤ ${STAGE_TARGET}×:`);
  console.log(row('stage', ...sizes.map((n) => formatRows(n)), 'exponent(s)', ...pythonRows.map((n) => `Python ${formatRows(n)}`), 'Python exp.', 'ratio'));
  const line = (name: string, at: (f: SizeFigures) => number, pythonAt: (p: NotebookStages) => number | undefined, target: number) => {
    const values = ours.map(at);
    const pythonValues = pythonRows.map((n) => pythonAt(python.get(n)!));
    const known = pythonValues.every((v) => v !== undefined) ? (pythonValues as number[]) : undefined;
    const oursAtCompared = compared === undefined ? undefined : ours.find((f) => f.rows === compared);
    const ratio = known === undefined || oursAtCompared === undefined ? undefined : at(oursAtCompared) / (known.at(-1)! * 1000);
    console.log(row(
      name,
      ...values.map((v) => (v / 1000).toFixed(1)),
      exponents(values, sizes).join(' '),
      ...pythonValues.map((v) => (v === undefined ? '—' : v.toFixed(1))),
      known === undefined ? '—' : exponents(known, pythonRows).join(' '),
      ratio === undefined ? '—' : `${ratio.toFixed(2)}× ${verdict(ratio, target)}`,
    ));
  };
  for (const stage of ours[0].stageMs.keys()) {
    line(stage, (f) => f.stageMs.get(stage) ?? 0, (p) => p.stages_s[stage], STAGE_TARGET);
  }
  // A trial also starts its job, reads and decodes its upstream result and writes its own, which
  // Python's timed blocks do not: for the stages where that is most of the time, the work alone.
  for (const stage of COMPUTE_ONLY_STAGES) {
    if (ours.every((f) => f.computeOnlyMs !== undefined)) {
      line(`${stage}, computation alone`, (f) => f.computeOnlyMs![stage], (p) => p.stages_s[stage], STAGE_TARGET);
    }
  }
  line('study (Σ trials)', (f) => sum(f.stageMs.values()), (p) => p.total_serial_s, STUDY_TARGET);
  line(`study wall, ${WORKERS} workers vs notebook n_jobs=2`, (f) => f.wallMs, (p) => p.total_notebook_s, STUDY_TARGET);
  if (python.size === 0) console.log(`  notebook in Python: ${withPython ? SKLEARN_MISSING : 'not run (--no-python)'}`);
  for (const f of ours) {
    if (f.peakRssBytes === undefined) continue;
    const mib = f.peakRssBytes / 2 ** 20;
    console.log(row(`peak RSS of one process, ${formatRows(f.rows)}`, `${mib.toFixed(0)} MiB`, `limit ${PEAK_RSS_LIMIT / 2 ** 20} MiB: ${f.peakRssBytes <= PEAK_RSS_LIMIT ? 'met' : 'NOT met'}`));
  }
}

const formatRows = (rows: number) => (rows % 1000 === 0 ? `${rows / 1000}k` : String(rows));

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
