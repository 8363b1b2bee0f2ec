import jStat from 'jstat';

/*
 * Upper tails of Student's t and F, as scipy's t.sf / f.sf (which statsmodels uses).
 * Tails are evaluated directly as regularized incomplete beta values, never as 1 - cdf,
 * so a p-value of 1e-250 keeps its relative precision. jStat.ibeta is not used: its
 * continued fraction stops at a 3e-7 tolerance (measured up to 3e-7 relative error
 * against scipy), too loose for 1e-6 parity; jStat supplies ln B and a quantile seed.
 */

const EPSILON = 1e-15;
const MAX_ITERATIONS = 100_000;
/** Guards the continued fraction's divisions, as in Numerical Recipes' betacf. */
const TINY = 1e-300;

/** P(T > t) for Student's t with df degrees of freedom. */
export function studentTUpperTail(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  const t2 = t * t;
  // x and 1 - x are both formed without subtraction, keeping each exact to rounding.
  const half = 0.5 * regularizedBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
  return t >= 0 ? half : 1 - half;
}

/** P(F > f) for the F distribution with (d1, d2) degrees of freedom. */
export function fUpperTail(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0)) return Number.NaN;
  if (f <= 0) return 1;
  if (f === Number.POSITIVE_INFINITY) return 0;
  const denominator = d2 + d1 * f;
  return regularizedBeta(d2 / denominator, (d1 * f) / denominator, d2 / 2, d1 / 2);
}

/**
 * The q with P(T > q) = tail: jStat's quantile (1e-8 relative) polished by Newton steps on
 * the tail above. The tail itself is good to ~1e-11, so steps stop well before machine epsilon.
 */
export function studentTUpperQuantile(tail: number, df: number): number {
  if (!(tail > 0 && tail < 1) || !(df > 0)) return Number.NaN;
  let q = jStat.studentt.inv(1 - tail, df);
  for (let i = 0; i < 20; i++) {
    const step = (studentTUpperTail(q, df) - tail) / studentTDensity(q, df);
    q += step;
    if (Math.abs(step) <= 1e-10 * Math.abs(q)) return q;
  }
  throw new Error(`t quantile did not converge (tail=${tail}, df=${df})`);
}

function studentTDensity(t: number, df: number): number {
  return Math.exp(-0.5 * (df + 1) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - jStat.betaln(df / 2, 0.5));
}

/**
 * I_x(a, b), given x and y = 1 - x separately so neither loses digits to the other.
 * The continued fraction converges fast below the mean (a+1)/(a+b+2); above it the
 * symmetry I_x(a, b) = 1 - I_y(b, a) is used, where the result is large and 1 - … is safe.
 */
function regularizedBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(y) - jStat.betaln(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(y, b, a)) / b;
}

/** Modified Lentz evaluation of the incomplete beta continued fraction, run to full precision. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const guard = (v: number): number => (Math.abs(v) < TINY ? TINY : v);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= EPSILON) return h;
  }
  throw new Error(`incomplete beta did not converge (x=${x}, a=${a}, b=${b})`);
}
