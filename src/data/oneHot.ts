/**
 * pandas.get_dummies(drop_first=True) for one column: one 0/1 column per level, the first
 * level dropped. A string column's levels are its values in sorted (code-point) order; a
 * pandas Categorical keeps its declared category order, unused categories included.
 */
export interface OneHotColumns {
  readonly names: string[];
  /** For each row, the index into names of its 1, or -1 for the dropped level. */
  readonly hot: Int32Array;
}

export function oneHotDropFirst(
  prefix: string,
  values: readonly string[],
  categories?: readonly string[],
): OneHotColumns {
  const levels = categories ?? [...new Set(values)].sort(codePointOrder);
  const kept = levels.slice(1);
  const position = new Map(kept.map((level, i) => [level, i]));
  const hot = new Int32Array(values.length);
  values.forEach((value, i) => (hot[i] = position.get(value) ?? -1));
  return { names: kept.map((level) => `${prefix}_${level}`), hot };
}

/** Python's str ordering (by code point), which is what pandas sorts levels by. */
function codePointOrder(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
