// A plug-in study in one file: fit polynomials of each degree to a table's (x, y) columns,
// then pick the degree with the lowest validation RMSE. Run it with
//   sweepflow run --study ./examples/polynomial.study.js --data examples/points.csv
import { readFileSync } from 'node:fs';
import { defineJobKind, defineStudy, stageOf, SweepflowError } from 'sweepflow';
import { z } from 'zod';

/** The table's rows as [x, y] pairs; every fifth row is held out for validation. */
function points(csv) {
  const [header, ...lines] = csv.trim().split('\n');
  const columns = header.split(',');
  const [ix, iy] = ['x', 'y'].map((name) => columns.indexOf(name));
  return lines.map((line) => line.split(',')).map((cells) => [Number(cells[ix]), Number(cells[iy])]);
}

/** Least squares by the normal equations, solved with Gaussian elimination. */
function fitPolynomial(rows, degree) {
  const n = degree + 1;
  const A = Array.from({ length: n }, () => new Array(n + 1).fill(0));
  for (const [x, y] of rows) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) A[i][j] += x ** (i + j);
      A[i][n] += y * x ** i;
    }
  }
  for (let c = 0; c < n; c++) {
    for (let r = c + 1; r < n; r++) {
      const f = A[r][c] / A[c][c];
      for (let k = c; k <= n; k++) A[r][k] -= f * A[c][k];
    }
  }
  const coef = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) coef[r] = (A[r][n] - A.slice(r + 1, n).reduce((s, _, k) => s + A[r][r + 1 + k] * coef[r + 1 + k], 0)) / A[r][r];
  return coef;
}

const rmse = (rows, coef) => Math.sqrt(rows.reduce((s, [x, y]) => s + (y - coef.reduce((p, c, i) => p + c * x ** i, 0)) ** 2, 0) / rows.length);

const fit = defineJobKind({
  name: 'poly-fit',
  module: import.meta.url,
  params: z.strictObject({ degree: z.number().int().min(0).max(12) }),
  reads: [],
  async run(context) {
    const rows = points((await context.dataset()).toString('utf8'));
    const train = rows.filter((_, i) => i % 5 !== 0);
    const valid = rows.filter((_, i) => i % 5 === 0);
    const coef = fitPolynomial(train, context.params.degree);
    return { degree: context.params.degree, coef, trainRmse: rmse(train, coef), validRmse: rmse(valid, coef) };
  },
  metrics: (result) => ({ trainRmse: result.trainRmse, validRmse: result.validRmse }),
  objective: { metric: 'validRmse', goal: 'min' },
});

const best = defineJobKind({
  name: 'poly-best',
  module: import.meta.url,
  params: z.strictObject({}),
  reads: ['poly-fit'],
  async run(context) {
    const fits = (await context.upstream('poly-fit')).map((t) => t.result);
    return fits.reduce((a, b) => (b.validRmse < a.validRmse ? b : a));
  },
  metrics: (result) => ({ degree: result.degree, validRmse: result.validRmse }),
});

export default defineStudy({
  id: 'polynomial',
  title: 'Polynomial degree sweep on (x, y)',
  config: z.strictObject({ degrees: z.array(z.number().int().min(0).max(12)).min(1) }),
  profiles: { default: { degrees: [0, 1, 2, 3, 4, 5] }, quick: { degrees: [1, 2] } },
  defaultProfile: 'default',
  async inspect(dataset) {
    const header = readFileSync(dataset.file, 'utf8').split('\n')[0].split(',');
    for (const column of ['x', 'y']) {
      if (!header.includes(column)) throw new SweepflowError(`${dataset.file}: missing column '${column}'`);
    }
    const rows = points(dataset.bytes.toString('utf8'));
    const bad = rows.findIndex(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y));
    if (bad >= 0) throw new SweepflowError(`${dataset.file}:${bad + 2}: x and y must be numbers`);
    return { rows: rows.length };
  },
  dag(config, info) {
    const tooHigh = config.degrees.find((d) => d + 1 > info.rows * 0.8);
    if (tooHigh !== undefined) throw new SweepflowError(`degree ${tooHigh} needs more than ${info.rows} rows`);
    return [stageOf(fit, { trials: config.degrees.map((degree) => ({ degree })) }), stageOf(best, {})];
  },
  kinds: [fit, best],
});
