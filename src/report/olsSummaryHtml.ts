import { escapeHtml } from './escapeHtml.js';
import { htmlTable } from './htmlTable.js';
import type { OlsFit } from '../models/olsResultSchema.js';

/** One statsmodels-style OLS summary: the fit statistics, then the coefficient table. */
export function olsSummaryHtml(name: string, fit: OlsFit, target: string): string {
  const stats = htmlTable(
    ['R²', 'Adj. R²', 'F-statistic', 'Prob (F)', 'Log-likelihood', 'AIC', 'BIC', 'No. observations', 'Df model', 'Df residuals'],
    [[fit.r2, fit.adjR2, fit.fStatistic, fit.fPValue, fit.logLikelihood, fit.aic, fit.bic, fit.nobs, fit.dfModel, fit.dfResid]],
    { className: 'stats' },
  );
  const coefficients = htmlTable(
    ['term', 'coef', 'std err', 't', 'P>|t|', '[0.025', '0.975]'],
    fit.coefficients.map((c) => [c.term, c.coef, c.stdErr, c.t ?? 'nan', c.p ?? 'nan', c.ciLow, c.ciHigh]),
    { className: 'coefficients' },
  );
  // A rank-deficient design's fit says so above its figures, as statsmodels' summary notes do.
  const warning = fit.warning === undefined ? '' : `<p class="ols-warning">Warning: ${escapeHtml(fit.warning)}</p>\n`;
  return `<div class="ols" data-ols="${escapeHtml(name)}"><h3>OLS ${escapeHtml(name)} (dependent variable: ${escapeHtml(target)})</h3>\n${warning}${stats}\n${coefficients}</div>`;
}
