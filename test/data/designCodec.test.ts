import { describe, expect, it } from 'vitest';
import { decodeDesign, encodeDesign } from '../../src/data/designCodec.js';
import { float64Bytes } from '../../src/data/float64Codec.js';
import { numericTable } from '../../src/data/numericTable.js';
import { joinBinary, splitBinary } from '../../src/engine/trialResultStore.js';
import type { Design } from '../../src/data/design.js';

/** Through the store's JSON + binary object split, as a trial result travels. */
function roundTrip(design: Design): Design {
  const { json, binary } = splitBinary(encodeDesign(design));
  return decodeDesign(joinBinary(JSON.parse(JSON.stringify(json)), binary!) as ReturnType<typeof encodeDesign>);
}

function expectSameBits(actual: Design, expected: Design): void {
  expect(actual.X.columns).toEqual(expected.X.columns);
  expect(actual.X.rows).toBe(expected.X.rows);
  expect(bytesOf(actual.X.data).equals(bytesOf(expected.X.data))).toBe(true);
  expect(bytesOf(actual.y).equals(bytesOf(expected.y))).toBe(true);
}

/** A typed array's own bytes (it may view a larger stored object). */
function bytesOf(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function design(columns: string[], rows: number[][], y: number[]): Design {
  return { X: numericTable(columns, Float64Array.from(rows.flat())), y: Float64Array.from(y) };
}

describe('design codec', () => {
  it('stores 0/1 columns as bytes and gives back every value bit for bit', () => {
    const d = design(
      ['x', 'a_dummy', 'minus_zero', 'b_dummy', 'nan'],
      [
        [1.5, 0, -0, 1, NaN],
        [-2.25, 1, 0, 0, 1],
        [1e-300, 0, 1, 1, 0],
      ],
      [3, 4, 5],
    );
    const encoded = encodeDesign(d);
    // -0 and NaN are not indicators: a byte would lose the sign, and NaN is no 0/1.
    expect(encoded.indicatorColumns).toEqual([1, 3]);
    expect(encoded.X.byteLength).toBe(3 * 3 * 8);
    expect(encoded.indicators?.byteLength).toBe(3 * 2);
    expectSameBits(roundTrip(d), d);
  });

  it('handles a design of indicators only, and one with none', () => {
    const only = design(['a', 'b'], [[0, 1], [1, 0]], [1, 2]);
    expect(encodeDesign(only).X.byteLength).toBe(0);
    expectSameBits(roundTrip(only), only);
    const none = design(['a'], [[2], [3]], [1, 2]);
    expect(encodeDesign(none).indicatorColumns).toBeUndefined();
    expectSameBits(roundTrip(none), none);
  });

  it('shrinks a one-hot design to about a byte per dummy value', () => {
    const rows = 1000;
    const width = 40;
    const data = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < 6; j++) data[i * width + j] = Math.sin(i * 7 + j);
      data[i * width + 6 + (i % 34)] = 1;
    }
    const d = { X: numericTable(Array.from({ length: width }, (_, j) => `c${j}`), data), y: new Float64Array(rows).fill(2) };
    const encoded = encodeDesign(d);
    expect(encoded.X.byteLength + encoded.indicators!.byteLength).toBe(rows * (6 * 8 + 34));
    expectSameBits(roundTrip(d), d);
  });

  it('reads a design stored before indicator columns existed (every column in X)', () => {
    const d = design(['a', 'b'], [[0, 1], [1, 0]], [1, 2]);
    const old = { columns: d.X.columns, X: float64Bytes(d.X.data), y: float64Bytes(d.y) };
    expectSameBits(decodeDesign(old), d);
  });

  it('refuses indicator bytes that do not fit the rows', () => {
    const encoded = encodeDesign(design(['a', 'b'], [[0.5, 1], [1.5, 0]], [1, 2]));
    expect(() => decodeDesign({ ...encoded, indicators: encoded.indicators!.subarray(1) })).toThrow(/1 indicator bytes for 2 rows × 1 indicator columns/);
  });
});

describe('binary parts of a stored result', () => {
  it('start on 8-byte boundaries and are read back as aligned views of the one binary object, not copies', () => {
    const values = new Float64Array([0.5, -3, 1e300]);
    const { json, binary } = splitBinary({ odd: Buffer.from('abcde'), values: float64Bytes(values), tail: Buffer.from('z') });
    expect(binary!.byteLength).toBe(8 + 24 + 8);
    const read = joinBinary(JSON.parse(JSON.stringify(json)), binary!) as { odd: Buffer; values: Buffer; tail: Buffer };
    expect(read.odd.toString()).toBe('abcde');
    expect(read.tail.toString()).toBe('z');
    expect(read.values.buffer).toBe(binary!.buffer);
    expect(read.values.byteOffset % 8).toBe(0);
    expect(Array.from(new Float64Array(read.values.buffer, read.values.byteOffset, 3))).toEqual([0.5, -3, 1e300]);
    // From a buffer that itself starts off the boundary, each part is copied to an aligned one.
    const shifted = Buffer.alloc(binary!.byteLength + 1).subarray(1);
    binary!.copy(shifted);
    const copied = joinBinary(JSON.parse(JSON.stringify(json)), shifted) as { values: Buffer };
    expect(copied.values.byteOffset % 8).toBe(0);
    expect(Array.from(new Float64Array(copied.values.buffer, copied.values.byteOffset, 3))).toEqual([0.5, -3, 1e300]);
  });
});
