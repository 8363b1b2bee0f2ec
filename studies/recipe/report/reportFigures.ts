import {
  ANGLED_TICKS,
  INTEGER_TICKS,
  clusterMarker,
  columnRef,
  importanceBars,
  linesAndMarkers,
  titledLayout,
  targetMarker,
  type FigureSpec,
} from '../../../src/report/figureSpec.js';
import type { ClusterProfiles, ReportInput } from './reportInput.js';
import type { RecipeResults as StudyResults } from '../recipeResultsSchema.js';

/** Every figure of the report, in page order: the comparison, then the notebook's figures with the grids. */
export function reportFigures(input: ReportInput): FigureSpec[] {
  return [
    comparisonFigure(input.results),
    ...knnFigures(input),
    ...kmeansFigures(input),
    ...pcaFigures(input),
    ...mlpFigures(input),
  ];
}

/** Horizontal importance bars, most important on top, as the notebook draws them. */
function importanceFigure(name: string, section: FigureSpec['section'], title: string, rows: StudyResults['mlp']['importance']): FigureSpec {
  return {
    name,
    section,
    traces: [importanceBars(rows)],
    layout: titledLayout(title, 'importance (mean R² drop, ± std)', 'feature', {
      yaxis: { autorange: 'reversed' },
      margin: { t: 60, r: 30, b: 70, l: 170 },
    }),
  };
}

function correlationFigure(name: string, title: string, correlations: readonly { feature: string; correlation: number }[]): FigureSpec {
  const sorted = [...correlations].sort((a, b) => b.correlation - a.correlation);
  return {
    name,
    section: 'knn',
    traces: [{ type: 'bar', x: sorted.map((c) => c.feature), y: sorted.map((c) => c.correlation), name: 'correlation' }],
    layout: titledLayout(title, 'feature', 'correlation with prediction', ANGLED_TICKS),
  };
}

function knnFigures({ results, knnCorrelations, knnExplain }: ReportInput): FigureSpec[] {
  const { knn } = results;
  const { best } = knn;
  const figures: FigureSpec[] = [
    {
      name: 'knn-validation-curve',
      section: 'knn',
      traces: [linesAndMarkers(knn.validationCurve.map((p) => p.k), knn.validationCurve.map((p) => p.validRmse), 'Validation RMSE')],
      layout: titledLayout('KNN Validation RMSE by k', 'k', 'Validation RMSE', { hovermode: 'x unified' }),
    },
  ];
  if (knnExplain !== undefined) {
    figures.push(
      correlationFigure('knn-explain-correlations', `Feature Correlation with KNN Predictions (k = ${knnExplain.k})`, knnExplain.correlations),
      importanceFigure('knn-explain-importance', 'knn', `Permutation Importance for KNN (k = ${knnExplain.k})`, knnExplain.importance),
    );
  }
  if (knnCorrelations !== undefined && knnCorrelations.length > 0) {
    figures.push(correlationFigure('knn-correlations', 'Feature Correlation with Tuned KNN Predictions', knnCorrelations));
  }
  figures.push(
    importanceFigure('knn-importance', 'knn', 'Permutation Importance for Tuned KNN Model', knn.importance),
    {
      name: 'knn-grid',
      section: 'knn',
      traces: knnGridTraces(knn.grid),
      layout: titledLayout('KNN Grid Search: Cross-Validated RMSE by k', 'k', 'CV RMSE'),
    },
    {
      name: 'knn-tuned-curve',
      section: 'knn',
      traces: [linesAndMarkers(knn.tunedCurve.map((p) => p.k), knn.tunedCurve.map((p) => p.validRmse), 'Validation RMSE')],
      layout: titledLayout(`Tuned KNN Validation RMSE by k (${best.weights} weights, ${best.metric})`, 'k', 'Validation RMSE'),
    },
  );
  return figures;
}

function knnGridTraces(grid: StudyResults['knn']['grid']): Record<string, unknown>[] {
  const series = new Map<string, { k: number; cvRmse: number }[]>();
  for (const cell of grid) {
    const key = `${cell.weights}, ${cell.metric}`;
    series.set(key, [...(series.get(key) ?? []), cell]);
  }
  return [...series].map(([name, cells]) => {
    const sorted = [...cells].sort((a, b) => a.k - b.k);
    return linesAndMarkers(sorted.map((c) => c.k), sorted.map((c) => c.cvRmse), name);
  });
}

