import { SweepflowError } from '../../sweepflowError.js';
import type { CsvTable } from '../readCsvTable.js';
import { numericColumn, withColumn } from './tableColumn.js';

/**
 * pd.cut(column, bins, labels=labels, right=True) into `as`: value v gets labels[i] when
 * bins[i] < v ≤ bins[i + 1]; a value outside (bins[0], bins[last]] or missing is missing.
 * Bins are strictly increasing (±Infinity allowed) and there is one label per interval.
 */
export function cutColumn(table: CsvTable, column: string, bins: readonly number[], labels: readonly string[], as: string): CsvTable {
  if (bins.length < 2) throw new SweepflowError(`cut needs at least 2 bin edges, has ${bins.length}`);
  const [issue] = cutIssues(bins, labels);
  if (issue !== undefined) throw new SweepflowError(issue.field === 'bins' ? `bins [${bins.join(', ')}] ${issue.message}` : issue.message);
  const values = numericColumn(table, column).map((value) => {
    if (value === null || !(value > bins[0])) return null;
    const bin = bins.findIndex((upper, i) => i > 0 && value <= upper);
    return bin < 0 ? null : labels[bin - 1];
  });
  return withColumn(table, as, values);
}

/** What is wrong with a cut's edges and labels, by the field it is in (a study file's schema reports them there too). */
export function cutIssues(bins: readonly number[], labels: readonly string[]): { readonly field: 'bins' | 'labels'; readonly message: string }[] {
  const issues: { field: 'bins' | 'labels'; message: string }[] = [];
  if (bins.some((edge, i) => i > 0 && !(edge > bins[i - 1]))) issues.push({ field: 'bins', message: 'are not strictly increasing' });
  if (labels.length !== bins.length - 1) {
    issues.push({ field: 'labels', message: `${bins.length} bin edges make ${bins.length - 1} intervals, but ${labels.length} labels are given` });
  }
  return issues;
}
