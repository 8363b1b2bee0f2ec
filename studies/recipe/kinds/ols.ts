import { z } from 'zod';
import { designColumns } from '../../../src/data/designCodec.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { fitOls, type OlsResult } from '../../../src/models/ols.js';
import { SweepflowError } from '../../../src/sweepflowError.js';
import { preprocessed } from './recipeInputs.js';

/** One statsmodels fit on all rows of a prepared design: 'numeric', or one of the preparation's olsDesigns. */
export const ols = defineJobKind({
  name: 'ols',
  module: import.meta.url,
  params: z.strictObject({ design: z.string().regex(/^[a-z]+$/) }),
  reads: ['preprocess'],
  async run(context): Promise<OlsResult> {
    const { design } = context.params;
    const prepared = await preprocessed(context);
    const encoded = design === 'numeric' ? prepared.numeric : prepared.olsDesigns[design];
    if (encoded === undefined) throw new SweepflowError(`ols: the prepared table has no design '${design}'`);
    const { X, y } = designColumns(encoded);
    return fitOls(X, y);
  },
  metrics: (result) => ({ r2: result.r2, adjR2: result.adjR2, aic: result.aic, bic: result.bic, nobs: result.nobs }),
});
