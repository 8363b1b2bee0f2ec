import { describe, expect, it } from 'vitest';
import { numericTable } from '../../src/data/numericTable.js';
import { applyStandardScaler, fitStandardScaler } from '../../src/models/standardScaler.js';

describe('standard scaler', () => {
  const table = numericTable(['a', 'b', 'c'], Float64Array.from([1, 10, 5, 2, 20, 5, 3, 60, 5, 6, 30, 5]));

  it('uses the population standard deviation (ddof 0) as scikit-learn does', () => {
    const scaler = fitStandardScaler(table);
    expect(scaler.mean).toEqual([3, 30, 5]);
    // a: deviations -2,-1,0,3 → variance 14/4; b: -20,-10,30,0 → 1400/4
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(14 / 4), 15);
    expect(scaler.scale[1]).toBeCloseTo(Math.sqrt(1400 / 4), 13);
    expect(scaler.scale[2]).toBe(1);
  });

  it('centres and scales each column', () => {
    const scaled = applyStandardScaler(fitStandardScaler(table), table);
    expect(scaled.data[0]).toBeCloseTo(-2 / Math.sqrt(3.5), 15);
    expect(scaled.data[2]).toBe(0);
    let sum = 0;
    for (let i = 0; i < 4; i++) sum += scaled.data[i * 3 + 1] ** 2;
    expect(sum / 4).toBeCloseTo(1, 14);
  });

  it('refuses a table with other columns', () => {
    const other = numericTable(['a', 'x', 'c'], new Float64Array(3));
    expect(() => applyStandardScaler(fitStandardScaler(table), other)).toThrow(/scaler was fitted on columns \[a, b, c\]/);
  });
});
