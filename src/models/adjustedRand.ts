/** Counts of rows per (label in a, label in b), with each side's distinct labels coded 0.. in order of appearance. */
interface Contingency {
  readonly counts: number[][];
  readonly rows: number;
}

function contingency(a: ArrayLike<number>, b: ArrayLike<number>): Contingency {
  if (a.length !== b.length) throw new Error(`label arrays differ in length: ${a.length} vs ${b.length}`);
  const codesA = new Map<number, number>();
  const codesB = new Map<number, number>();
  const counts: number[][] = [];
  for (let i = 0; i < a.length; i++) {
    let ca = codesA.get(a[i]);
    if (ca === undefined) {
      ca = codesA.size;
      codesA.set(a[i], ca);
      counts.push(new Array<number>(codesB.size).fill(0));
    }
    let cb = codesB.get(b[i]);
    if (cb === undefined) {
      cb = codesB.size;
      codesB.set(b[i], cb);
      for (const row of counts) row.push(0);
    }
    counts[ca][cb] += 1;
  }
  return { counts, rows: a.length };
}

/**
 * sklearn.metrics.adjusted_rand_score, through the same pair-confusion counts. The counts are
 * exact integers (BigInt) like Python's, so the one final rounding matches scikit-learn's.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { counts, rows } = contingency(a, b);
  const n = BigInt(rows);
  const rowSums = counts.map((row) => BigInt(row.reduce((s, v) => s + v, 0)));
  const colSums = (counts[0] ?? []).map((_, c) => BigInt(counts.reduce((s, row) => s + row[c], 0)));
  let sumSquares = 0n;
  let rowWeighted = 0n;
  let colWeighted = 0n;
  counts.forEach((row, r) =>
    row.forEach((value, c) => {
      const v = BigInt(value);
      sumSquares += v * v;
      rowWeighted += v * colSums[c];
      colWeighted += v * rowSums[r];
    }),
  );
  // Ordered pairs, as scikit-learn's pair_confusion_matrix.
  const tp = sumSquares - n;
  const fp = rowWeighted - sumSquares;
  const fn = colWeighted - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  if (fn === 0n && fp === 0n) return 1;
  return (2 * Number(tp * tn - fn * fp)) / Number((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

/**
 * Share of rows whose cluster differs between two labelings once b's clusters are renamed to
 * best match a's: a one-to-one assignment of labels maximising the rows that agree (Hungarian
 * method; labels left without a partner count as disagreeing).
 */
export function labelMatchedChangeRate(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { counts, rows } = contingency(a, b);
  if (rows === 0) throw new Error('cannot compare empty labelings');
  const size = Math.max(counts.length, counts[0].length);
  const cost = Array.from({ length: size }, (_, r) =>
    Array.from({ length: size }, (_, c) => -(counts[r]?.[c] ?? 0)),
  );
  const assignment = minimumCostAssignment(cost);
  let agreeing = 0;
  assignment.forEach((c, r) => (agreeing -= cost[r][c]));
  return 1 - agreeing / rows;
}

/**
 * Hungarian method with potentials (shortest augmenting paths) for a square cost matrix, O(n³).
 * Returns the column assigned to each row.
 */
function minimumCostAssignment(cost: number[][]): number[] {
  const n = cost.length;
  // 1-based arrays; index 0 is the virtual start of each augmenting path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOfColumn = new Int32Array(n + 1);
  const previous = new Int32Array(n + 1);
  for (let r = 1; r <= n; r++) {
    rowOfColumn[0] = r;
    let column = 0;
    const minSlack = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[column] = 1;
      const row = rowOfColumn[column];
      let delta = Infinity;
      let next = 0;
      for (let c = 1; c <= n; c++) {
        if (used[c]) continue;
        const slack = cost[row - 1][c - 1] - u[row] - v[c];
        if (slack < minSlack[c]) {
          minSlack[c] = slack;
          previous[c] = column;
        }
        if (minSlack[c] < delta) {
          delta = minSlack[c];
          next = c;
        }
      }
      for (let c = 0; c <= n; c++) {
        if (used[c]) {
          u[rowOfColumn[c]] += delta;
          v[c] -= delta;
        } else {
          minSlack[c] -= delta;
        }
      }
      column = next;
    } while (rowOfColumn[column] !== 0);
    do {
      const before = previous[column];
      rowOfColumn[column] = rowOfColumn[before];
      column = before;
    } while (column !== 0);
  }
  const columnOfRow = new Array<number>(n).fill(0);
  for (let c = 1; c <= n; c++) columnOfRow[rowOfColumn[c] - 1] = c - 1;
  return columnOfRow;
}
