/**
 * Section "table": the table study (seed profile) on sklearn's diabetes table
 * (test/fixtures/table/diabetes.csv, target `target`) with 1 and 2 worker processes, against the
 * same computation in Python (scripts/bench/table_study.py: serial, and the grid with n_jobs=-1).
 */
import { median } from './median.js';
import { runPythonBench, sklearnAvailable, SKLEARN_MISSING } from './pythonBench.js';
import { formatLoad, formatMs, row } from './reportFormat.js';
import { withStudyRun } from './studyRun.js';

const DATA = 'test/fixtures/table/diabetes.csv';
const TARGET = 'target';
const WORKER_COUNTS = [1, 2] as const;
const RUN_TIMEOUT_MS = 20 * 60_000;

interface TableTimings {
  sklearn: string;
  serial: { groups_s: Record<string, number>; total_s: number };
  parallel: { groups_s: Record<string, number>; total_s: number };
}

export async function tableSection(repeat: number): Promise<void> {
  console.log(`\n== table: the table study on ${DATA} (--target ${TARGET}, seed profile), ${repeat === 1 ? 'each configuration once' : `median of ${repeat} runs each`} ==`);
  const wallMs = new Map<number, number[]>(WORKER_COUNTS.map((w) => [w, []]));
  const python: TableTimings[] = [];
  // Interleaved, so a change in the machine's load falls on every configuration alike.
  for (let r = 0; r < repeat; r++) {
    for (const workers of WORKER_COUNTS) {
      console.log(`  run ${r + 1}/${repeat}, ${workers} worker(s) … (${formatLoad()})`);
      try {
        const ms = await withStudyRun(
          { label: `table-w${workers}`, profile: 'seed', workers, dataPath: DATA, studyArgs: ['--study', 'table', '--target', TARGET], timeoutMs: RUN_TIMEOUT_MS },
          async (run) => run.wallMs,
        );
        wallMs.get(workers)!.push(ms);
        console.log(`    wall ${formatMs(ms)}`);
      } catch (error) {
        console.log(`    run failed, left out of the medians: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    if (sklearnAvailable()) {
      console.log(`  run ${r + 1}/${repeat}, the same computation in Python … (${formatLoad()})`);
      const timings = await runPythonBench<TableTimings>('table_study.py', ['--data', DATA, '--target', TARGET]);
      if (timings !== null) {
        python.push(timings);
        console.log(`    serial ${timings.serial.total_s.toFixed(1)} s, n_jobs=-1 ${timings.parallel.total_s.toFixed(1)} s`);
      }
    }
  }
  console.log(`  (${formatLoad()})`);
  if (WORKER_COUNTS.some((w) => wallMs.get(w)!.length === 0)) throw new Error('no completed table run for some worker count');
  const [one, two] = WORKER_COUNTS.map((w) => median(wallMs.get(w)!));
  console.log(row('ours, 1 worker process', formatMs(one)));
  console.log(row('ours, 2 worker processes', formatMs(two)));
  if (python.length === 0) {
    console.log(`  table study in Python: ${SKLEARN_MISSING}`);
    return;
  }
  const serial = median(python.map((p) => p.serial.total_s)) * 1000;
  const parallel = median(python.map((p) => p.parallel.total_s)) * 1000;
  console.log(`  the same computation in Python (scikit-learn ${python[0].sklearn}, in-script time, imports excluded):`);
  for (const group of Object.keys(python[0].serial.groups_s)) {
    const at = (mode: 'serial' | 'parallel') => formatMs(median(python.map((p) => p[mode].groups_s[group])) * 1000);
    console.log(row(group, `serial ${at('serial')}`, `n_jobs=-1 ${at('parallel')}`));
  }
  console.log(row('total, serial', formatMs(serial)));
  console.log(row('total, grid n_jobs=-1', formatMs(parallel)));
  console.log(row('ours 1 worker / Python serial', `${(one / serial).toFixed(2)}×`));
  console.log(row('ours 2 workers / Python n_jobs=-1', `${(two / parallel).toFixed(2)}×`));
}