function kmeansFigures({ results, baseProfiles, facts }: ReportInput): FigureSpec[] {
  const { targetLabel, targetColumn, rowNoun } = facts;
  const { base, tuned, scan } = results.kmeans;
  const figures: FigureSpec[] = [
    projection2d('kmeans-base-projection', 'kmeans', `K Means Clusters (k = ${base.k}) Projected via PCA`, clusterMarker('base', base.k, 6), rowNoun),
  ];
  if (baseProfiles !== undefined && baseProfiles.length > 0) {
    figures.push(profileFigure('kmeans-base-profiles', 'Cluster Profiles: Average Values per Feature', baseProfiles));
  }
  figures.push(
    targetBoxes('kmeans-base-box', `${targetLabel} by Cluster`, 'base', facts),
    {
      name: 'kmeans-inertia',
      section: 'kmeans',
      traces: [linesAndMarkers(scan.map((s) => s.k), scan.map((s) => s.inertia), 'inertia')],
      layout: titledLayout('Inertia by Number of Clusters', 'k', 'Inertia', INTEGER_TICKS),
    },
    {
      name: 'kmeans-silhouette',
      section: 'kmeans',
      traces: [linesAndMarkers(scan.map((s) => s.k), scan.map((s) => s.silhouette), 'silhouette')],
      layout: titledLayout('Silhouette Score by Number of Clusters', 'k', 'Silhouette Score', INTEGER_TICKS),
    },
    projection2d(
      'kmeans-tuned-projection',
      'kmeans',
      `Tuned K Means Clusters (k = ${tuned.k}) Projected onto First Two PCs`,
      clusterMarker('tuned', tuned.k, 6),
      rowNoun,
    ),
    profileFigure('kmeans-tuned-profiles', 'Tuned Cluster Profiles: Average Values per Feature', tuned.profiles),
    targetBoxes('kmeans-tuned-box', `${targetLabel} by Tuned Cluster (k = ${tuned.k})`, 'tuned', facts),
  );
  return figures;
}

function profileFigure(name: string, title: string, profiles: ClusterProfiles): FigureSpec {
  const features = Object.keys(profiles[0]?.means ?? {});
  return {
    name,
    section: 'kmeans',
    traces: profiles.map((p) => ({
      type: 'bar',
      name: `cluster ${p.cluster}`,
      x: features,
      y: features.map((f) => p.means[f]),
    })),
    layout: titledLayout(title, 'Feature', 'Average Value (unscaled)', { barmode: 'group', ...ANGLED_TICKS }),
  };
}

function targetBoxes(name: string, title: string, labels: 'base' | 'tuned', facts: ReportInput['facts']): FigureSpec {
  return {
    name,
    section: 'kmeans',
    traces: [{ type: 'box', x: columnRef(labels), y: columnRef('target'), name: facts.targetColumn, boxpoints: 'outliers' }],
    layout: titledLayout(title, 'Cluster', facts.targetLabel, { xaxis: { dtick: 1 } }),
  };
}

function projection2d(name: string, section: FigureSpec['section'], title: string, marker: Record<string, unknown>, rowNoun: string): FigureSpec {
  return {
    name,
    section,
    // WebGL: 9,017 SVG points per plot would make the page sluggish.
    traces: [{ type: 'scattergl', mode: 'markers', x: columnRef('pc1'), y: columnRef('pc2'), marker, name: rowNoun }],
    layout: titledLayout(title, 'PC1', 'PC2', { height: 520 }),
  };
}

function projection3d(name: string, section: FigureSpec['section'], title: string, marker: Record<string, unknown>, rowNoun: string): FigureSpec {
  return {
    name,
    section,
    traces: [
      { type: 'scatter3d', mode: 'markers', x: columnRef('pc1'), y: columnRef('pc2'), z: columnRef('pc3'), marker, name: rowNoun },
    ],
    layout: {
      title: { text: title },
      height: 640,
      margin: { t: 60, r: 10, b: 10, l: 10 },
      scene: { xaxis: { title: { text: 'PC1' } }, yaxis: { title: { text: 'PC2' } }, zaxis: { title: { text: 'PC3' } } },
    },
  };
}

