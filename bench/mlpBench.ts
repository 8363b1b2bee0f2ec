/**
 * Per-epoch cost of training the notebook's (64,) MLP (or other hidden sizes) on the
 * 6,762 training rows: the
 * fused float64 trainer, the tfjs trainer on the fastest backend and on cpu, and
 * scikit-learn through /usr/bin/python3 when it is there, all measured in one run.
 * Each figure is the median over several timed runs of ms / epoch.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/mlpBench.js [hidden sizes as JSON, default [64]]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { median } from './median.js';
import { notebookTrainingRows } from './notebookTrainingRows.js';
import type { NumericTable } from '../src/data/numericTable.js';
import { trainMlp } from '../src/models/mlp.js';
import { trainMlpTfjs } from '../src/models/mlpTfjsTrainer.js';
import { fastestTfjsBackend, useTfjsBackend, type TfjsBackendName } from '../src/models/tfjsBackend.js';

const PYTHON = '/usr/bin/python3';
const SEED = 3001;

export interface MlpBenchResult {
  rows: number;
  hidden: number[];
  fusedMsPerEpoch: number;
  tfjsBackend: TfjsBackendName;
  tfjsMsPerEpoch: number;
  tfjsCpuMsPerEpoch: number;
  /** null when /usr/bin/python3 with scikit-learn is not available. */
  sklearnMsPerEpoch: number | null;
}

export interface MlpBenchOptions {
  dataPath?: string;
  hidden?: number[];
  repeats?: number;
  fusedEpochs?: number;
  tfjsEpochs?: number;
}

export async function benchMlp(options: MlpBenchOptions = {}): Promise<MlpBenchResult> {
  const { dataPath = 'data/movies.csv', hidden = [64], repeats = 5, fusedEpochs = 50, tfjsEpochs = 5 } = options;
  const { X, y } = await notebookTrainingRows(dataPath);
  // tol 0 keeps every run at its full epoch count; ms / epoch would absorb an early stop anyway.
  const base = { hidden, alpha: 1e-4, randomState: SEED, tol: 0 };

  const fusedMsPerEpoch = await medianMsPerEpoch(repeats, fusedEpochs, async () => {
    trainMlp(X, y, { ...base, maxIter: fusedEpochs });
  });
  const tfjsBackend = await fastestTfjsBackend();
  const tfjsOn = (backend: TfjsBackendName) => medianMsPerEpoch(repeats, tfjsEpochs, async () => {
    await trainMlpTfjs(X, y, { ...base, maxIter: tfjsEpochs, backend });
  });
  const tfjsMsPerEpoch = await tfjsOn(tfjsBackend);
  const tfjsCpuMsPerEpoch = await tfjsOn('cpu');
  await useTfjsBackend(tfjsBackend);

  return {
    rows: X.rows,
    hidden,
    fusedMsPerEpoch,
    tfjsBackend,
    tfjsMsPerEpoch,
    tfjsCpuMsPerEpoch,
    sklearnMsPerEpoch: sklearnMsPerEpoch(X, y, hidden, repeats, fusedEpochs),
  };
}


/** One untimed warm-up run (JIT, backend start-up), then the median of `repeats` timed runs. */
async function medianMsPerEpoch(repeats: number, epochs: number, run: () => Promise<void>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    times.push((performance.now() - start) / epochs);
  }
  return median(times);
}

const SKLEARN_TIMER = `
import json, sys, time, warnings
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor
d = json.load(sys.stdin)
X = np.array(d["X"], dtype=float).reshape(-1, d["columns"])
y = np.array(d["y"], dtype=float)
def run():
    m = MLPRegressor(hidden_layer_sizes=tuple(d["hidden"]), alpha=1e-4, max_iter=d["epochs"], tol=0.0, random_state=d["seed"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        m.fit(X, y)
        return (time.perf_counter() - start) * 1000 / m.n_iter_
run()
print(json.dumps(float(np.median([run() for _ in range(d["repeats"])]))))
`;

function sklearnMsPerEpoch(X: NumericTable, y: Float64Array, hidden: number[], repeats: number, epochs: number): number | null {
  if (!existsSync(PYTHON)) return null;
  const input = JSON.stringify({
    X: Array.from(X.data), columns: X.columns.length, y: Array.from(y), hidden, epochs, repeats, seed: SEED,
  });
  const result = spawnSync(PYTHON, ['-c', SKLEARN_TIMER], { input, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) return null;
  return Number(JSON.parse(result.stdout));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Optional argument: hidden sizes as JSON, e.g. '[64,32]'.
  const result = await benchMlp({ hidden: process.argv[2] ? (JSON.parse(process.argv[2]) as number[]) : undefined });
  const ratio = (ms: number) => (result.sklearnMsPerEpoch === null ? 'n/a' : (ms / result.sklearnMsPerEpoch).toFixed(2));
  console.log(JSON.stringify(result, null, 2));
  console.log(`vs sklearn: fused ${ratio(result.fusedMsPerEpoch)}×, tfjs/${result.tfjsBackend} ${ratio(result.tfjsMsPerEpoch)}×, tfjs/cpu ${ratio(result.tfjsCpuMsPerEpoch)}×`);
}
