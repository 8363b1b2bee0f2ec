import { codeLevels } from './codeLevels.js';

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

/** The dummy columns of a column whose distinct values are `distinct` (in any order). */
export interface OneHotLevels {
  readonly names: string[];
  /** For each of the distinct values, the index into names of its 1, or -1 for the dropped level. */
  readonly column: Int32Array;
}

export function oneHotDropFirst(
  prefix: string,
  values: readonly string[],
  categories?: readonly string[],
): OneHotColumns {
  const { codes, levels } = codeLevels(values);
  const { names, column } = oneHotLevels(prefix, levels, categories);
  return { names, hot: codes.map((code) => column[code]) };
}

/** oneHotDropFirst for a column already coded as its distinct values: the levels are found without a string per row. */
export function oneHotLevels(prefix: string, distinct: readonly string[], categories?: readonly string[]): OneHotLevels {
  const levels = categories ?? [...distinct].sort(codePointOrder);
  const kept = levels.slice(1);
  const position = new Map(kept.map((level, i) => [level, i]));
  return { names: kept.map((level) => `${prefix}_${level}`), column: Int32Array.from(distinct, (value) => position.get(value) ?? -1) };
}

/** Python's str ordering (by code point), which is what pandas sorts levels by; UTF-16 order differs only past a surrogate. */
function codePointOrder(a: string, b: string): number {
  // Equal code points have equal widths, so one index walks both strings.
  for (let i = 0; i < a.length && i < b.length; ) {
    const x = a.codePointAt(i)!;
    const d = x - b.codePointAt(i)!;
    if (d !== 0) return d;
    i += x > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}
