import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/data/parseCsvText.js';

/**
 * The parser's documented rules written again the slow, plain way: the file's line end is the
 * first LF, CRLF or CR outside quotes; records and errors must come out the same.
 */
function reference(text: string): { line: number; fields: string[] }[] {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineEnd: string | undefined;
  for (let i = pos, quoted = false; i < text.length && lineEnd === undefined; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && (text[i] === '\n' || text[i] === '\r')) lineEnd = text[i] === '\n' ? '\n' : text[i + 1] === '\n' ? '\r\n' : '\r';
  }
  const isEnd = (i: number) => lineEnd !== undefined && text.startsWith(lineEnd, i);
  let line = 1;
  const records = [];
  while (pos < text.length) {
    if (isEnd(pos)) {
      pos += lineEnd!.length;
      line++;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[pos] === '"') {
        for (let i = pos + 1; ; ) {
          const close = text.indexOf('"', i);
          if (close < 0) throw new Error(`f.csv:${recordLine}: unterminated quoted field`);
          for (let k = i; k < close; k++) {
            if (text[k] === '\n') line++;
            else if (text[k] === '\r') {
              line++;
              if (text[k + 1] === '\n') k++;
            }
          }
          if (text[close + 1] === '"') {
            value += text.slice(i, close + 1);
            i = close + 2;
            continue;
          }
          value += text.slice(i, close);
          pos = close + 1;
          if (pos < text.length && text[pos] !== ',' && !isEnd(pos)) {
            throw new Error(`f.csv:${line}: stray quote in field ${fields.length + 1}: a closing quote must be followed by a comma or a line end`);
          }
          break;
        }
      } else {
        let i = pos;
        for (; i < text.length && text[i] !== ',' && !isEnd(i); i++) {
          if (text[i] === '"') {
            throw new Error(`f.csv:${line}: stray quote in field ${fields.length + 1}: a field with quotes must be quoted whole, with each quote inside doubled`);
          }
        }
        value = text.slice(pos, i);
        pos = i;
      }
      fields.push(value);
      if (pos >= text.length) break;
      if (text[pos] === ',') {
        pos++;
        if (pos >= text.length) {
          fields.push('');
          break;
        }
        continue;
      }
      pos += lineEnd!.length;
      line++;
      break;
    }
    records.push({ line: recordLine, fields });
  }
  return records;
}

const outcome = (parse: (text: string) => unknown, text: string) => {
  try {
    return parse(text);
  } catch (error) {
    return (error as Error).message;
  }
};

describe('parseCsvText against a plain reference', () => {
  it('reads 30k seeded texts of quotes, commas, line ends and non-ASCII chars as the reference does', () => {
    const tokens = [',', ',', '"', '"', '""', '\n', '\r', '\r\n', 'a', 'b', ' ', '\ufeff', '\u00e9', '\u{1f600}'];
    let state = 777;
    const next = () => (state = (state * 48271) % 2147483647);
    for (let n = 0; n < 30_000; n++) {
      let text = '';
      for (let k = 1 + (next() % 25); k > 0; k--) text += tokens[next() % tokens.length];
      const got = outcome((t) => parseCsvText(t, 'f.csv'), text);
      const want = outcome(reference, text);
      if (JSON.stringify(got) !== JSON.stringify(want)) expect({ text, got }).toEqual({ text, got: want });
    }
  });
});
