import type { StudyConfig } from '../recipeConfig.js';
import { splitLabel } from './reportFigures.js';
import { escapeHtml } from '../../../src/report/escapeHtml.js';
import { htmlTable } from '../../../src/report/htmlTable.js';
import type { RecipeResults as StudyResults } from '../recipeResultsSchema.js';

/** The models compared on one split, the best one marked and named. */
export function comparisonHtml(results: StudyResults): string {
  const { models, best, split } = results.comparison;
  const table = htmlTable(
    ['model', 'validation RMSE'],
    models.map((m) => [m.model, m.validRmse]),
    { highlight: new Set(models.flatMap((m, i) => (m.model === best ? [i] : []))), className: 'comparison' },
  );
  return `<p class="best-model">Best model: <strong>${escapeHtml(best)}</strong> (lowest validation RMSE on the test_size=${escapeHtml(String(split.testSize))}, random_state=${escapeHtml(String(split.randomState))} split)</p>\n${table}`;
}

export function knnTablesHtml(results: StudyResults): string {
  const { simpleBest, best, final } = results.knn;
  return htmlTable(
    ['model', 'k', 'weights', 'metric', 'CV RMSE', 'train RMSE', 'validation RMSE'],
    [
      ['best k of the validation curve', simpleBest.k, 'uniform', 'euclidean', '—', simpleBest.trainRmse, simpleBest.validRmse],
      ['grid search best (tuned)', best.k, best.weights, best.metric, best.cvRmse, final.trainRmse, final.validRmse],
    ],
  );
}

export function kmeansTablesHtml(results: StudyResults): string {
  const { base, tuned, onPca, scan } = results.kmeans;
  const fits = htmlTable(
    ['clustering', 'k', 'inertia', 'cluster sizes'],
    [
      ['base', base.k, base.inertia, base.sizes.join(', ')],
      ['tuned', tuned.k, tuned.inertia, tuned.sizes.join(', ')],
    ],
  );
  const scanTable = htmlTable(['k', 'inertia', 'silhouette'], scan.map((s) => [s.k, s.inertia, s.silhouette]), { caption: 'k scan' });
  const pcs = htmlTable(
    ['k', 'components', 'silhouette', 'adjusted Rand vs tuned', 'share changing cluster'],
    [[onPca.k, onPca.components, onPca.silhouette, onPca.adjustedRand, onPca.changeRate]],
    { caption: 'K Means on the first principal components' },
  );
  return `${fits}\n${scanTable}\n${pcs}`;
}

export function mlpTablesHtml(results: StudyResults, config: StudyConfig): string {
  const { baseline, grid, best, final } = results.mlp;
  const hidden = (h: readonly number[]) => `(${h.join(', ')})`;
  const fits = htmlTable(
    ['model', 'hidden layers', 'alpha', 'epochs', 'train RMSE', 'validation RMSE'],
    [
      [`baseline (scaled on all rows, ${splitLabel(config.mlp.baseline.testSize)})`, hidden(baseline.hidden), baseline.alpha, baseline.epochs, baseline.trainRmse, baseline.validRmse],
      ['final', hidden(final.hidden), final.alpha, final.epochs, final.trainRmse, final.validRmse],
    ],
  );
  const sorted = [...grid].sort((a, b) => a.validRmse - b.validRmse);
  const gridTable = htmlTable(
    ['hidden layers', 'alpha', 'epochs', 'train RMSE', 'validation RMSE'],
    sorted.map((g) => [hidden(g.hidden), g.alpha, g.epochs, g.trainRmse, g.validRmse]),
    {
      caption: `Grid, best first (grid best: ${hidden(best.hidden)}, alpha ${best.alpha})`,
      highlight: new Set([0]),
    },
  );
  return `${fits}\n${gridTable}`;
}
