import { describe, expect, it } from 'vitest';
import type { CsvTable } from '../../src/data/readCsvTable.js';
import { cutColumn } from '../../src/data/tableSteps/cutColumn.js';
import { dropColumns } from '../../src/data/tableSteps/dropColumns.js';
import { filterRows } from '../../src/data/tableSteps/filterRows.js';
import { firstToken } from '../../src/data/tableSteps/firstToken.js';
import { groupCount } from '../../src/data/tableSteps/groupCount.js';
import { keepValues } from '../../src/data/tableSteps/keepValues.js';
import { log1pColumn } from '../../src/data/tableSteps/log1pColumn.js';

/** A table as readCsvTable gives it: data row i on line i + 2. */
function table(header: string[], ...rows: string[][]): CsvTable {
  return { file: 't.csv', sha256: '0'.repeat(64), header, rows: rows.map((fields, i) => ({ line: i + 2, fields })) };
}

const column = (t: CsvTable, name: string) => t.rows.map((row) => row.fields[t.header.indexOf(name)]);
const films = table(
  ['budget', 'lang', 'genres', 'actor', 'year'],
  ['10', 'en', 'Drama|Crime', 'A', '1919'],
  ['0', 'fr', 'Comedy', 'B', '1920'],
  ['', 'xx', '', '', '2019'],
  ['5.5', '', 'Action|Drama', 'A', '2020'],
  ['-1', 'en', 'Drama', 'A', '0'],
);

describe('filterRows', () => {
  it('keeps the rows where every comparison holds, with the rows\' own lines', () => {
    const kept = filterRows(films, "budget > 0 and lang == 'en'");
    expect(kept.rows.map((r) => r.line)).toEqual([2]);
    expect(kept.header).toEqual(films.header);
  });

  it('a missing cell satisfies only != (pandas NaN)', () => {
    expect(filterRows(films, 'budget >= 0').rows.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(filterRows(films, 'budget != 0').rows.map((r) => r.line)).toEqual([2, 4, 5, 6]);
    expect(filterRows(films, "lang != 'en'").rows.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(filterRows(films, 'budget <= -1').rows.map((r) => r.line)).toEqual([6]);
  });

  it('refuses an unknown column and a number compared with text', () => {
    expect(() => filterRows(films, 'revenue > 0')).toThrow("no column 'revenue' (columns: budget, lang, genres, actor, year)");
    expect(() => filterRows(films, 'lang > 0')).toThrow("column 'lang' is not numeric: 'en' on line 2");
  });
});

describe('log1pColumn', () => {
  it('is Math.log1p (np.log1p) into a new column; missing stays missing', () => {
    const t = log1pColumn(filterRows(films, 'budget >= 0'), 'budget', 'log_budget');
    expect(t.header.at(-1)).toBe('log_budget');
    expect(column(t, 'log_budget').map((v) => (v === '' ? null : Number(v)))).toEqual([Math.log1p(10), 0, Math.log1p(5.5)]);
    expect(t.rows.length).toBe(3);
  });

  it('writes doubles that read back exactly', () => {
    const t = log1pColumn(table(['x'], ['0.1'], ['123456.789']), 'x', 'x');
    expect(t.header).toEqual(['x']);
    expect(column(t, 'x').map(Number)).toEqual([Math.log1p(0.1), Math.log1p(123456.789)]);
  });

  it('refuses a value with no finite log1p', () => {
    expect(() => log1pColumn(films, 'budget', 'b')).toThrow("column 'budget': log1p(-1) is not finite (line 6)");
  });
});

describe('cutColumn (pd.cut, right-inclusive)', () => {
  it('labels (b[i], b[i+1]]; outside the bins or missing is missing', () => {
    const t = cutColumn(films, 'year', [0, 1919, 2019], ['old', 'new'], 'era');
    expect(column(t, 'era')).toEqual(['old', 'new', 'new', '', '']);
  });

  it('takes infinite edges', () => {
    const t = cutColumn(films, 'year', [-Infinity, 1919, Infinity], ['old', 'new'], 'era');
    expect(column(t, 'era')).toEqual(['old', 'new', 'new', 'new', 'old']);
  });

  it('refuses too few edges, unordered edges and a label count that is not one per interval', () => {
    expect(() => cutColumn(films, 'year', [0], [], 'e')).toThrow('cut needs at least 2 bin edges, has 1');
    expect(() => cutColumn(films, 'year', [0, 5, 5], ['a', 'b'], 'e')).toThrow('bins [0, 5, 5] are not strictly increasing');
    expect(() => cutColumn(films, 'year', [0, 5, 9], ['a'], 'e')).toThrow('3 bin edges make 2 intervals, but 1 labels are given');
    expect(() => cutColumn(films, 'lang', [0, 5], ['a'], 'e')).toThrow("column 'lang' is not numeric: 'en' on line 2");
  });
});

describe('keepValues', () => {
  it('keeps listed values, everything else (missing too) becomes the other label', () => {
    expect(column(keepValues(films, 'lang', ['en', 'fr'], 'Other', 'lang_group'), 'lang_group')).toEqual(['en', 'fr', 'Other', 'Other', 'en']);
  });
});

describe('groupCount', () => {
  it('counts the rows sharing each value among the rows present; a missing key has no count', () => {
    expect(column(groupCount(films, 'actor', 'n'), 'n')).toEqual(['3', '1', '', '3', '3']);
    // After a filter, only the rows it kept are counted.
    expect(column(groupCount(filterRows(films, 'budget > 0'), 'actor', 'n'), 'n')).toEqual(['2', '2']);
  });
});

describe('firstToken', () => {
  it('is the text before the first delimiter; missing stays missing', () => {
    expect(column(firstToken(films, 'genres', '|', 'g'), 'g')).toEqual(['Drama', 'Comedy', '', 'Action', 'Drama']);
  });
});

describe('dropColumns', () => {
  it('removes the named columns and refuses one the table lacks', () => {
    const t = dropColumns(films, ['genres', 'budget']);
    expect(t.header).toEqual(['lang', 'actor', 'year']);
    expect(t.rows[0].fields).toEqual(['en', 'A', '1919']);
    expect(() => dropColumns(films, ['nope'])).toThrow("no column 'nope'");
  });
});
