/**
 * Section "study": the seed study end to end with 1 and with 2 worker processes (fresh store and
 * Redis prefix each, so no trial is served from a cache), per-stage times from the stage outputs,
 * and the notebook's whole computation in Python (scripts/bench/notebook_study.py) in the same run.
 */
import { median } from './median.js';
import { runPythonBench, sklearnAvailable, SKLEARN_MISSING } from './pythonBench.js';
import { formatLoad, formatMs, row, verdict } from './reportFormat.js';
import { withStudyRun } from './studyRun.js';

const WORKER_COUNTS = [1, 2] as const;
const SPEEDUP_TARGET = 1.7;
const PYTHON_RATIO_TARGET = 0.5;
const RUN_TIMEOUT_MS = 20 * 60_000;

interface StudyFigures {
  /** Which repetition of the interleaved loop this run was. */
  repetition?: number;
  wallMs: number;
  /** Trials served from the cache: 0 in a fresh store. */
  cached: number;
  timings: Record<string, number>;
  /** Per stage: wall ms (submission → gather), trials, and the sum of their in-thread ms. */
  stages: Map<string, { ms: number; trials: number; trialMs: number }>;
}

interface NotebookTimings {
  sklearn: string;
  groups_s: Record<string, number>;
  knn_grid_s: { n_jobs_1: number; n_jobs_2: number };
  total_notebook_s: number;
  total_serial_s: number;
}

