import type { ReportProjections } from './reportInput.js';

/** The per-row columns figures reference by name (see FigureSpec). */
export type ReportColumns = Readonly<Record<'pc1' | 'pc2' | 'pc3' | 'target' | 'tuned' | 'base' | 'pcaKmeans', number[]>>;

/** Scores are drawn, not read: four decimals are far below a pixel and keep the page small. */
const SCORE_DECIMALS = 1e4;

export function reportColumns(projections: ReportProjections): ReportColumns {
  const { pcaScores3, target, tunedLabels, baseLabels, pcaKmeansLabels } = projections;
  const rows = target.length;
  if (rows === 0) throw new Error('report projections have no rows');
  const components = pcaScores3.length / rows;
  if (![1, 2, 3].includes(components)) {
    throw new Error(`report projections: pcaScores3 has ${pcaScores3.length} values, expected ${rows} rows × 3 (or fewer components)`);
  }
  const labelSets = { tunedLabels, baseLabels, pcaKmeansLabels };
  for (const [name, labels] of Object.entries(labelSets)) {
    if (labels.length !== rows) throw new Error(`report projections: ${name} has ${labels.length} values, target has ${rows}`);
  }
  // A table of one or two predictors has fewer components: the missing axes are drawn at 0.
  const score = (j: number) =>
    Array.from({ length: rows }, (_, i) => (j < components ? Math.round(pcaScores3[i * components + j] * SCORE_DECIMALS) / SCORE_DECIMALS : 0));
  return {
    pc1: score(0),
    pc2: score(1),
    pc3: score(2),
    target: Array.from(target),
    tuned: Array.from(tunedLabels),
    base: Array.from(baseLabels),
    pcaKmeans: Array.from(pcaKmeansLabels),
  };
}
