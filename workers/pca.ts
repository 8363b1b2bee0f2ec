import { encodeFloat64 } from '../src/data/float64Codec.js';
import type { TrialContext } from '../src/engine/trialProcessor.js';
import { fitPca, transformPca, type PcaModel } from '../src/models/pca.js';
import type { StandardScaler } from '../src/models/standardScaler.js';
import { numericDesign, scaledAll } from './studyInputs.js';

export interface PcaResult {
  readonly model: PcaModel;
  readonly scaler: StandardScaler;
  /** Scores on the first three components, rows × 3 (base64 float64), for the report's projections. */
  readonly scores3: string;
  readonly voteAverage: string;
}

/** PCA of the scaled numeric predictors, every component kept (the notebook's scree and loadings). */
export async function pca(context: TrialContext): Promise<PcaResult> {
  const design = await numericDesign(context);
  const { scaler, X } = scaledAll(design);
  const model = fitPca(X);
  const scores = transformPca(model, X, Math.min(3, model.components.length));
  return { model, scaler, scores3: encodeFloat64(scores.data), voteAverage: encodeFloat64(design.y) };
}
