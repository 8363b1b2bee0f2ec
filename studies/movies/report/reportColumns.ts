import type { ReportProjections } from './reportInput.js';

/** The per-movie columns figures reference by name (see FigureSpec). */
export type ReportColumns = Readonly<Record<'pc1' | 'pc2' | 'pc3' | 'vote' | 'tuned' | 'base' | 'pcaKmeans', number[]>>;

/** Scores are drawn, not read: four decimals are far below a pixel and keep the page small. */
const SCORE_DECIMALS = 1e4;

export function reportColumns(projections: ReportProjections): ReportColumns {
  const { pcaScores3, voteAverage, tunedLabels, baseLabels, pcaKmeansLabels } = projections;
  const rows = voteAverage.length;
  if (rows === 0) throw new Error('report projections have no rows');
  if (pcaScores3.length !== rows * 3) {
    throw new Error(`report projections: pcaScores3 has ${pcaScores3.length} values, expected ${rows} rows × 3`);
  }
  const labelSets = { tunedLabels, baseLabels, pcaKmeansLabels };
  for (const [name, labels] of Object.entries(labelSets)) {
    if (labels.length !== rows) throw new Error(`report projections: ${name} has ${labels.length} values, voteAverage has ${rows}`);
  }
  const score = (j: number) => Array.from({ length: rows }, (_, i) => Math.round(pcaScores3[i * 3 + j] * SCORE_DECIMALS) / SCORE_DECIMALS);
  return {
    pc1: score(0),
    pc2: score(1),
    pc3: score(2),
    vote: Array.from(voteAverage),
    tuned: Array.from(tunedLabels),
    base: Array.from(baseLabels),
    pcaKmeans: Array.from(pcaKmeansLabels),
  };
}
