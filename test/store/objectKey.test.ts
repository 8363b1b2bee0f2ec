import { describe, expect, it } from 'vitest';
import {
  assertKey,
  assertKeyPrefix,
  assertSafeId,
  decodeJson,
  encodeJson,
  objectKey,
} from '../../src/store/objectStore.js';

describe('assertSafeId', () => {
  it('accepts letters, digits, dot, underscore and dash', () => {
    for (const id of ['r1', 'run_2024-01-02', 'a.b', '.hidden', 'x'.repeat(200), 'fit_mlp.v2']) {
      expect(() => assertSafeId(id, 'run id')).not.toThrow();
    }
  });

  it('names the id and the rule in one line', () => {
    expect(() => assertSafeId('../x', 'run id')).toThrow(
      new Error("invalid run id '../x': use letters, digits, '.', '_' or '-' (no '/' or '..')"),
    );
  });

  it.each(['.', '..', 'a/b', 'a b', 'a\\b', 'C:x', 'é', 'a*', '/x'])('rejects %j', (id) => {
    expect(() => assertSafeId(id, 'stage name')).toThrow(/^invalid stage name (['"]).*\1: use letters/);
  });

  it('rejects empty and over-long ids', () => {
    expect(() => assertSafeId('', 'run id')).toThrow('invalid run id: it is empty');
    expect(() => assertSafeId('x'.repeat(201), 'run id')).toThrow(/^invalid run id 'x{77}\.\.\.': longer than 200 characters$/);
  });

  it('keeps the message on one line when the id has control characters', () => {
    let message = '';
    try {
      assertSafeId('a\nb', 'run id');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('invalid run id "a\\nb": use letters, digits, \'.\', \'_\' or \'-\' (no \'/\' or \'..\')');
  });
});

describe('objectKey', () => {
  it('joins checked segments', () => {
    expect(objectKey('runs', 'r1', 'results.json')).toBe('runs/r1/results.json');
    expect(objectKey('cache', `${'ab'.repeat(32)}.json`)).toBe(`cache/${'ab'.repeat(32)}.json`);
  });

  it('refuses a segment that smuggles in a path', () => {
    expect(() => objectKey('runs', 'a/b', 'results.json')).toThrow(/^invalid object key segment 'a\/b'/);
    expect(() => objectKey('runs', '..', 'results.json')).toThrow(/^invalid object key segment '\.\.'/);
    expect(() => objectKey('runs', '', 'results.json')).toThrow('invalid object key segment: it is empty');
    expect(() => objectKey()).toThrow('invalid object key: no segments given');
  });
});

describe('assertKey', () => {
  it('accepts nested keys', () => {
    expect(assertKey('runs/r1/stages/fit.json')).toBe('runs/r1/stages/fit.json');
  });

  it.each(['../x', 'a//b', 'a/../b', 'a/./b', '/abs/path', 'a/', 'has space', 'a\\b', 'C:/x', 'runs/r 1/x'])(
    'rejects %j',
    (key) => {
      expect(() => assertKey(key)).toThrow(/^invalid object key (['"]).*\1: segments between '\/' must be non-empty/);
    },
  );

  it('rejects empty and over-long keys', () => {
    expect(() => assertKey('')).toThrow('invalid object key: it is empty');
    const long = Array.from({ length: 6 }, () => 'x'.repeat(180)).join('/');
    expect(() => assertKey(long)).toThrow(/longer than 1024 characters$/);
  });
});

describe('assertKeyPrefix', () => {
  it("accepts '' and keys with or without a trailing '/'", () => {
    expect(assertKeyPrefix('')).toBe('');
    expect(assertKeyPrefix('runs/r1')).toBe('runs/r1');
    expect(assertKeyPrefix('runs/r1/')).toBe('runs/r1');
  });

  it.each(['/', '../', 'a//', '/runs', 'runs/../x'])('rejects %j', (prefix) => {
    expect(() => assertKeyPrefix(prefix)).toThrow(/^invalid object key prefix/);
  });
});

describe('JSON encoding', () => {
  it('round-trips values exactly', () => {
    const value = { rmse: 0.1 + 0.2, tiny: 1e-300, n: -3, names: ['é', '∑'], nested: { ok: true, none: null } };
    expect(decodeJson('k', encodeJson('k', value))).toEqual(value);
  });

  it('refuses what JSON cannot hold and reports corrupt objects by key', () => {
    expect(() => encodeJson('runs/r1/x.json', undefined)).toThrow("cannot store undefined as JSON under 'runs/r1/x.json'");
    expect(() => decodeJson('runs/r1/x.json', Buffer.from('{"a":'))).toThrow(/^object 'runs\/r1\/x.json' is not valid JSON: /);
    expect(decodeJson('k', null)).toBeNull();
  });
});
