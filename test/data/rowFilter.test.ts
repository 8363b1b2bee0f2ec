import { describe, expect, it } from 'vitest';
import { parseRowFilter } from '../../src/data/tableSteps/rowFilter.js';

describe('parseRowFilter: comparisons joined by and, no eval', () => {
  it('parses a comparison of a column with a number', () => {
    expect(parseRowFilter('budget > 0')).toEqual([{ column: 'budget', op: '>', value: 0 }]);
  });

  it('parses every operator, signs, decimals and exponents', () => {
    expect(parseRowFilter('a>=-1.5 and b<=2e3 and c<.5 and d==+7 and e!=0')).toEqual([
      { column: 'a', op: '>=', value: -1.5 },
      { column: 'b', op: '<=', value: 2000 },
      { column: 'c', op: '<', value: 0.5 },
      { column: 'd', op: '==', value: 7 },
      { column: 'e', op: '!=', value: 0 },
    ]);
  });

  it('parses quoted strings (single or double) and backquoted column names', () => {
    expect(parseRowFilter(`original_language == 'en' and \`lead actor\` != "Tom Hanks"`)).toEqual([
      { column: 'original_language', op: '==', value: 'en' },
      { column: 'lead actor', op: '!=', value: 'Tom Hanks' },
    ]);
  });

  it.each([
    ['', "filter '': expected a column name at the end"],
    ['budget', "filter 'budget': expected a comparison (> >= < <= == !=) at the end"],
    ['budget >', "filter 'budget >': expected a number or a quoted string at the end"],
    ['budget = 0', "filter 'budget = 0': unexpected '=' (character 8)"],
    ['budget > 0 or revenue > 0', "filter 'budget > 0 or revenue > 0': expected 'and' or the end at 'or' (character 12)"],
    ['budget > 0 and', "filter 'budget > 0 and': expected a column name at the end"],
    ['budget > revenue', "filter 'budget > revenue': expected a number or a quoted string at 'revenue' (character 10)"],
    ["genres > 'Drama'", "filter 'genres > 'Drama'': a quoted string compares with == or != only, not '>'"],
    ['process.exit(1) > 0', "filter 'process.exit(1) > 0': unexpected '.' (character 8)"],
    ["name == 'unclosed", "filter 'name == 'unclosed': unexpected ''' (character 9)"],
    ['budget > 1e', "filter 'budget > 1e': unexpected '1' (character 10)"],
  ])('refuses %j', (text, message) => {
    expect(() => parseRowFilter(text)).toThrow(message);
  });
});
