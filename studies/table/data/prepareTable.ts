import { cellNumber } from '../../../src/data/cellNumber.js';
import type { Design } from '../../../src/data/design.js';
import { locate } from '../../../src/data/locate.js';
import { numericTable } from '../../../src/data/numericTable.js';
import { oneHotDropFirst } from '../../../src/data/oneHot.js';
import type { CsvTable } from '../../../src/data/readCsvTable.js';
import { SweepflowError } from '../../../src/sweepflowError.js';
import type { TableSpec } from '../tableConfig.js';
import { applyPrepareSteps } from './applyPrepareSteps.js';

/** A table's designs for the recipe, with its counts (results.json's dataset). */
export interface PreparedDesigns {
  readonly target: string;
  /** The numeric predictors, in design order. */
  readonly features: readonly string[];
  readonly counts: { rows: number; rowsPrepared?: number; rowsUsed: number; rowsNumeric: number; rowsCategorical?: number };
  /** Target and numeric predictors present: every model but OLS full fits on it. */
  readonly numeric: Design;
  /** Only with categoricals: the numeric predictors then the dummies, on rows where every categorical is present too. */
  readonly full?: Design;
}

/**
 * The notebook's preparation on any table: the study file's steps (filters, derived columns,
 * dropped columns), then the target, the numeric predictors (named, or every numeric column but
 * the target and the categoricals) and the categoricals' dummies, rows with a missing value
 * dropped per design. Bad input throws one line naming file, column (or step) and problem.
 */
export function prepareTable(csv: CsvTable, spec: TableSpec): PreparedDesigns {
  const table = applyPrepareSteps(csv, spec.prepare ?? [], spec.drop ?? []);
  const { file, header, rows } = table;
  const target = spec.target;
  if (target === undefined) throw new SweepflowError(`${file}: this study needs --target COLUMN, the numeric column to predict`);
  const columnIndex = (name: string, option: string) => {
    const j = header.indexOf(name);
    if (j < 0) throw new SweepflowError(`${locate(file, 1)}: column '${name}' (${option}) is not in the table (columns: ${header.join(', ')})`);
    return j;
  };
  const targetIndex = columnIndex(target, '--target');
  const categorical = spec.categorical.map((name) => ({ name, index: columnIndex(name, '--categorical') }));
  for (const name of [...(spec.features ?? []), ...spec.categorical]) {
    if (name === target) throw new SweepflowError(`${locate(file, 1, name)}: the target cannot also be a predictor`);
  }
  for (const name of spec.features ?? []) {
    if (spec.categorical.includes(name)) throw new SweepflowError(`${locate(file, 1, name)}: named in both --features and --categorical`);
  }
  const firstNonNumber = (j: number) => rows.find((row) => cellNumber(row.fields[j]) === undefined);

  const notNumber = firstNonNumber(targetIndex);
  if (notNumber !== undefined) {
    throw new SweepflowError(`${locate(file, notNumber.line, target)}: the target must be numeric, '${notNumber.fields[targetIndex]}' is not a number`);
  }
  const features =
    spec.features?.map((name) => ({ name, index: columnIndex(name, '--features') })) ??
    header.flatMap((name, index) =>
      index === targetIndex || spec.categorical.includes(name) || firstNonNumber(index) !== undefined ? [] : [{ name, index }],
    );
  if (features.length === 0) throw new SweepflowError(`${file}: no numeric column besides the target '${target}' to predict it from`);
  for (const { name, index } of features) {
    const bad = firstNonNumber(index);
    if (bad !== undefined) {
      throw new SweepflowError(
        `${locate(file, bad.line, name)}: a predictor must be numeric, '${bad.fields[index]}' is not a number (name it in --categorical, or leave it out of --features)`,
      );
    }
  }

  const used = rows.filter((row) => cellNumber(row.fields[targetIndex]) !== null);
  const numericRows = used.filter((row) => features.every(({ index }) => cellNumber(row.fields[index]) !== null));
  const designOf = (selected: typeof rows) => ({
    X: numericTable(
      features.map((f) => f.name),
      Float64Array.from(selected.flatMap((row) => features.map(({ index }) => cellNumber(row.fields[index])!))),
    ),
    y: Float64Array.from(selected, (row) => cellNumber(row.fields[targetIndex])!),
  });
  const numeric = designOf(numericRows);
  // rowsPrepared: what the study file's steps left of the CSV's rows (their filters).
  const prepared = spec.prepare === undefined ? {} : { rowsPrepared: rows.length };
  const counts = { rows: csv.rows.length, ...prepared, rowsUsed: used.length, rowsNumeric: numericRows.length };
  const base = { target, features: features.map((f) => f.name), numeric };
  if (categorical.length === 0) return { ...base, counts };

  const fullRows = numericRows.filter((row) => categorical.every(({ index }) => row.fields[index].trim() !== ''));
  const numericPart = designOf(fullRows);
  const dummies = categorical.map(({ name, index }) => {
    const values = fullRows.map((row) => row.fields[index]);
    const levels = new Set(values).size;
    if (levels > spec.maxLevels) {
      throw new SweepflowError(`${locate(file, undefined, name)}: ${levels} levels, more than the limit of ${spec.maxLevels} for a categorical (table.maxLevels in --config)`);
    }
    return oneHotDropFirst(name, values);
  });
  const width = features.length + dummies.reduce((n, d) => n + d.names.length, 0);
  const data = new Float64Array(fullRows.length * width);
  for (let i = 0; i < fullRows.length; i++) {
    data.set(numericPart.X.data.subarray(i * features.length, (i + 1) * features.length), i * width);
    let offset = features.length;
    for (const dummy of dummies) {
      if (dummy.hot[i] >= 0) data[i * width + offset + dummy.hot[i]] = 1;
      offset += dummy.names.length;
    }
  }
  const full = { X: numericTable([...base.features, ...dummies.flatMap((d) => d.names)], data), y: numericPart.y };
  return { ...base, counts: { ...counts, rowsCategorical: fullRows.length }, full };
}
