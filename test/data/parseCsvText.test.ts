import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES, parseCsvText } from '../../src/data/parseCsvText.js';

const fields = (text: string) => parseCsvText(text, 'f.csv').map((r) => r.fields);
const lines = (text: string) => parseCsvText(text, 'f.csv').map((r) => r.line);
const failure = (text: string) => {
  try {
    parseCsvText(text, 'f.csv');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parsed without an error');
};

describe('parseCsvText', () => {
  it('splits fields and records, with or without a final line end', () => {
    expect(fields('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fields('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fields('a,,\n,x,')).toEqual([['a', '', ''], ['', 'x', '']]);
  });

  it('reads quoted fields holding commas, doubled quotes and line ends', () => {
    expect(fields('"a,b","say ""hi""",""\n"two\nlines",x\n')).toEqual([['a,b', 'say "hi"', ''], ['two\nlines', 'x']]);
  });

  it('skips a BOM and empty lines, and keeps whitespace-only fields', () => {
    expect(fields('\ufeffa\n\n\nb\n \n')).toEqual([['a'], ['b'], [' ']]);
    expect(fields('""\n')).toEqual([['']]);
  });

  it('takes the file\'s line end from the first one outside quotes', () => {
    expect(fields('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fields('a\rb\r')).toEqual([['a'], ['b']]);
    // In an LF file a lone CR is text, as in a CRLF file a lone LF is.
    expect(fields('a\nb\rc\n')).toEqual([['a'], ['b\rc']]);
    expect(fields('a\r\nb\nc\r\n')).toEqual([['a'], ['b\nc']]);
  });

  it('finds the line end outside quotes even when a quoted field of the first record holds one', () => {
    expect(fields('a,"x\ry"\nb,c\n')).toEqual([['a', 'x\ry'], ['b', 'c']]);
    expect(fields('a,"x\ny"\r\nb\r\n')).toEqual([['a', 'x\ny'], ['b']]);
  });

  it('numbers records by the line they start on, past empty lines and quoted line ends', () => {
    expect(lines('h\n\n"x\r\ny"\n\nz\n')).toEqual([1, 3, 6]);
    expect(lines('h\r\n\r\na\r\n')).toEqual([1, 3]);
  });

  it('names the line a malformed record began on', () => {
    expect(failure('h\nok\n\n"open,\nmore\nlines\n')).toBe('f.csv:4: unterminated quoted field');
    expect(failure('h\nab"c\n')).toMatch(/^f\.csv:2: stray quote in field 1: /);
    expect(failure('h,i\nx,"a"b\n')).toMatch(/^f\.csv:2: stray quote in field 2: a closing quote must be followed by a comma or a line end$/);
  });

  it('refuses a record longer than the limit, counted in UTF-8 bytes', () => {
    const wide = 'é'.repeat(MAX_RECORD_BYTES / 2 + 1);
    expect(failure(`h\nok\n${wide}\n`)).toBe(`f.csv:3: record longer than ${MAX_RECORD_BYTES} bytes`);
    expect(failure(`h\n"${'x'.repeat(MAX_RECORD_BYTES + 1)}`)).toBe(`f.csv:2: record longer than ${MAX_RECORD_BYTES} bytes`);
    expect(fields(`${'x'.repeat(MAX_RECORD_BYTES - 1)}\n`)[0][0]).toHaveLength(MAX_RECORD_BYTES - 1);
  });
});