export async function studySection(repeat: number): Promise<void> {
  console.log(`\n== study: seed profile end to end, ${repeat === 1 ? 'each configuration run once (--repeat N for medians of N)' : `median of ${repeat} runs each`} ==`);
  console.log('  a seed run takes a minute or more; fresh store and Redis prefix per run, nothing cached');
  const runs = new Map<number, StudyFigures[]>(WORKER_COUNTS.map((w) => [w, []]));
  const python: NotebookTimings[] = [];
  // Interleaved, so a change in the machine's load falls on every configuration alike.
  for (let r = 0; r < repeat; r++) {
    for (const workers of WORKER_COUNTS) {
      console.log(`  run ${r + 1}/${repeat}, ${workers} worker(s) … (${formatLoad()})`);
      try {
        const figures = await seedRun(workers);
        runs.get(workers)!.push({ ...figures, repetition: r });
        console.log(`    wall ${formatMs(figures.wallMs)}, ${figures.cached} trial(s) served from the cache`);
      } catch (error) {
        // On a shared machine a run can die from outside (its workers killed); the others still count.
        console.log(`    run failed, left out of the medians: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    if (sklearnAvailable()) {
      console.log(`  run ${r + 1}/${repeat}, notebook in Python … (${formatLoad()})`);
      const timings = await runPythonBench<NotebookTimings>('notebook_study.py');
      if (timings !== null) {
        python.push(timings);
        console.log(`    ${timings.total_notebook_s.toFixed(1)} s`);
      }
    }
  }
  console.log(`  (${formatLoad()})`);
  if (WORKER_COUNTS.some((w) => runs.get(w)!.length === 0)) throw new Error('no completed run for some worker count');

  const wall = (w: number) => median(runs.get(w)!.map((f) => f.wallMs));
  const [one, two] = [wall(1), wall(2)];
  const speedup = one / two;
  console.log('  wall time (CLI start to exit, results and report exported):');
  console.log(row('1 worker process', formatMs(one), `results.json total ${medianOf(runs.get(1)!, (f) => f.timings.total).toFixed(1)} s`));
  console.log(row('2 worker processes', formatMs(two), `results.json total ${medianOf(runs.get(2)!, (f) => f.timings.total).toFixed(1)} s`));
  const trialMs = (f: StudyFigures) => [...f.stages.values()].reduce((n, s) => n + s.trialMs, 0);
  for (const w of WORKER_COUNTS) {
    const busy = medianOf(runs.get(w)!, (f) => trialMs(f) / f.wallMs);
    console.log(row(`Σ trial ms / wall, ${w} worker(s)`, `${busy.toFixed(2)}`, '(trial threads kept busy)'));
  }
  const slowdown = medianOf(runs.get(2)!, trialMs) / medianOf(runs.get(1)!, trialMs);
  console.log(row('Σ trial ms, 2 w. / 1 w.', `${slowdown.toFixed(2)}`, '(each trial slower with both cores busy)'));
  console.log(row('speedup 1 → 2 workers', `${speedup.toFixed(2)}×`, `target ≥ ${SPEEDUP_TARGET}×: ${speedup >= SPEEDUP_TARGET ? 'target met' : 'target NOT met'}`));
  // Run r of each configuration ran back to back, under about the same load from outside.
  const paired = runs.get(1)!.flatMap((f) => {
    const partner = runs.get(2)!.find((g) => g.repetition === f.repetition);
    return partner === undefined ? [] : [f.wallMs / partner.wallMs];
  });
  if (paired.length > 1) {
    console.log(row('speedup per repetition', paired.map((s) => `${s.toFixed(2)}×`).join(' '), `median ${median(paired).toFixed(2)}×`));
  }

  console.log('  per stage (stage output ms: submission → gather; trial Σ: sum of in-thread trial ms):');
  console.log(row('stage', 'trials', '1 worker', '2 workers', 'trial Σ 1 w.', 'trial Σ 2 w.'));
  for (const stage of runs.get(1)![0].stages.keys()) {
    const at = (w: number) => runs.get(w)!.map((f) => f.stages.get(stage)).filter((s) => s !== undefined);
    const trials = at(1)[0]?.trials ?? 0;
    const ms = (w: number) => (at(w).length === 0 ? 'n/a' : formatMs(median(at(w).map((s) => s.ms))));
    const trialMs = (w: number) => (at(w).length === 0 ? 'n/a' : formatMs(median(at(w).map((s) => s.trialMs))));
    console.log(row(stage, String(trials), ms(1), ms(2), trialMs(1), trialMs(2)));
  }
  console.log('  per group (results.json timings, s):');
  for (const group of Object.keys(runs.get(1)![0].timings)) {
    console.log(row(group, ...WORKER_COUNTS.map((w) => `${w} w. ${medianOf(runs.get(w)!, (f) => f.timings[group]).toFixed(1)} s`)));
  }

  if (python.length === 0) {
    console.log(`  notebook in Python: ${SKLEARN_MISSING}`);
    return;
  }
  const notebook = median(python.map((p) => p.total_notebook_s)) * 1000;
  const serial = median(python.map((p) => p.total_serial_s)) * 1000;
  console.log(`  notebook computation in Python (scikit-learn ${python[0].sklearn}, in-script time, imports excluded):`);
  for (const group of Object.keys(python[0].groups_s)) {
    console.log(row(group, formatMs(median(python.map((p) => p.groups_s[group])) * 1000)));
  }
  console.log(row('knn grid, n_jobs=1', formatMs(median(python.map((p) => p.knn_grid_s.n_jobs_1)) * 1000)));
  console.log(row('knn grid, n_jobs=2', formatMs(median(python.map((p) => p.knn_grid_s.n_jobs_2)) * 1000)));
  console.log(row('total (grid n_jobs=2)', formatMs(notebook)));
  console.log(row('total (grid n_jobs=1)', formatMs(serial)));
  const ratio = two / notebook;
  console.log(row('ours 2 workers / Python (n_jobs=2)', `${ratio.toFixed(2)}×`, `target ≤ ${PYTHON_RATIO_TARGET}×: ${verdict(ratio, PYTHON_RATIO_TARGET)}`));
  console.log(row('ours 1 worker / Python (n_jobs=1)', `${(one / serial).toFixed(2)}×`));
}

async function seedRun(workers: number): Promise<StudyFigures> {
  // A seed run takes about a minute here; a run with dead workers would otherwise wait forever.
  return withStudyRun({ label: `study-w${workers}`, profile: 'seed', workers, timeoutMs: RUN_TIMEOUT_MS }, async (run) => ({
    wallMs: run.wallMs,
    cached: run.stages.reduce((n, s) => n + s.trials.filter((t) => t.cached).length, 0),
    timings: run.timings,
    stages: new Map(
      [...run.stages]
        .sort((a, b) => Date.parse(a.finished) - a.ms - (Date.parse(b.finished) - b.ms))
        .map((s) => [s.stage, { ms: s.ms, trials: s.trials.length, trialMs: s.trials.reduce((n, t) => n + t.ms, 0) }]),
    ),
  }));
}

function medianOf<T>(items: readonly T[], value: (item: T) => number): number {
  return median(items.map(value));
}
