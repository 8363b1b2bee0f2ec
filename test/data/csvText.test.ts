import { describe, expect, it } from 'vitest';
import { CsvText } from '../../src/data/csvText.js';

/** A seeded mix of ASCII and 2-, 3- and 4-byte UTF-8 chars. */
function mixedText(length: number, seed: number): string {
  const chars = ['a', ',', '"', '\n', ' ', '1', '\u00e9', '\u00a0', '\u20ac', '\uff5e', '\u{1f600}'];
  let state = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 48271) % 2147483647;
    text += chars[state % chars.length];
  }
  return text;
}

describe('CsvText', () => {
  it('gives every span between ASCII bytes as its part of the decoded whole, at any byte alignment', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const decoded = mixedText(200, seed);
      for (let offset = 0; offset < 4; offset++) {
        // A buffer that starts `offset` bytes into its memory, as a slice of a pooled buffer does.
        const bytes = Buffer.concat([Buffer.alloc(offset), Buffer.from(decoded)]).subarray(offset);
        const text = CsvText.ofBytes(bytes);
        const ascii = [...text.text].flatMap((c, i) => (c.charCodeAt(0) < 0x80 ? [i] : []));
        for (let k = 0; k + 1 < ascii.length; k += 3) {
          const [start, end] = [ascii[k], ascii[k + 1 + ((seed + k) % Math.min(5, ascii.length - k - 1))]];
          expect(text.span(start, end)).toBe(bytes.toString('utf8', start, end));
          expect(text.byteLength(start, end)).toBe(end - start);
        }
        expect(text.span(0, bytes.length)).toBe(decoded);
      }
    }
  });

  it('reads ASCII spans as one-byte latin1 and skips a byte-order mark', () => {
    const text = CsvText.ofBytes(Buffer.from('\ufeffab,\u00e9\n'));
    expect(text.start).toBe(3);
    expect(text.span(3, 5)).toBe('ab');
    expect(text.span(6, 8)).toBe('\u00e9');
    expect(CsvText.ofString('\ufeffab').start).toBe(1);
  });

  it('decodes bytes that are not UTF-8 whole, bad sequences as U+FFFD', () => {
    const bytes = Buffer.from([0x61, 0xff, 0x2c, 0xc3, 0x0a]);
    const text = CsvText.ofBytes(bytes);
    expect(text.text).toBe(bytes.toString('utf8'));
    expect(text.span(0, 2)).toBe('a\ufffd');
    expect(text.byteLength(0, 2)).toBe(4);
  });
});
