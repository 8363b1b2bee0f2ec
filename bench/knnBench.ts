/**
 * Wall time of the notebook's full KNN grid search (cell 21: k = 1..50 × uniform/distance ×
 * euclidean/manhattan, 5-fold CV, 1,000 fits) on the 6,762 scaled training rows: ours, which
 * answers the 200 cells from 10 neighbour tables, against scikit-learn's
 * GridSearchCV(n_jobs=2) through /usr/bin/python3 when it is there, both measured in one run.
 * Each figure is the median of 3 timed runs after one untimed warm-up.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/knnBench.js
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { median } from './median.js';
import { notebookTrainingRows } from './notebookTrainingRows.js';
import type { NumericTable } from '../src/data/numericTable.js';
import { knnGridSearch, type KnnGrid } from '../src/models/knnGridSearch.js';

const PYTHON = '/usr/bin/python3';
const REPEATS = 3;
const GRID: KnnGrid = {
  k: Array.from({ length: 50 }, (_, i) => i + 1),
  weights: ['uniform', 'distance'],
  metric: ['euclidean', 'manhattan'],
};

export interface KnnBenchResult {
  ours_ms: number;
  /** null when /usr/bin/python3 with scikit-learn is not available. */
  sklearn_ms: number | null;
}

export async function benchKnn(dataPath = 'data/movies.csv'): Promise<KnnBenchResult> {
  const { X, y } = await notebookTrainingRows(dataPath);
  knnGridSearch(X, y, GRID);
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    knnGridSearch(X, y, GRID);
    times.push(performance.now() - start);
  }
  return { ours_ms: median(times), sklearn_ms: sklearnGridMs(X, y) };
}


const SKLEARN_TIMER = `
import json, sys, time
import numpy as np
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsRegressor
d = json.load(sys.stdin)
X = np.array(d["X"], dtype=float).reshape(-1, d["columns"])
y = np.array(d["y"], dtype=float)
grid = {"n_neighbors": list(range(1, 51)), "weights": ["uniform", "distance"], "metric": ["euclidean", "manhattan"]}
def run():
    gs = GridSearchCV(KNeighborsRegressor(), grid, scoring="neg_root_mean_squared_error", cv=5, n_jobs=2)
    start = time.perf_counter()
    gs.fit(X, y)
    return (time.perf_counter() - start) * 1000
run()
print(json.dumps(float(np.median([run() for _ in range(d["repeats"])]))))
`;

function sklearnGridMs(X: NumericTable, y: Float64Array): number | null {
  if (!existsSync(PYTHON)) return null;
  const input = JSON.stringify({ X: Array.from(X.data), columns: X.columns.length, y: Array.from(y), repeats: REPEATS });
  const result = spawnSync(PYTHON, ['-c', SKLEARN_TIMER], { input, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) return null;
  return Number(JSON.parse(result.stdout));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchKnn();
  console.log(JSON.stringify(result, null, 2));
  if (result.sklearn_ms !== null) console.log(`ours / sklearn: ${(result.ours_ms / result.sklearn_ms).toFixed(2)}×`);
}
