import type { NumericTable } from '../data/numericTable.js';
import { splitColumnsOf, type SplitColumns } from '../data/splitColumns.js';
import { combineColumns, householderQr, squaredDeviations, total } from './householderQr.js';
import { leastSquares } from './leastSquares.js';
import { certainlyFullRank, designRank, pseudoInverseLeastSquares, singularValues } from './pseudoInverseLeastSquares.js';
import { fUpperTail, studentTUpperQuantile, studentTUpperTail } from './tailProbabilities.js';

/** Name of the intercept column, as sm.add_constant names it. */
export const CONSTANT_TERM = 'const';
/** statsmodels' default conf_int level; the summary's [0.025, 0.975] labels assume it. */
const ALPHA = 0.05;

export interface OlsCoefficient {
  readonly term: string;
  readonly coef: number;
  readonly stdErr: number;
  /** null where statsmodels has nan: a coefficient with no standard error (an all-zero column's). */
  readonly t: number | null;
  readonly p: number | null;
  readonly ciLow: number;
  readonly ciHigh: number;
}

/** statsmodels' OLSResults figures as plain JSON (goes into results.json verbatim). */
export interface OlsResult {
  readonly nobs: number;
  readonly dfModel: number;
  readonly dfResid: number;
  readonly r2: number;
  readonly adjR2: number;
  readonly fStatistic: number;
  readonly fPValue: number;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly bic: number;
  /** The constant first, then X's columns in order. */
  readonly coefficients: readonly OlsCoefficient[];
  /** Only for a rank-deficient design: its rank (the constant included), which the degrees of freedom count. */
  readonly rank?: number;
  /** Only for a rank-deficient design: says the fit is statsmodels' pseudo-inverse one. */
  readonly warning?: string;
}

/**
 * sm.OLS(y, sm.add_constant(X)).fit() with nonrobust covariance (add_constant's has_constant='add': a
 * column of ones first, even beside a constant predictor). A full-rank design is solved
 * by QR; a rank-deficient one (collinear, duplicated or all-zero columns) as statsmodels' default
 * pinv fit does, with rank-reduced degrees of freedom and a warning.
 */
export function fitOls(table: NumericTable | SplitColumns, y: Float64Array): OlsResult {
  // A stored design is read as its columns are stored (designCodec.ts's designColumns), never made dense.
  const X = 'values' in table ? table : splitColumnsOf(table);
  if (y.length !== X.rows) throw new Error(`target has ${y.length} values, design has ${X.rows} rows`);
  if (X.columns.includes(CONSTANT_TERM)) throw new Error(`design already has a '${CONSTANT_TERM}' column`);
  const nobs = X.rows;
  const k = X.columns.length + 1;
  if (nobs < k) throw new Error(`${nobs} rows leave no residual degrees of freedom for ${k} coefficients`);
  const qr = householderQr(X, nobs, k, y, { constantFirst: true });
  const rank = certainlyFullRank(qr, nobs) ? k : designRank(singularValues(qr), nobs, k);
  const deficient = rank < k;
  const { coefficients: beta, inverseGramDiagonal } = deficient ? pseudoInverseLeastSquares(qr, rank) : leastSquares(qr, nobs);

  // ssr from the data (ŷ summed term by term in design order from the constant's), not from QR's Qᵀy tail, as statsmodels computes it.
  const ssr = squaredDeviations(y, combineColumns(X, X.rows, X.columns.length, [beta.subarray(1)], { start: beta[0] }));
  const centeredTss = squaredDeviations(y, total(y) / nobs);

  const dfModel = rank - 1;
  const dfResid = nobs - rank;
  if (dfResid <= 0) throw new Error(`${nobs} rows leave no residual degrees of freedom for ${rank} coefficients`);
  const scale = ssr / dfResid;
  const r2 = 1 - ssr / centeredTss;
  const fStatistic = (centeredTss - ssr) / dfModel / scale;
  // statsmodels' llf/aic/bic formulas, with k_constant = 1.
  const half = nobs / 2;
  const logLikelihood = -Math.log(ssr) * half - (1 + Math.log(Math.PI / half)) * half;
  const q = studentTUpperQuantile(ALPHA / 2, dfResid);

  const terms = [CONSTANT_TERM, ...X.columns];
  return {
    nobs,
    dfModel,
    dfResid,
    r2,
    adjR2: 1 - ((nobs - 1) / dfResid) * (1 - r2),
    fStatistic,
    fPValue: fUpperTail(fStatistic, dfModel, dfResid),
    logLikelihood,
    aic: -2 * logLikelihood + 2 * rank,
    bic: -2 * logLikelihood + Math.log(nobs) * rank,
    coefficients: terms.map((term, j) => {
      const coef = beta[j];
      const stdErr = Math.sqrt(scale * inverseGramDiagonal[j]);
      const t = coef / stdErr;
      const defined = Number.isFinite(t);
      return {
        term,
        coef,
        stdErr,
        t: defined ? t : null,
        p: defined ? 2 * studentTUpperTail(Math.abs(t), dfResid) : null,
        ciLow: coef - q * stdErr,
        ciHigh: coef + q * stdErr,
      };
    }),
    ...(deficient ? { rank, warning: rankWarning(rank, k) } : {}),
  };
}

