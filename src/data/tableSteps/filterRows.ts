import type { CsvTable } from '../readCsvTable.js';
import { parseRowFilter, type RowCondition } from './rowFilter.js';
import { numericColumn, textColumn } from './tableColumn.js';

/**
 * The rows for which every comparison of the filter holds (`budget > 0 and original_language == 'en'`).
 * A missing cell compares as pandas' NaN does: only `!=` holds. A number compares with a numeric
 * column (a cell that is not a number is an error), a quoted string with the cell's text.
 */
export function filterRows(table: CsvTable, filter: string): CsvTable {
  const tests = parseRowFilter(filter).map((condition) => conditionTest(table, condition));
  return { ...table, rows: table.rows.filter((_, i) => tests.every((test) => test(i))) };
}

function conditionTest(table: CsvTable, { column, op, value }: RowCondition): (row: number) => boolean {
  const cells: (number | string | null)[] = typeof value === 'number' ? numericColumn(table, column) : textColumn(table, column);
  return (i) => {
    const cell = cells[i];
    if (cell === null) return op === '!=';
    switch (op) {
      case '>':
        return cell > value;
      case '>=':
        return cell >= value;
      case '<':
        return cell < value;
      case '<=':
        return cell <= value;
      case '==':
        return cell === value;
      case '!=':
        return cell !== value;
    }
  };
}
