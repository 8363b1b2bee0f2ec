/**
 * Section "models": each model's wall time, ours against scikit-learn's on the same data in the
 * same run, as a ratio ours / sklearn with its target.
 */
import { benchKmeans } from './kmeansBench.js';
import { benchKnn } from './knnBench.js';
import { benchMlp } from './mlpBench.js';
import { sklearnAvailable, SKLEARN_MISSING } from './pythonBench.js';
import { formatLoad, formatMs, row, verdict } from './reportFormat.js';

interface ModelLine {
  readonly label: string;
  readonly oursMs: number;
  readonly sklearnMs: number | null;
  /** Largest acceptable ours / sklearn; undefined: reported without a target. */
  readonly target?: number;
}

export async function modelsSection(): Promise<void> {
  console.log('\n== models: ours vs scikit-learn (median of 3 timed runs each, after a warm-up) ==');
  if (!sklearnAvailable()) console.log(`  ${SKLEARN_MISSING} (no /usr/bin/python3 with sklearn)`);

  console.log(`  KNN grid search … (${formatLoad()})`);
  const knn = await benchKnn();
  printLine({ label: 'KNN full grid (1,000 fits)', oursMs: knn.ours_ms, sklearnMs: knn.sklearn_ms, target: 0.2 });
  console.log('    sklearn: GridSearchCV(cv=5, n_jobs=2); ours: one thread, 10 neighbour tables serve the 200 cells');

  console.log(`  MLP … (${formatLoad()})`);
  const mlp = await benchMlp({ repeats: 3 });
  const hidden = `(${mlp.hidden.join(',')}${mlp.hidden.length === 1 ? ',' : ''})`;
  printLine({ label: `MLP ${hidden} per epoch, fused`, oursMs: mlp.fusedMsPerEpoch, sklearnMs: mlp.sklearnMsPerEpoch, target: 1.0 });
  printLine({ label: `MLP ${hidden} per epoch, tfjs/${mlp.tfjsBackend}`, oursMs: mlp.tfjsMsPerEpoch, sklearnMs: mlp.sklearnMsPerEpoch });
  printLine({ label: `MLP ${hidden} per epoch, tfjs/cpu`, oursMs: mlp.tfjsCpuMsPerEpoch, sklearnMs: mlp.sklearnMsPerEpoch });
  console.log(`    ${mlp.rows} training rows; the study trains with the fused trainer (the target line)`);

  console.log(`  K-Means, silhouette, PCA … (${formatLoad()})`);
  const clustering = await benchKmeans();
  const sk = clustering.sklearn;
  printLine({ label: 'KMeans scan k=2..10, n_init=20', oursMs: clustering.ours.scanMs, sklearnMs: sk?.scanMs ?? null, target: 1.0 });
  printLine({ label: 'silhouette (k=4 labels)', oursMs: clustering.ours.silhouetteMs, sklearnMs: sk?.silhouetteMs ?? null });
  printLine({ label: 'PCA, all components (per fit)', oursMs: clustering.ours.pcaMs, sklearnMs: sk?.pcaMs ?? null });
  const threads = sk === null ? '' : `; sklearn ${sk.version} with ${Object.entries(sk.threads).map(([api, n]) => `${api} ${n}`).join(', ')} threads`;
  console.log(`    ${clustering.rows} rows × 6 scaled predictors; ours single-threaded${threads}`);
  console.log(`  (${formatLoad()})`);
}

function printLine({ label, oursMs, sklearnMs, target }: ModelLine): void {
  if (sklearnMs === null) {
    console.log(row(label, `ours ${formatMs(oursMs)}`, SKLEARN_MISSING));
    return;
  }
  const ratio = oursMs / sklearnMs;
  const judged = target === undefined ? 'no target' : `target ≤ ${target.toFixed(2)}×: ${verdict(ratio, target)}`;
  console.log(row(label, `ours ${formatMs(oursMs)}`, `sklearn ${formatMs(sklearnMs)}`, `ratio ${ratio.toFixed(2)}×`, judged));
}