function rankWarning(rank: number, k: number): string {
  return `rank-deficient design: rank ${rank} of ${k} columns (the constant included; collinear, duplicated or constant columns); fitted by the pseudo-inverse as statsmodels does, with ${rank} parameters in the degrees of freedom`;
}

/** Fitted values for X, whose columns must be the model's terms (constant excluded), in any order. */
export function predictOls(model: OlsResult, X: NumericTable): Float64Array {
  const predictors = model.coefficients.filter((c) => c.term !== CONSTANT_TERM);
  if (X.columns.length !== predictors.length) {
    throw new Error(`table has ${X.columns.length} columns, model has ${predictors.length} predictors`);
  }
  const intercept = model.coefficients.find((c) => c.term === CONSTANT_TERM)?.coef ?? 0;
  const width = X.columns.length;
  const indices = predictors.map(({ term }) => {
    const j = X.columns.indexOf(term);
    if (j < 0) throw new Error(`table lacks the model's column '${term}'`);
    return j;
  });
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let v = intercept;
    predictors.forEach((c, m) => (v += c.coef * X.data[i * width + indices[m]]));
    out[i] = v;
  }
  return out;
}

/** A text table laid out like statsmodels' OLS summary (first and second blocks). */
export function olsSummaryText(result: OlsResult, depName: string): string {
  const nameWidth = Math.max(14, ...result.coefficients.map((c) => c.term.length)) + 1;
  const width = Math.max(78, nameWidth + 6 * 11);
  const halfWidth = Math.floor((width - 2) / 2);
  const pair = (label: string, value: string): string =>
    label + value.padStart(halfWidth - label.length);
  const headerRows: [string, string, string, string][] = [
    ['Dep. Variable:', depName, 'R-squared:', result.r2.toFixed(3)],
    ['Model:', 'OLS', 'Adj. R-squared:', result.adjR2.toFixed(3)],
    ['Method:', 'Least Squares', 'F-statistic:', formatSignificant(result.fStatistic, 4)],
    ['No. Observations:', String(result.nobs), 'Prob (F-statistic):', formatSignificant(result.fPValue, 3)],
    ['Df Residuals:', String(result.dfResid), 'Log-Likelihood:', formatSignificant(result.logLikelihood, 5)],
    ['Df Model:', String(result.dfModel), 'AIC:', formatSignificant(result.aic, 4)],
    ['Covariance Type:', 'nonrobust', 'BIC:', formatSignificant(result.bic, 4)],
  ];
  const cell = (s: string): string => s.padStart(11);
  const lines = [
    'OLS Regression Results'.padStart(Math.floor((width + 22) / 2)),
    '='.repeat(width),
    ...headerRows.map(([l1, v1, l2, v2]) => `${pair(l1, v1)}  ${pair(l2, v2)}`),
    '='.repeat(width),
    ''.padEnd(nameWidth) + ['coef', 'std err', 't', 'P>|t|', '[0.025', '0.975]'].map(cell).join(''),
    '-'.repeat(width),
    ...result.coefficients.map(
      (c) =>
        c.term.padEnd(nameWidth) +
        [
          formatCoefficient(c.coef, 4),
          formatCoefficient(c.stdErr, 3),
          c.t === null ? 'nan' : formatCoefficient(c.t, 3),
          c.p === null ? 'nan' : c.p.toFixed(3),
          formatCoefficient(c.ciLow, 3),
          formatCoefficient(c.ciHigh, 3),
        ]
          .map(cell)
          .join(''),
    ),
    '='.repeat(width),
  ];
  return lines.join('\n');
}

/** Python's '%#.<digits>g': significant digits kept, exponent form outside [1e-4, 10^digits). */
function formatSignificant(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  const exponential = x.toExponential(digits - 1);
  const exponent = Number(exponential.slice(exponential.indexOf('e') + 1));
  if (exponent < -4 || exponent >= digits) {
    return exponential.replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return x.toFixed(digits - 1 - exponent);
}

/** statsmodels' forg: fixed decimals, or %g when the magnitude would hide the digits. */
function formatCoefficient(x: number, decimals: number): string {
  const magnitude = Math.abs(x);
  if (x !== 0 && (magnitude >= 1e4 || magnitude < 1e-4)) {
    return formatSignificant(x, decimals).replace(/\.?0+(e|$)/, '$1');
  }
  return x.toFixed(decimals);
}
