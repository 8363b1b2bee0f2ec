import { z } from 'zod';
import { decodeDesign } from '../../../src/data/designCodec.js';
import { defineJobKind } from '../../../src/engine/jobKind.js';
import { fitOls, type OlsResult } from '../../../src/models/ols.js';
import { preprocessed } from './studyInputs.js';

/** One of the notebook's three statsmodels fits, on all rows of its design. */
export const ols = defineJobKind({
  name: 'ols',
  module: import.meta.url,
  params: z.strictObject({ design: z.enum(['full', 'numeric', 'reduced']) }),
  reads: ['preprocess'],
  async run(context): Promise<OlsResult> {
    const { X, y } = decodeDesign((await preprocessed(context))[context.params.design]);
    return fitOls(X, y);
  },
  metrics: (result) => ({ r2: result.r2, adjR2: result.adjR2, aic: result.aic, bic: result.bic, nobs: result.nobs }),
});
