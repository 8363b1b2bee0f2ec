import { z } from 'zod';

const num = z.number().finite();
const count = z.number().int().nonnegative();

/** An OlsResult as stored (results.json, models/ols.json): checked where it is read back. */
export const olsFitSchema = z.strictObject({
  nobs: count,
  dfModel: num,
  dfResid: num,
  r2: num,
  adjR2: num,
  fStatistic: num,
  fPValue: num,
  logLikelihood: num,
  aic: num,
  bic: num,
  coefficients: z
    // t and p are null where statsmodels has nan: an all-zero column's coefficient has no standard error.
    .array(z.strictObject({ term: z.string(), coef: num, stdErr: num, t: num.nullable(), p: num.nullable(), ciLow: num, ciHigh: num }))
    .min(1),
  /** Only for a rank-deficient design: the design's rank (constant included) and why the fit used the pseudo-inverse. */
  rank: count.optional(),
  warning: z.string().optional(),
});

export type OlsFit = z.infer<typeof olsFitSchema>;
