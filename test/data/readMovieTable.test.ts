import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMovieFrame, readMovieTable } from '../../studies/movies/data/readMovieTable.js';
import { SweepflowError } from '../../src/sweepflowError.js';

const HEADER =
  'movie_id,movie_name,budget,genres,original_language,release_year,revenue,runtime,vote_average,vote_count,lead_actor,keyword_count,user_rating_count';
const ROW = '1,A,100,Drama|Comedy,en,1999,10,90,6.5,10,Ann,3,5';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweepflow-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function failure(path: string): Promise<SweepflowError> {
  const error = await readMovieTable(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SweepflowError);
  expect((error as Error).message).not.toContain('\n');
  return error as SweepflowError;
}

describe('readMovieTable', () => {
  it('reads a well-formed table, empty fields as null', async () => {
    const path = await file('ok.csv', `${HEADER}\n${ROW}\n2,B,0,,fr,,0,,5.0,1,,0,\n`);
    const table = await readMovieTable(path);
    expect(table.records).toHaveLength(2);
    expect(table.records[0]).toMatchObject({ budget: 100, genres: 'Drama|Comedy', line: 2 });
    expect(table.records[1]).toMatchObject({ genres: null, runtime: null, release_year: null, lead_actor: null, line: 3 });
    expect(table.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts a UTF-8 BOM and CRLF line ends', async () => {
    const path = await file('bom.csv', `\uFEFF${HEADER}\r\n${ROW}\r\n`);
    const table = await readMovieTable(path);
    expect(table.records).toHaveLength(1);
    expect(table.records[0].user_rating_count).toBe(5);
  });

  it('reads the bytes a worker holds as it reads the file, and names the given file in errors', async () => {
    const content = `${HEADER}\n${ROW}\n2,B,0,,fr,,0,,5.0,1,,0,\n`;
    const fromFile = await readMovieTable(await file('same.csv', content));
    const fromBytes = await readMovieTable({ name: 'users/movies.csv', bytes: Buffer.from(content) });
    expect(fromBytes.records).toEqual(fromFile.records);
    expect(fromBytes.sha256).toBe(fromFile.sha256);
    const error = await readMovieTable({ name: 'users/movies.csv', bytes: Buffer.from(`${HEADER}\n1,A,x\n`) }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('users/movies.csv:2: expected 13 fields, found 3');
  });

  it('names a missing file', async () => {
    expect((await failure(join(dir, 'nope.csv'))).message).toBe(`${join(dir, 'nope.csv')}: file not found`);
  });

  it('names an empty file', async () => {
    const path = await file('empty.csv', '');
    expect((await failure(path)).message).toBe(`${path}: file is empty`);
  });

  it('names a header-only file', async () => {
    const path = await file('header.csv', `${HEADER}\n`);
    expect((await failure(path)).message).toBe(`${path}: header only, no data rows`);
  });

  it('names a missing required column', async () => {
    const path = await file('missing.csv', `${HEADER.replace(',runtime', '')}\n${ROW.replace(',90', '')}\n`);
    expect((await failure(path)).message).toBe(`${path}:1: missing required column 'runtime'`);
  });

  it('names file, line and column of a non-numeric value', async () => {
    const path = await file('text.csv', `${HEADER}\n${ROW}\n${ROW.replace('6.5', 'great')}\n`);
    expect((await failure(path)).message).toBe(`${path}:3: column 'vote_average': 'great' is not a number`);
  });

  it('names an unterminated quote', async () => {
    const path = await file('quote.csv', `${HEADER}\n${ROW}\n3,"Open,100,Drama,en,1999,10,90,6.5,10,Ann,3,5\n`);
    expect((await failure(path)).message).toMatch(new RegExp(`^${path}:\\d+: unterminated quoted field$`));
  });

  it('refuses NaN and Infinity text, out-of-range and negative amounts', async () => {
    const nan = await file('nan.csv', `${HEADER}\n${ROW.replace('6.5', 'NaN')}\n`);
    expect((await failure(nan)).message).toBe(`${nan}:2: column 'vote_average': 'NaN' is not a number`);
    const inf = await file('inf.csv', `${HEADER}\n${ROW.replace(',90,', ',Infinity,')}\n`);
    expect((await failure(inf)).message).toBe(`${inf}:2: column 'runtime': 'Infinity' is not a number`);
    const huge = await file('huge.csv', `${HEADER}\n${ROW.replace('1,A,100', '1,A,1e308')}\n`);
    expect((await failure(huge)).message).toContain(`${huge}:2: column 'budget': 1e308 is out of range`);
    const negative = await file('neg.csv', `${HEADER}\n${ROW.replace('1,A,100', '1,A,-5')}\n`);
    expect((await failure(negative)).message).toBe(`${negative}:2: column 'budget': -5 is negative`);
  });

  it('refuses a duplicated header, a short row and binary garbage', async () => {
    const dup = await file('dup.csv', `${HEADER},budget\n${ROW},1\n`);
    expect((await failure(dup)).message).toBe(`${dup}:1: duplicated column 'budget' in header`);
    const short = await file('short.csv', `${HEADER}\n${ROW}\n1,2,3\n`);
    expect((await failure(short)).message).toBe(`${short}:3: expected 13 fields, found 3`);
    const binary = await file('binary.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x0a]));
    expect((await failure(binary)).message).toBe(`${binary}: binary data (NUL byte), not a CSV text file`);
  });

  it('reports the problem the whole file has first: a malformed record, then the header, then a row\'s width, then a value', async () => {
    const bad = ROW.replace('6.5', 'great');
    const message = async (text: string) => (await failure(await file('order.csv', text))).message.replace(/^.*order\.csv/, '');
    expect(await message(`${HEADER}\n${bad}\n${ROW}\n1,2\n`)).toBe(':4: expected 13 fields, found 2');
    expect(await message(`${HEADER}\n${bad}\n${ROW}\n${ROW.replace('Ann', 'A"nn')}\n`)).toMatch(/^:4: stray quote in field 11/);
    expect(await message(`${HEADER.replace(',runtime', ',budget')}\n${ROW}\n1,2\n`)).toBe(":1: duplicated column 'budget' in header");
    expect(await message(`${HEADER.replace(',runtime', ',budget')}\n${ROW}\n"open\n`)).toBe(':3: unterminated quoted field');
    expect(await message(`${HEADER}\n${ROW}\n${bad}\n${ROW.replace('1,A,100', '1,A,-5')}\n`)).toBe(":3: column 'vote_average': 'great' is not a number");
    expect(await message(`${HEADER.replace(',runtime', '')}\n`)).toBe(":1: missing required column 'runtime'");
  });

  it('reads by columns what it reads as records, and refuses the same with the same message', async () => {
    const texts = [
      `${HEADER}\n${ROW}\n2,B,0,,fr,,0,,5.0,1,,0,\n3,C, 7 ,|x, de ,2019,1e3,-0,-2.5,4,Bo,1,2\n`,
      `${HEADER}\n${ROW.replace('6.5', 'great')}\n1,2\n`,
      `${HEADER}\n${ROW.replace('1,A,100', '1,A,-5')}\n`,
      `${HEADER}\n${ROW.replace(',90,', ',0x1F,')}\n`,
      `${HEADER.replace(',runtime', '')}\n${ROW}\n`,
      `${HEADER}\n`,
      // movie_name is not read, and still checked: its quotes, and the lines a quoted field spans.
      `${HEADER}\n${ROW.replace('1,A,', '1,A"x,')}\n`,
      `${HEADER}\n${ROW.replace('1,A,', '1,"A"x,')}\n`,
      `${HEADER}\n${ROW.replace('1,A,', '1,"A ""x""\ny",')}\n${ROW.replace('6.5', 'great')}\n`,
    ];
    for (const text of texts) {
      const source = { name: 'same.csv', bytes: Buffer.from(text) };
      const records = await readMovieTable(source).then((t) => t.records, (e: Error) => e.message);
      const frame = await readMovieFrame(source).then((t) => t.frame, (e: Error) => e.message);
      if (typeof records === 'string' || typeof frame === 'string') {
        expect(frame).toBe(records);
        continue;
      }
      expect(frame.rows).toBe(records.length);
      records.forEach((record, i) => {
        const numbers = Array.from(frame.numbers.subarray(i * 8, i * 8 + 8));
        expect(numbers).toEqual([record.budget, record.revenue, record.runtime, record.release_year, record.vote_average, record.vote_count, record.keyword_count, record.user_rating_count].map((v) => v ?? NaN));
        const text = (column: 'genres' | 'original_language' | 'lead_actor') => {
          const code = frame.texts[column].codes[i];
          return code < 0 ? null : frame.texts[column].levels[code];
        };
        expect([text('genres'), text('original_language'), text('lead_actor')]).toEqual([record.genres, record.original_language, record.lead_actor]);
      });
    }
  });

  it('refuses a record over the size limit instead of buffering it', async () => {
    const path = await file('long.csv', `${HEADER}\n${ROW.replace('Ann', 'x'.repeat(2_000_000))}\n`);
    expect((await failure(path)).message).toMatch(/record longer than \d+ bytes$/);
  });
});
