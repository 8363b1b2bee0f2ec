import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../src/data/numpyRandomState.js';

interface PermutationCase {
  seed: number;
  n: number;
  permutation: number[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/numpy_permutations.json', import.meta.url), 'utf8'),
) as { permutations: PermutationCase[] };

describe('NumpyRandomState.permutation matches numpy fixture', () => {
  it('fixture has permutation entries', () => {
    expect(fixture.permutations.length).toBeGreaterThan(0);
  });

  it.each(fixture.permutations.map((c) => [c.seed, c.n, c] as const))(
    'seed=%i n=%i',
    (_seed, _n, c) => {
      expect(new NumpyRandomState(c.seed).permutation(c.n)).toEqual(c.permutation);
    },
  );
});

// Widely published outputs, independent of the fixture.
describe('NumpyRandomState known values', () => {
  it('raw MT19937 output for the reference seed 5489', () => {
    expect(new NumpyRandomState(5489).randomUint32()).toBe(3499211612);
  });

  it('random_sample with seed 0', () => {
    expect(Array.from(new NumpyRandomState(0).randomSample(3))).toEqual([
      0.5488135039273248, 0.7151893663724195, 0.6027633760716439,
    ]);
  });

  it('randint(0, 10) with seed 0', () => {
    const rs = new NumpyRandomState(0);
    expect(Array.from({ length: 10 }, () => rs.randint(0, 10))).toEqual([5, 0, 3, 3, 7, 9, 3, 5, 2, 4]);
  });

  it('standard_normal with seed 0 (pair caching)', () => {
    const rs = new NumpyRandomState(0);
    const draws = [rs.standardNormal(), rs.standardNormal(), rs.standardNormal()];
    // log() may differ from libm in the last ulp, so compare closely, not bitwise.
    [1.764052345967664, 0.4001572083672233, 0.9787379841057392].forEach((v, i) =>
      expect(draws[i]).toBeCloseTo(v, 14),
    );
  });
});

describe('NumpyRandomState behaviour', () => {
  it('shuffle of an array equals permutation for the same seed', () => {
    const arr = Array.from({ length: 50 }, (_, i) => i);
    new NumpyRandomState(7).shuffle(arr);
    expect(arr).toEqual(new NumpyRandomState(7).permutation(50));
  });

  it('shuffles typed arrays in place', () => {
    const arr = Int32Array.from({ length: 20 }, (_, i) => i);
    new NumpyRandomState(7).shuffle(arr);
    expect(Array.from(arr)).toEqual(new NumpyRandomState(7).permutation(20));
  });

  it('randint honours its bounds', () => {
    const rs = new NumpyRandomState(1);
    for (let i = 0; i < 1000; i++) {
      const v = rs.randint(-3, 4);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThan(4);
    }
    expect(rs.randint(5, 6)).toBe(5);
  });

  it('accepts the full uint32 seed range', () => {
    expect(() => new NumpyRandomState(0xffffffff)).not.toThrow();
  });

  it.each([-1, 2 ** 32, 1.5, Number.NaN])('rejects seed %s', (seed) => {
    expect(() => new NumpyRandomState(seed)).toThrow(/Seed must be/);
  });

  it('rejects bad arguments', () => {
    const rs = new NumpyRandomState(0);
    expect(() => rs.permutation(-1)).toThrow(RangeError);
    expect(() => rs.randomSample(2.5)).toThrow(RangeError);
    expect(() => rs.randint(3, 3)).toThrow(/low < high/);
    expect(() => rs.randint(0, 2 ** 33)).toThrow(/2\*\*32/);
  });
});
