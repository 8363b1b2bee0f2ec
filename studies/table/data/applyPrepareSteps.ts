import { cutColumn } from '../../../src/data/tableSteps/cutColumn.js';
import { dropColumns } from '../../../src/data/tableSteps/dropColumns.js';
import { filterRows } from '../../../src/data/tableSteps/filterRows.js';
import { firstToken } from '../../../src/data/tableSteps/firstToken.js';
import { groupCount } from '../../../src/data/tableSteps/groupCount.js';
import { keepValues } from '../../../src/data/tableSteps/keepValues.js';
import { log1pColumn } from '../../../src/data/tableSteps/log1pColumn.js';
import type { CsvTable } from '../../../src/data/readCsvTable.js';
import { SweepflowError } from '../../../src/sweepflowError.js';
import { edgeValue, type PrepareStep } from './prepareSteps.js';

/** One step on the table. */
export function applyStep(table: CsvTable, step: PrepareStep): CsvTable {
  if ('filter' in step) return filterRows(table, step.filter);
  if ('log1p' in step) return log1pColumn(table, step.log1p, step.as);
  if ('cut' in step) return cutColumn(table, step.cut, step.bins.map(edgeValue), step.labels, step.as);
  if ('keep' in step) return keepValues(table, step.keep, step.values, step.else, step.as);
  if ('groupCount' in step) return groupCount(table, step.groupCount, step.as);
  return firstToken(table, step.firstToken, step.delimiter, step.as);
}

/**
 * The table after the study file's preparation: each step in order on the table the previous one
 * left (a filter before a groupCount counts only the rows it kept), then the dropped columns
 * removed. A step's problem is one line naming the file, the step's index and what it read.
 */
export function applyPrepareSteps(table: CsvTable, steps: readonly PrepareStep[], drop: readonly string[]): CsvTable {
  const prepared = steps.reduce((current, step, i) => {
    const [name, column] = Object.entries(step)[0];
    return naming(`${table.file}: prepare[${i}] (${name} ${column})`, () => applyStep(current, step));
  }, table);
  return naming(`${table.file}: drop`, () => dropColumns(prepared, drop));
}

function naming<T>(where: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof SweepflowError) throw new SweepflowError(`${where}: ${error.message}`);
    throw error;
  }
}