function pcaFigures({ results, facts }: ReportInput): FigureSpec[] {
  const { rowNoun, targetLabel } = facts;
  const capitalised = rowNoun.charAt(0).toUpperCase() + rowNoun.slice(1);
  const ratio = results.pca.explainedVarianceRatio;
  const components = ratio.map((_, i) => i + 1);
  let running = 0;
  const cumulative = ratio.map((r) => (running += r));
  const features = Object.keys(results.pca.loadings);
  const shown = Math.min(3, ratio.length);
  const { tuned, onPca } = results.kmeans;
  return [
    {
      name: 'pca-scree',
      section: 'pca',
      traces: [{ type: 'bar', x: components, y: ratio, name: 'explained variance' }],
      layout: titledLayout('Scree Plot: Variance Explained by Component', 'Principal Component', 'Proportion of Variance Explained', INTEGER_TICKS),
    },
    {
      name: 'pca-cumulative',
      section: 'pca',
      traces: [linesAndMarkers(components, cumulative, 'cumulative')],
      layout: titledLayout('Cumulative Variance Explained', 'Principal Component', 'Cumulative Proportion of Variance', {
        ...INTEGER_TICKS,
        shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 0.8, y1: 0.8, line: { dash: 'dash', color: 'red', width: 2 } }],
        annotations: [
          { xref: 'paper', x: 1, y: 0.8, text: '80% threshold', showarrow: false, xanchor: 'right', yanchor: 'bottom', font: { color: 'red' } },
        ],
      }),
    },
    {
      name: 'pca-loadings',
      section: 'pca',
      traces: Array.from({ length: shown }, (_, c) => ({
        type: 'bar',
        name: `PC${c + 1}`,
        x: features,
        y: features.map((f) => results.pca.loadings[f][c]),
      })),
      layout: titledLayout(`PCA Loadings for First ${shown === 3 ? 'Three' : shown} Components`, 'Feature', 'Loading Value', { barmode: 'group', ...ANGLED_TICKS }),
    },
    projection2d('pca-projection-vote', 'pca', `${capitalised} Projected onto PC1 and PC2`, targetMarker(5, targetLabel), rowNoun),
    projection3d('pca-3d-vote', 'pca', `3D PCA Projection Colored by ${targetLabel}`, targetMarker(3, targetLabel), rowNoun),
    projection3d('pca-3d-tuned', 'pca', `Tuned K Means Clusters (k = ${tuned.k}) in 3D PCA Space`, clusterMarker('tuned', tuned.k, 3), rowNoun),
    projection2d('kmeans-pcs-projection', 'pca', `K Means on First ${onPca.components} PCs: PC1 vs PC2`, clusterMarker('pcaKmeans', onPca.k, 6), rowNoun),
    projection3d(
      'kmeans-pcs-3d',
      'pca',
      `K Means Clustering Using First ${onPca.components} Principal Components`,
      clusterMarker('pcaKmeans', onPca.k, 3),
      rowNoun,
    ),
  ];
}

function mlpFigures({ results, mlpBaselineImportance }: ReportInput): FigureSpec[] {
  const { baseline, final, grid, importance } = results.mlp;
  const loss = (curve: readonly number[]) => linesAndMarkers(curve.map((_, i) => i), curve, 'training loss');
  const label = (hidden: readonly number[], alpha: number) => `(${hidden.join(', ')}) α=${alpha}`;
  return [
    {
      name: 'mlp-baseline-loss',
      section: 'mlp',
      traces: [loss(baseline.lossCurve)],
      layout: titledLayout(`MLP Training Loss Curve (baseline ${label(baseline.hidden, baseline.alpha)})`, 'Iteration', 'Training Loss'),
    },
    ...(mlpBaselineImportance === undefined
      ? []
      : [importanceFigure('mlp-baseline-importance', 'mlp', 'Permutation Importance for Baseline MLP', mlpBaselineImportance)]),
    {
      name: 'mlp-grid',
      section: 'mlp',
      traces: [
        { type: 'bar', name: 'train RMSE', x: grid.map((g) => label(g.hidden, g.alpha)), y: grid.map((g) => g.trainRmse) },
        { type: 'bar', name: 'validation RMSE', x: grid.map((g) => label(g.hidden, g.alpha)), y: grid.map((g) => g.validRmse) },
      ],
      layout: titledLayout('MLP Grid: RMSE by Architecture and Alpha', 'hidden layers, alpha', 'RMSE', { barmode: 'group', ...ANGLED_TICKS }),
    },
    {
      name: 'mlp-final-loss',
      section: 'mlp',
      traces: [loss(final.lossCurve)],
      layout: titledLayout(`MLP Final Model Training Loss Curve ${label(final.hidden, final.alpha)}`, 'Iteration', 'Training Loss'),
    },
    importanceFigure('mlp-importance', 'mlp', 'Permutation Importance for Final Tuned MLP', importance),
  ];
}

function comparisonFigure(results: StudyResults): FigureSpec {
  const { models, best } = results.comparison;
  return {
    name: 'comparison-rmse',
    section: 'comparison',
    traces: [
      {
        type: 'bar',
        x: models.map((m) => m.model),
        y: models.map((m) => m.validRmse),
        marker: { color: models.map((m) => (m.model === best ? '#2a9d8f' : '#8d99ae')) },
        name: 'validation RMSE',
      },
    ],
    layout: titledLayout(`Validation RMSE by Model (same ${splitLabel(results.comparison.split.testSize)} split)`, 'model', 'Validation RMSE'),
  };
}

/** A split's train/validation shares, as the notebook writes them: 0.25 → "75/25". */
export function splitLabel(testSize: number): string {
  const test = Math.round(testSize * 100);
  return `${100 - test}/${test}`;
}
